// Why this file exists: see socks5.h. Reply codes and their meanings follow RFC 1928 §6 and Tor's
// extended errors (proposal 304), which Bitcoin Core reports the same way (netbase.cpp).
#include "net/socks5.h"

#include <fmt/format.h>
#include <array>
#include <asio/read.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"

namespace net::socks5 {
namespace {

constexpr size_t MAX_FIELD = 255;
constexpr size_t CREDENTIAL_BYTES = 8;

std::string RandomHex(size_t bytes)
{
    std::string text;
    for (size_t i = 0; i < bytes; ++i)
        text += fmt::format("{:02x}", static_cast<unsigned>(RandomU64() & 0xff));
    return text;
}

void AppendField(wire::Bytes& out, std::string_view field, std::string_view name)
{
    if (field.size() > MAX_FIELD) throw ProxyError{fmt::format("SOCKS5 {} longer than {} bytes", name, MAX_FIELD)};
    out.push_back(static_cast<uint8_t>(field.size()));
    out.insert(out.end(), field.begin(), field.end());
}

// Reads exactly `size` bytes; a closed or reset connection is the proxy's failure.
asio::awaitable<void> ReadExactly(asio::ip::tcp::socket& socket, uint8_t* data, size_t size, std::string_view step)
{
    auto [error, count] = co_await asio::async_read(socket, asio::buffer(data, size), AS_TUPLE);
    if (error == asio::error::operation_aborted) throw std::system_error{error};
    if (error)
        throw ProxyError{
            fmt::format("SOCKS5 proxy: connection lost while waiting for the {}: {}", step, error.message())};
}

asio::awaitable<void> WriteAll(asio::ip::tcp::socket& socket, const wire::Bytes& bytes, std::string_view step)
{
    auto [error, count] = co_await asio::async_write(socket, asio::buffer(bytes), AS_TUPLE);
    if (error == asio::error::operation_aborted) throw std::system_error{error};
    if (error) throw ProxyError{fmt::format("SOCKS5 proxy: cannot send the {}: {}", step, error.message())};
}

}  // namespace

Credentials RandomCredentials()
{
    return {RandomHex(CREDENTIAL_BYTES), RandomHex(CREDENTIAL_BYTES)};
}

wire::Bytes Greeting()
{
    return {VERSION, 2, METHOD_NO_AUTH, METHOD_USER_PASS};
}

wire::Bytes AuthRequest(const Credentials& credentials)
{
    wire::Bytes out{USER_PASS_VERSION};
    AppendField(out, credentials.username, "username");
    AppendField(out, credentials.password, "password");
    return out;
}

wire::Bytes ConnectRequest(const wire::Endpoint& target)
{
    wire::Bytes out{VERSION, COMMAND_CONNECT, 0x00};
    const auto& address = target.address;
    switch (address.GetNetwork()) {
    case wire::Network::ipv4: out.push_back(ATYP_IPV4); break;
    case wire::Network::ipv6:
    case wire::Network::cjdns: out.push_back(ATYP_IPV6); break;
    case wire::Network::onion: out.push_back(ATYP_DOMAIN); break;
    default: throw ProxyError{fmt::format("SOCKS5 cannot reach {}", target.ToString())};
    }
    if (address.GetNetwork() == wire::Network::onion) {
        AppendField(out, address.ToString(), "host name");
    } else {
        const auto raw = address.Raw();
        out.insert(out.end(), raw.begin(), raw.end());
    }
    out.push_back(static_cast<uint8_t>(target.port >> 8));
    out.push_back(static_cast<uint8_t>(target.port & 0xff));
    return out;
}

uint8_t CheckMethodReply(wire::ByteSpan reply)
{
    if (reply.size() != 2 || reply[0] != VERSION) {
        throw ProxyError{fmt::format("SOCKS5 proxy: bad method reply version 0x{:02x} (not a SOCKS5 proxy?)",
                                     reply.empty() ? 0 : reply[0])};
    }
    if (reply[1] != METHOD_NO_AUTH && reply[1] != METHOD_USER_PASS) {
        throw ProxyError{fmt::format("SOCKS5 proxy: no acceptable authentication method (reply 0x{:02x})", reply[1])};
    }
    return reply[1];
}

void CheckAuthReply(wire::ByteSpan reply)
{
    if (reply.size() != 2 || reply[0] != USER_PASS_VERSION) {
        throw ProxyError{"SOCKS5 proxy: bad username/password reply"};
    }
    if (reply[1] != 0) throw ProxyError{fmt::format("SOCKS5 proxy: authentication failed (status 0x{:02x})", reply[1])};
}

std::string ReplyMeaning(uint8_t code)
{
    switch (code) {
    case 0x00: return "succeeded";
    case 0x01: return "general SOCKS server failure";
    case 0x02: return "connection not allowed by ruleset";
    case 0x03: return "network unreachable";
    case 0x04: return "host unreachable";
    case 0x05: return "connection refused";
    case 0x06: return "TTL expired";
    case 0x07: return "command not supported";
    case 0x08: return "address type not supported";
    case 0xf0: return "onion service descriptor can not be found";
    case 0xf1: return "onion service descriptor is invalid";
    case 0xf2: return "onion service introduction failed";
    case 0xf3: return "onion service rendezvous failed";
    case 0xf4: return "onion service missing client authorization";
    case 0xf5: return "onion service wrong client authorization";
    case 0xf6: return "onion service invalid address";
    case 0xf7: return "onion service introduction timed out";
    default: return "unknown reply code";
    }
}

size_t CheckConnectReplyHead(wire::ByteSpan head)
{
    if (head.size() != REPLY_HEAD_SIZE || head[0] != VERSION) {
        throw ProxyError{"SOCKS5 proxy: malformed CONNECT reply"};
    }
    if (head[1] != REPLY_SUCCEEDED) {
        throw ProxyError{fmt::format("SOCKS5 proxy: reply 0x{:02x} ({})", head[1], ReplyMeaning(head[1]))};
    }
    switch (head[3]) {
    case ATYP_IPV4: return wire::ADDR_IPV4_SIZE + 2;
    case ATYP_IPV6: return wire::ADDR_IPV6_SIZE + 2;
    case ATYP_DOMAIN: return 1;  // the length byte; the caller reads name and port after it
    default: throw ProxyError{fmt::format("SOCKS5 proxy: unknown address type 0x{:02x} in reply", head[3])};
    }
}

asio::awaitable<void> Handshake(asio::ip::tcp::socket& socket, const wire::Endpoint& target)
{
    const auto request = ConnectRequest(target);  // before any I/O: an unreachable network fails at once
    co_await WriteAll(socket, Greeting(), "greeting");
    std::array<uint8_t, 2> method{};
    co_await ReadExactly(socket, method.data(), method.size(), "method reply");
    if (CheckMethodReply(method) == METHOD_USER_PASS) {
        co_await WriteAll(socket, AuthRequest(RandomCredentials()), "credentials");
        std::array<uint8_t, 2> status{};
        co_await ReadExactly(socket, status.data(), status.size(), "authentication reply");
        CheckAuthReply(status);
    }
    co_await WriteAll(socket, request, "CONNECT request");
    std::array<uint8_t, REPLY_HEAD_SIZE> head{};
    co_await ReadExactly(socket, head.data(), head.size(), "CONNECT reply");
    size_t remaining = CheckConnectReplyHead(head);
    std::array<uint8_t, MAX_FIELD + 2> rest{};
    if (head[3] == ATYP_DOMAIN) {
        co_await ReadExactly(socket, rest.data(), 1, "CONNECT reply");
        remaining = size_t{rest[0]} + 2;
    }
    co_await ReadExactly(socket, rest.data(), remaining, "CONNECT reply");
}

}  // namespace net::socks5
