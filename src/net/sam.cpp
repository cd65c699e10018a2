// Why this file exists: see sam.h.
#include "net/sam.h"

#include <fmt/format.h>
#include <asio/read.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"

namespace net::sam {
namespace {

void ThrowIfAborted(const std::error_code& error)
{
    if (error == asio::error::operation_aborted) throw std::system_error{error};
}

}  // namespace

std::string HelloCommand()
{
    return "HELLO VERSION MIN=3.1 MAX=3.1\n";
}

std::string SessionCreateCommand(std::string_view session_id)
{
    return fmt::format(
        "SESSION CREATE STYLE=STREAM ID={} DESTINATION=TRANSIENT SIGNATURE_TYPE=7 "
        "i2cp.leaseSetEncType=4,0 inbound.quantity=1 outbound.quantity=1\n",
        session_id);
}

std::string StreamConnectCommand(std::string_view session_id, const wire::NetAddress& destination)
{
    if (destination.GetNetwork() != wire::Network::i2p) {
        throw ProxyError{fmt::format("SAM cannot reach {}", destination.ToString())};
    }
    return fmt::format("STREAM CONNECT ID={} DESTINATION={} SILENT=false\n", session_id, destination.ToString());
}

std::string RandomSessionId()
{
    return fmt::format("{:010x}", RandomU64() & 0xff'ffff'ffffULL);
}

Reply ParseReply(std::string_view line)
{
    Reply reply;
    size_t position = 0;
    const auto skip_spaces = [&] {
        while (position < line.size() && line[position] == ' ')
            ++position;
    };
    // The topic is the words before the first KEY=VALUE.
    for (int words = 0; words < 2; ++words) {
        skip_spaces();
        const auto end = std::min(line.find(' ', position), line.size());
        const auto word = line.substr(position, end - position);
        if (word.empty() || word.find('=') != std::string_view::npos) break;
        if (!reply.topic.empty()) reply.topic += ' ';
        reply.topic += word;
        position = end;
    }
    for (skip_spaces(); position < line.size(); skip_spaces()) {
        const auto equals = line.find('=', position);
        const auto space = std::min(line.find(' ', position), line.size());
        if (equals == std::string_view::npos || equals > space) {  // a bare word: a key without value
            reply.fields.emplace(std::string{line.substr(position, space - position)}, "");
            position = space;
            continue;
        }
        std::string key{line.substr(position, equals - position)};
        position = equals + 1;
        std::string value;
        if (position < line.size() && line[position] == '"') {
            const auto close = line.find('"', position + 1);
            const auto end = close == std::string_view::npos ? line.size() : close;
            value = line.substr(position + 1, end - position - 1);
            position = close == std::string_view::npos ? line.size() : close + 1;
        } else {
            const auto end = std::min(line.find(' ', position), line.size());
            value = line.substr(position, end - position);
            position = end;
        }
        reply.fields.insert_or_assign(std::move(key), std::move(value));
    }
    return reply;
}

void ExpectOk(const Reply& reply, std::string_view topic, std::string_view step)
{
    if (reply.topic != topic) {
        throw ProxyError{fmt::format("SAM {}: unexpected reply '{}' (expected '{}')", step, reply.topic, topic)};
    }
    const auto result = reply.fields.find("RESULT");
    if (result == reply.fields.end()) throw ProxyError{fmt::format("SAM {}: reply without RESULT", step)};
    if (result->second == "OK") return;
    std::string text = fmt::format("SAM {}: RESULT={}", step, result->second);
    if (const auto message = reply.fields.find("MESSAGE"); message != reply.fields.end() && !message->second.empty()) {
        text += fmt::format(" ({})", message->second);
    }
    throw ProxyError{text};
}

asio::awaitable<std::string> ReadLine(asio::ip::tcp::socket& socket, std::string_view step)
{
    std::string line;
    for (;;) {
        char byte = 0;
        auto [error, count] = co_await asio::async_read(socket, asio::buffer(&byte, 1), AS_TUPLE);
        ThrowIfAborted(error);
        if (error) throw ProxyError{fmt::format("SAM {}: connection lost before the reply: {}", step, error.message())};
        if (byte == '\n') co_return line;
        if (line.size() >= MAX_LINE)
            throw ProxyError{fmt::format("SAM {}: reply longer than {} bytes", step, MAX_LINE)};
        line += byte;
    }
}

asio::awaitable<Reply> Exchange(asio::ip::tcp::socket& socket, const std::string& command, std::string_view topic,
                                std::string_view step)
{
    auto [error, count] = co_await asio::async_write(socket, asio::buffer(command), AS_TUPLE);
    ThrowIfAborted(error);
    if (error) throw ProxyError{fmt::format("SAM {}: cannot send: {}", step, error.message())};
    auto reply = ParseReply(co_await ReadLine(socket, step));
    ExpectOk(reply, topic, step);
    co_return reply;
}

}  // namespace net::sam
