// Why this file exists: a thin command-line face of the wire library for the cross-check against
// python-bitcoinlib (bitcoinlib_crosscheck.py): the same field values go through both
// implementations and the bytes and decoded fields must agree, both ways.
//
//   wire_codec_tool encode   JSON on stdin -> hex of the whole mainnet frame on stdout
//   wire_codec_tool decode   hex of a whole mainnet frame on stdin -> JSON on stdout
//
// JSON: {"command": "version", "version", "services", "timestamp", "addr_recv": {"services",
// "host", "port"}, "addr_from": {...}, "nonce", "user_agent_hex", "start_height", "relay"
// (true/false/null)} | {"command": "addr", "entries": [{"time", "services", "host", "port"}]} |
// {"command": "getaddr"}.
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "wire/chain.h"
#include "wire/messages.h"

namespace {

using nlohmann::json;

wire::VersionAddress VersionAddressFromJson(const json& value)
{
    return {value.at("services").get<uint64_t>(), wire::ParseHost(value.at("host").get<std::string>()),
            value.at("port").get<uint16_t>()};
}

json VersionAddressToJson(const wire::VersionAddress& address)
{
    return {{"services", address.services}, {"host", address.address.ToString()}, {"port", address.port}};
}

wire::Message MessageFromJson(const json& value)
{
    const std::string command = value.at("command");
    if (command == wire::command::VERSION) {
        wire::VersionMessage version;
        version.version = value.at("version");
        version.services = value.at("services");
        version.timestamp = value.at("timestamp");
        version.addr_recv = VersionAddressFromJson(value.at("addr_recv"));
        version.addr_from = VersionAddressFromJson(value.at("addr_from"));
        version.nonce = value.at("nonce");
        const wire::Bytes user_agent = wire::ParseHex(value.at("user_agent_hex").get<std::string>());
        version.user_agent.assign(user_agent.begin(), user_agent.end());
        version.start_height = value.at("start_height");
        if (!value.at("relay").is_null()) version.relay = value.at("relay").get<bool>();
        return version;
    }
    if (command == wire::command::ADDR) {
        wire::Addr addr;
        for (const json& entry : value.at("entries")) {
            addr.entries.push_back({entry.at("time"), entry.at("services"),
                                    wire::ParseHost(entry.at("host").get<std::string>()), entry.at("port")});
        }
        return addr;
    }
    if (command == wire::command::GETADDR) return wire::GetAddr{};
    throw std::invalid_argument{"unsupported command " + command};
}

json MessageToJson(const wire::Message& message)
{
    json out{{"command", std::string{wire::CommandOf(message)}}};
    if (const auto* version = std::get_if<wire::VersionMessage>(&message)) {
        out["version"] = version->version;
        out["services"] = version->services;
        out["timestamp"] = version->timestamp;
        out["addr_recv"] = VersionAddressToJson(version->addr_recv);
        out["addr_from"] = VersionAddressToJson(version->addr_from);
        out["nonce"] = version->nonce;
        out["user_agent_hex"] =
            wire::HexStr({reinterpret_cast<const uint8_t*>(version->user_agent.data()), version->user_agent.size()});
        out["start_height"] = version->start_height;
        out["relay"] = version->relay ? json(*version->relay) : json(nullptr);
    } else if (const auto* addr = std::get_if<wire::Addr>(&message)) {
        out["entries"] = json::array();
        for (const wire::AddrEntry& entry : addr->entries) {
            out["entries"].push_back({{"time", entry.time},
                                      {"services", entry.services},
                                      {"host", entry.address.ToString()},
                                      {"port", entry.port}});
        }
    } else if (!std::holds_alternative<wire::GetAddr>(message)) {
        throw std::invalid_argument{"unsupported command " + std::string{wire::CommandOf(message)}};
    }
    return out;
}

std::string ReadStdin()
{
    return {std::istreambuf_iterator<char>{std::cin}, std::istreambuf_iterator<char>{}};
}

std::string Trimmed(std::string text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

}  // namespace

int main(int argc, char** argv)
{
    const std::string mode = argc == 2 ? argv[1] : "";
    const wire::Magic magic = wire::FindChain("mainnet")->magic;
    try {
        if (mode == "encode") {
            const wire::Message message = MessageFromJson(json::parse(ReadStdin()));
            std::cout << wire::HexStr(wire::EncodeFrame(magic, wire::CommandOf(message), wire::EncodePayload(message)))
                      << "\n";
            return 0;
        }
        if (mode == "decode") {
            wire::FrameDecoder decoder{magic};
            decoder.Feed(wire::ParseHex(Trimmed(ReadStdin())));
            const auto frame = decoder.Next();
            if (!frame || decoder.Buffered() != 0) throw std::invalid_argument{"input is not exactly one frame"};
            std::cout << MessageToJson(wire::DecodeMessage(*frame)).dump() << "\n";
            return 0;
        }
    } catch (const std::exception& error) {
        std::cerr << "wire_codec_tool: " << error.what() << "\n";
        return 1;
    }
    std::cerr << "usage: wire_codec_tool encode|decode < input\n";
    return 2;
}
