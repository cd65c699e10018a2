#pragma once
// Why this file exists: the sockets of the simulated network. One wildcard listener serves every
// virtual node (the dialed address, read back with getsockname, says which node was meant), so
// 100,000 nodes fit under a 20,000 open-file limit; outside a private network namespace, where a
// wildcard would answer on real interfaces, it falls back to one listener per node.
#include <cstdint>
#include <memory>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "sim/world.h"
#include "wire/frame.h"

namespace sim {

// True when loopback is the only network interface (/proc/net/dev): we are inside `unshare -n`
// and 0.0.0.0 reaches nothing but loopback.
bool OnlyLoopbackInterface();

// Plays `node` on a connected socket until it ends: how the SOCKS5 and SAM bridges and the IPv6
// listeners (sim/networks.h) hand over a stream once they know which node was asked for.
asio::awaitable<void> ServeNode(asio::ip::tcp::socket socket, const World& world, wire::Magic magic, uint32_t node);

// A listening socket on `endpoint` (address reuse, a deep backlog for thousands of dials at once);
// throws std::system_error "cannot listen on HOST:PORT".
asio::ip::tcp::acceptor OpenListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint);

class Server {
public:
    Server(asio::io_context& io, const World& world, const wire::Magic& magic);

    // Opens the listeners: one on 0.0.0.0:port when `wildcard`, else one per virtual node.
    // Throws std::system_error naming the address that could not be bound.
    void Listen(bool wildcard);
    // Starts accepting on every listener; connections are served on the io_context's thread.
    void Start();

private:
    asio::io_context& m_io;
    const World& m_world;
    wire::Magic m_magic;
    // Set for per-node listeners: which node each acceptor plays.
    std::vector<uint32_t> m_acceptor_nodes;
    std::vector<asio::ip::tcp::acceptor> m_acceptors;
};

}  // namespace sim
