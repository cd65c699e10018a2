#pragma once
// Why this file exists: the client side of SOCKS5 (RFC 1928) with username/password
// authentication (RFC 1929), as Tor expects it: .onion names go to the proxy as domain names
// (ATYP 3), never resolved here, and every connection offers fresh random credentials so Tor
// (IsolateSOCKSAuth, on by default) puts each peer on its own circuit. Message building and
// reply checking are pure functions; Handshake() drives them over a connected socket.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <string>

#include "net/proxy_error.h"
#include "wire/address.h"

namespace net::socks5 {

constexpr uint8_t VERSION = 0x05;
constexpr uint8_t METHOD_NO_AUTH = 0x00;
constexpr uint8_t METHOD_USER_PASS = 0x02;
constexpr uint8_t METHOD_NONE_ACCEPTABLE = 0xff;
constexpr uint8_t USER_PASS_VERSION = 0x01;  // RFC 1929 sub-negotiation version
constexpr uint8_t COMMAND_CONNECT = 0x01;
constexpr uint8_t ATYP_IPV4 = 0x01;
constexpr uint8_t ATYP_DOMAIN = 0x03;
constexpr uint8_t ATYP_IPV6 = 0x04;
constexpr uint8_t REPLY_SUCCEEDED = 0x00;
// A reply is VER REP RSV ATYP, then the bound address (by ATYP) and a 2-byte port.
constexpr size_t REPLY_HEAD_SIZE = 4;

struct Credentials {
    std::string username;
    std::string password;
};

// 16 random hex digits each: a new pair per connection isolates Tor streams.
Credentials RandomCredentials();

// VER NMETHODS METHODS: no authentication and username/password, as Bitcoin Core offers.
wire::Bytes Greeting();
// RFC 1929: VER ULEN UNAME PLEN PASSWD. Throws ProxyError for a field longer than 255 bytes.
wire::Bytes AuthRequest(const Credentials& credentials);
// CONNECT to an IPv4/IPv6/CJDNS address (ATYP 1/4) or a Tor v3 name (ATYP 3, "<56>.onion").
// Throws ProxyError for I2P, which SOCKS5 cannot reach.
wire::Bytes ConnectRequest(const wire::Endpoint& target);

// The method the proxy chose; throws ProxyError for a bad version or 0xff (none acceptable).
uint8_t CheckMethodReply(wire::ByteSpan reply);
// Throws ProxyError unless the RFC 1929 status is 0.
void CheckAuthReply(wire::ByteSpan reply);
// Checks VER REP RSV ATYP and returns how many bytes follow (bound address + port); for a
// domain the first of those bytes is the length. Throws ProxyError naming the reply code.
size_t CheckConnectReplyHead(wire::ByteSpan head);
// "general SOCKS server failure", ... and Tor's extended codes 0xf0-0xf7 (Tor proposal 304).
std::string ReplyMeaning(uint8_t code);

// Runs the whole handshake on a socket already connected to the proxy. Throws ProxyError for
// anything the proxy says or does wrong, and std::system_error(operation_aborted) when the
// caller's deadline cancelled it.
asio::awaitable<void> Handshake(asio::ip::tcp::socket& socket, const wire::Endpoint& target);

}  // namespace net::socks5
