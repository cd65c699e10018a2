// Why this file exists: see sam.h. Written from the SAM v3 specification, independently of the
// crawler's client (src/net/sam.cpp).
#include "sim/sam.h"

#include <array>
#include <iostream>
#include <map>
#include <string_view>

#include <asio/read.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"
#include "sim/server.h"

namespace sim {
namespace {

using asio::ip::tcp;
using net::AS_TUPLE;
constexpr size_t MAX_LINE = 4096;
// What a real bridge answers SESSION CREATE with: the new destination's private key, base64.
// Its content is never used by the crawler, so a fixed filler of the usual length will do.
const std::string DESTINATION_KEY(884, 'A');

// One command line without its '\n', byte by byte so that nothing after it is consumed; nullopt
// when the client went away or sent an over-long line.
asio::awaitable<std::optional<std::string>> ReadLine(tcp::socket& socket)
{
    std::string line;
    for (char byte = 0;;) {
        auto [error, count] = co_await asio::async_read(socket, asio::buffer(&byte, 1), AS_TUPLE);
        if (error || line.size() > MAX_LINE) co_return std::nullopt;
        if (byte == '\n') co_return line;
        line += byte;
    }
}

asio::awaitable<bool> WriteLine(tcp::socket& socket, std::string line)
{
    line += '\n';
    auto [error, count] = co_await asio::async_write(socket, asio::buffer(line), AS_TUPLE);
    co_return !error;
}

// "STREAM CONNECT ID=x DESTINATION=y SILENT=false" -> {"STREAM CONNECT", {ID: x, ...}}
struct Command {
    std::string verb;
    std::map<std::string, std::string, std::less<>> options;
};

Command Parse(std::string_view line)
{
    Command command;
    size_t position = 0;
    while (position < line.size()) {
        const auto end = std::min(line.find(' ', position), line.size());
        const auto word = line.substr(position, end - position);
        position = end + 1;
        if (word.empty()) continue;
        const auto equals = word.find('=');
        if (equals == std::string_view::npos) {
            command.verb += (command.verb.empty() ? "" : " ") + std::string{word};
        } else {
            command.options.insert_or_assign(std::string{word.substr(0, equals)}, std::string{word.substr(equals + 1)});
        }
    }
    return command;
}

std::string Option(const Command& command, std::string_view key)
{
    const auto found = command.options.find(key);
    return found == command.options.end() ? std::string{} : found->second;
}

}  // namespace

SamBridge::SamBridge(const World& world, wire::Magic magic, const Aliases& aliases)
    : m_world{world}, m_magic{magic}, m_aliases{aliases}
{
}

asio::awaitable<void> SamBridge::Session(tcp::socket& socket, const std::string& id)
{
    m_sessions.insert(id);
    std::cerr << "btcsim: SAM session " << id << " created" << std::endl;
    // The session lives as long as its control connection; nothing else is expected on it.
    std::array<char, 256> ignored{};
    for (;;) {
        auto [error, count] = co_await socket.async_read_some(asio::buffer(ignored), AS_TUPLE);
        if (error) break;
    }
    m_sessions.erase(id);
}

asio::awaitable<void> SamBridge::Serve(tcp::socket socket)
{
    auto hello = co_await ReadLine(socket);
    if (!hello) co_return;
    if (Parse(*hello).verb != "HELLO VERSION") {
        co_await WriteLine(socket, "HELLO REPLY RESULT=NOVERSION");
        co_return;
    }
    if (!co_await WriteLine(socket, "HELLO REPLY RESULT=OK VERSION=3.1")) co_return;

    auto line = co_await ReadLine(socket);
    if (!line) co_return;
    const auto command = Parse(*line);
    const auto id = Option(command, "ID");
    if (command.verb == "SESSION CREATE") {
        if (Option(command, "STYLE") != "STREAM" || id.empty()) {
            co_await WriteLine(socket, "SESSION STATUS RESULT=I2P_ERROR MESSAGE=\"only STYLE=STREAM with an ID\"");
        } else if (m_sessions.contains(id)) {
            co_await WriteLine(socket, "SESSION STATUS RESULT=DUPLICATED_ID");
        } else if (co_await WriteLine(socket, "SESSION STATUS RESULT=OK DESTINATION=" + DESTINATION_KEY)) {
            co_await Session(socket, id);
        }
        co_return;
    }
    if (command.verb != "STREAM CONNECT") {
        co_await WriteLine(socket, "STREAM STATUS RESULT=I2P_ERROR MESSAGE=\"unsupported command\"");
        co_return;
    }
    if (!m_sessions.contains(id)) {
        co_await WriteLine(socket, "STREAM STATUS RESULT=INVALID_ID");
        co_return;
    }
    const auto destination = wire::TryParseHost(Option(command, "DESTINATION"));
    const auto node =
        destination && destination->GetNetwork() == wire::Network::i2p ? m_aliases.NodeOf(*destination) : std::nullopt;
    if (!node) {
        co_await WriteLine(socket, "STREAM STATUS RESULT=CANT_REACH_PEER MESSAGE=\"unknown destination\"");
        co_return;
    }
    if (!co_await WriteLine(socket, "STREAM STATUS RESULT=OK")) co_return;
    co_await ServeNode(std::move(socket), m_world, m_magic, *node);
}

}  // namespace sim
