#pragma once
// Why this file exists: the sockets of the simulated network. One wildcard listener serves every
// virtual node (the dialed address, read back with getsockname, says which node was meant), so
// 100,000 nodes fit under a 20,000 open-file limit; outside a private network namespace, where a
// wildcard would answer on real interfaces, it falls back to one listener per node. Under --churn
// each node has its own listener too, closed while the node is down, so that a dial is refused as
// it is by a host where nothing listens.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "sim/churn.h"
#include "sim/counters.h"
#include "sim/world.h"
#include "wire/frame.h"

namespace sim {

// True when loopback is the only network interface (/proc/net/dev): we are inside `unshare -n`
// and 0.0.0.0 reaches nothing but loopback.
bool OnlyLoopbackInterface();

// Plays `node` on a connected socket until it ends: how the SOCKS5 and SAM bridges and the IPv6
// listeners (sim/networks.h) hand over a stream once they know which node was asked for. Not
// counted in the node's counters, which are those of its IPv4 address, and not subject to churn.
asio::awaitable<void> ServeNode(asio::ip::tcp::socket socket, const World& world, wire::Magic magic, uint32_t node);

// A listening socket on `endpoint` (address reuse, a deep backlog for thousands of dials at once);
// throws std::system_error "cannot listen on HOST:PORT".
asio::ip::tcp::acceptor OpenListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint);

class Server {
public:
    // With `churn`, every node follows its schedule (sim/churn.h) on that clock.
    Server(asio::io_context& io, const World& world, const wire::Magic& magic,
           std::optional<ChurnClock> churn = std::nullopt);

    // Opens the listeners: one on 0.0.0.0:port when `wildcard` (ignored under churn), else one per
    // virtual node (under churn: per node that is up now). Throws std::system_error naming the
    // address that could not be bound.
    void Listen(bool wildcard);
    // Starts accepting on every listener (and, under churn, following every node's schedule);
    // connections are served on the io_context's thread.
    void Start();
    // Per node, in index order.
    const std::vector<NodeCounters>& Counters() const { return m_counters; }

private:
    asio::awaitable<void> AcceptLoop(asio::ip::tcp::acceptor& acceptor, std::optional<uint32_t> fixed_node);
    asio::awaitable<void> FollowSchedule(asio::ip::tcp::acceptor& acceptor, uint32_t node);
    bool Reopen(asio::ip::tcp::acceptor& acceptor, uint32_t node);
    asio::ip::tcp::endpoint EndpointOfNode(uint32_t node) const;

    asio::io_context& m_io;
    const World& m_world;
    wire::Magic m_magic;
    std::optional<ChurnClock> m_churn;
    std::vector<NodeCounters> m_counters;
    // Set for per-node listeners: which node each acceptor plays.
    std::vector<uint32_t> m_acceptor_nodes;
    // Never resized once listening: the accept loops hold references. Under churn a down node's
    // acceptor is closed.
    std::vector<asio::ip::tcp::acceptor> m_acceptors;
    bool m_accept_warned{false};
    bool m_reopen_warned{false};
};

}  // namespace sim
