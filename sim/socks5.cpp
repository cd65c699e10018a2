// Why this file exists: see socks5.h. The server side is written from RFC 1928/1929 directly,
// independently of the crawler's client (src/net/socks5.cpp), so one cannot hide the other's
// mistakes.
#include "sim/socks5.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"
#include "sim/server.h"

namespace sim {
namespace {

using asio::ip::tcp;
using net::AS_TUPLE;

// Fills `bytes`; false when the client went away.
asio::awaitable<bool> Read(tcp::socket& socket, uint8_t* bytes, size_t size)
{
    auto [error, count] = co_await asio::async_read(socket, asio::buffer(bytes, size), AS_TUPLE);
    co_return !error;
}

asio::awaitable<bool> WriteBytes(tcp::socket& socket, std::vector<uint8_t> bytes)
{
    auto [error, count] = co_await asio::async_write(socket, asio::buffer(bytes), AS_TUPLE);
    co_return !error;
}

// Not a coroutine itself: GCC 12 rejects braced lists inside co_await expressions.
template <typename... Byte>
asio::awaitable<bool> Write(tcp::socket& socket, Byte... bytes)
{
    return WriteBytes(socket, std::vector<uint8_t>{uint8_t(bytes)...});
}

// VER REP RSV ATYP=IPv4 0.0.0.0:0: Tor does not say where it is bound either.
asio::awaitable<bool> Reply(tcp::socket& socket, uint8_t code)
{
    co_return co_await Write(socket, 0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0);
}

// The node a CONNECT request names, or the reply code that refuses it.
struct Target {
    std::optional<uint32_t> node;
    uint8_t refusal{SOCKS5_HOST_UNREACHABLE};
};

Target Resolve(uint8_t atyp, const std::vector<uint8_t>& host, uint16_t port, const World& world,
               const Aliases& aliases)
{
    if (atyp == 0x03) {
        const std::string name(host.begin(), host.end());
        const auto address = wire::TryParseHost(name);
        if (!address || address->GetNetwork() != wire::Network::onion) return {std::nullopt, SOCKS5_HOST_UNREACHABLE};
        return {aliases.NodeOf(*address), SOCKS5_ONION_NOT_FOUND};
    }
    if (atyp == 0x01) {
        const uint32_t ipv4 = uint32_t(host[0]) << 24 | uint32_t(host[1]) << 16 | uint32_t(host[2]) << 8 | host[3];
        const auto node = world.NodeOfIPv4(ipv4);
        if (!node || port != world.GetConfig().port) return {std::nullopt, SOCKS5_CONNECTION_REFUSED};
        return {node, SOCKS5_CONNECTION_REFUSED};
    }
    std::array<uint8_t, 16> bytes;
    std::copy(host.begin(), host.end(), bytes.begin());
    return {aliases.NodeOf(wire::Endpoint{wire::NetAddress::FromIPv6(bytes), port}), SOCKS5_CONNECTION_REFUSED};
}

// FNV-1a of the requested host and port: the same target waits the same circuit time every run.
uint64_t TargetKey(const std::vector<uint8_t>& host, uint16_t port)
{
    uint64_t key = 0xcbf29ce484222325ULL;
    for (const uint8_t byte : host)
        key = (key ^ byte) * 0x100000001b3ULL;
    return (key ^ port) * 0x100000001b3ULL;
}

// Tor builds a circuit before it answers a CONNECT, whether or not the service is found.
asio::awaitable<void> BuildCircuit(tcp::socket& socket, std::chrono::milliseconds delay)
{
    if (delay.count() == 0) co_return;
    asio::steady_timer timer{socket.get_executor(), delay};
    co_await timer.async_wait(AS_TUPLE);
}

}  // namespace

asio::awaitable<void> ServeSocks5(tcp::socket socket, const World& world, wire::Magic magic, const Aliases& aliases)
{
    // Greeting: VER NMETHODS METHODS...; only username/password (0x02) is accepted.
    std::array<uint8_t, 257> buffer{};
    if (!co_await Read(socket, buffer.data(), 2) || buffer[0] != 0x05) co_return;
    const size_t methods = buffer[1];
    if (!co_await Read(socket, buffer.data(), methods)) co_return;
    if (std::find(buffer.begin(), buffer.begin() + methods, 0x02) == buffer.begin() + methods) {
        co_await Write(socket, 0x05, 0xff);
        co_return;
    }
    if (!co_await Write(socket, 0x05, 0x02)) co_return;

    // RFC 1929: VER ULEN UNAME PLEN PASSWD; any credentials will do.
    if (!co_await Read(socket, buffer.data(), 2) || buffer[0] != 0x01) co_return;
    const size_t username_length = buffer[1];
    if (!co_await Read(socket, buffer.data(), username_length + 1)) co_return;  // the name and PLEN
    if (!co_await Read(socket, buffer.data(), buffer[username_length])) co_return;
    if (!co_await Write(socket, 0x01, 0x00)) co_return;

    // Request: VER CMD RSV ATYP DST.ADDR DST.PORT.
    if (!co_await Read(socket, buffer.data(), 4) || buffer[0] != 0x05) co_return;
    const uint8_t command = buffer[1];
    const uint8_t atyp = buffer[3];
    size_t host_length = 0;
    if (atyp == 0x01) {
        host_length = 4;
    } else if (atyp == 0x04) {
        host_length = 16;
    } else if (atyp == 0x03) {
        if (!co_await Read(socket, buffer.data(), 1)) co_return;
        host_length = buffer[0];
    } else {
        co_await Reply(socket, 0x08);  // address type not supported
        co_return;
    }
    std::vector<uint8_t> host(host_length);
    std::array<uint8_t, 2> port_bytes{};
    if (!co_await Read(socket, host.data(), host.size()) || !co_await Read(socket, port_bytes.data(), 2)) co_return;
    if (command != 0x01) {
        co_await Reply(socket, 0x07);  // command not supported
        co_return;
    }
    const auto port = uint16_t(port_bytes[0] << 8 | port_bytes[1]);
    co_await BuildCircuit(socket, world.CircuitDelayOf(TargetKey(host, port)));
    const auto target = Resolve(atyp, host, port, world, aliases);
    if (!target.node) {
        co_await Reply(socket, target.refusal);
        co_return;
    }
    if (!co_await Reply(socket, 0x00)) co_return;
    co_await ServeNode(std::move(socket), world, magic, *target.node);
}

}  // namespace sim
