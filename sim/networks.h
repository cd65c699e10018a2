#pragma once
// Why this file exists: btcsim's nodes on the networks a crawler cannot reach with a plain TCP
// connect to 127.x: loopback IPv6 (--ipv6), Tor (--socks5: btcsim plays Tor's SOCKS port) and I2P
// (--sam: btcsim plays a SAM v3.1 bridge). Each reachable exotic address leads to the good node
// World::AliasOf() names, served by the same code as its IPv4 listener (ServeNode). Every socket
// here is bound to loopback.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "sim/world.h"
#include "wire/address.h"
#include "wire/frame.h"

namespace sim {

// Which node each reachable Tor v3 / I2P / loopback-IPv6 exotic endpoint plays.
class Aliases {
public:
    explicit Aliases(const World& world);
    // Tor and I2P addresses, whatever the port (Tor names a service, I2P has no ports).
    std::optional<uint32_t> NodeOf(const wire::NetAddress& address) const;
    std::optional<uint32_t> NodeOf(const wire::Endpoint& endpoint) const;  // IPv6 [::1]:port

private:
    std::unordered_map<wire::NetAddress, uint32_t, wire::NetAddressHash> m_by_address;
    std::unordered_map<wire::Endpoint, uint32_t, wire::EndpointHash> m_by_endpoint;
};

class SamBridge;

class Networks {
public:
    Networks(asio::io_context& io, const World& world, const wire::Magic& magic);
    ~Networks();
    // Each opens its listeners and starts accepting; throws std::system_error naming the address
    // that could not be bound.
    void ListenIPv6();                 // [::1]:port+2... for the --ipv6 exotic addresses
    void ListenSocks5(uint16_t port);  // 127.0.0.1:port
    void ListenSam(uint16_t port);     // 127.0.0.1:port

private:
    using Handler = std::function<asio::awaitable<void>(asio::ip::tcp::socket)>;
    void Listen(const asio::ip::tcp::endpoint& endpoint, Handler handler);

    asio::io_context& m_io;
    const World& m_world;
    wire::Magic m_magic;
    Aliases m_aliases;
    std::unique_ptr<SamBridge> m_sam;
    std::deque<asio::ip::tcp::acceptor> m_acceptors;  // deque: acceptors never move once listening
};

}  // namespace sim
