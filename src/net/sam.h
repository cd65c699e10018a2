#pragma once
// Why this file exists: the client side of an I2P SAM v3.1 bridge (https://geti2p.net/en/docs/api/samv3),
// the way Bitcoin Core uses it (src/i2p.cpp): one STREAM session with a transient destination,
// created once and kept alive by its control connection, then one new connection per peer that
// says HELLO and STREAM CONNECT and becomes the peer's byte stream. Commands and reply parsing
// are pure functions; the coroutines drive them over sockets.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <map>
#include <string>
#include <string_view>

#include "net/proxy_error.h"
#include "wire/address.h"

namespace net::sam {

// A reply line is at most this long (Core's limit); SESSION STATUS carries a ~900-byte key.
constexpr size_t MAX_LINE = 65536;

std::string HelloCommand();
// Transient destination, Ed25519 signatures, ECIES+ElGamal lease sets, one tunnel each way:
// the options Core's transient sessions use.
std::string SessionCreateCommand(std::string_view session_id);
// Throws ProxyError unless `destination` is an I2P address.
std::string StreamConnectCommand(std::string_view session_id, const wire::NetAddress& destination);
// 10 random lowercase hex digits, as Core names its sessions.
std::string RandomSessionId();

struct Reply {
    std::string topic;                                       // "HELLO REPLY", "SESSION STATUS", "STREAM STATUS"
    std::map<std::string, std::string, std::less<>> fields;  // RESULT, MESSAGE (unquoted), ...
};
// Parses "TOPIC SUBTOPIC KEY=VALUE KEY=\"quoted value\"..." (without the newline).
Reply ParseReply(std::string_view line);
// Throws ProxyError unless the reply has `topic` and RESULT=OK, e.g.
// "SAM STREAM CONNECT: RESULT=CANT_REACH_PEER (unknown destination)".
void ExpectOk(const Reply& reply, std::string_view topic, std::string_view step);

// One line, without its '\n', read a byte at a time so that nothing after it (the peer's first
// bytes on a stream socket) is consumed. Throws ProxyError on EOF or a line over MAX_LINE, and
// std::system_error(operation_aborted) when cancelled.
asio::awaitable<std::string> ReadLine(asio::ip::tcp::socket& socket, std::string_view step);
// Sends `command`, reads the reply line and checks it.
asio::awaitable<Reply> Exchange(asio::ip::tcp::socket& socket, const std::string& command, std::string_view topic,
                                std::string_view step);

}  // namespace net::sam
