// Why this file exists: see replies.h.
#include "sim/replies.h"

namespace sim {
namespace {

constexpr uint64_t CMPCT_VERSION = 2;
constexpr int64_t FEE_FILTER = 1000;  // sat/kvB, Core's default minimum relay fee
constexpr uint64_t GARBAGE_STREAM = 100;  // apart from world.cpp's streams

void AppendFrame(wire::Bytes& out, const wire::Magic& magic, std::string_view command, wire::ByteSpan payload)
{
    const auto frame = wire::EncodeFrame(magic, command, payload);
    out.insert(out.end(), frame.begin(), frame.end());
}

bool FitsAddrV1(const wire::NetAddress& address) { return address.IsIPv4() || address.IsIPv6(); }

wire::Bytes EncodeEntries(std::span<const wire::AddrEntry> entries, bool addrv2)
{
    return addrv2 ? wire::EncodeAddrV2(entries) : wire::EncodeAddr(entries);
}

std::string_view AddrCommand(bool addrv2) { return addrv2 ? wire::command::ADDRV2 : wire::command::ADDR; }

}  // namespace

wire::VersionMessage NodeVersion(const World& world, uint32_t node, const wire::Endpoint& peer, int64_t now)
{
    const auto fields = world.VersionOf(node);
    wire::VersionMessage version;
    version.version = fields.version;
    version.services = fields.services;
    version.timestamp = now;
    version.addr_recv = {0, peer.address, peer.port};
    version.addr_from = {fields.services, wire::NetAddress::FromIPv6({}), 0};
    version.nonce = fields.nonce;
    version.user_agent = std::string{fields.user_agent};
    version.start_height = fields.start_height;
    version.relay = fields.relay;
    return version;
}

wire::Bytes HandshakeReply(const World& world, const wire::Magic& magic, uint32_t node, const wire::Endpoint& peer,
                           int32_t peer_version, int64_t now)
{
    wire::Bytes out;
    AppendFrame(out, magic, wire::command::VERSION, wire::EncodeVersion(NodeVersion(world, node, peer, now)));
    if (peer_version >= wire::PROTOCOL_VERSION) {
        AppendFrame(out, magic, wire::command::WTXIDRELAY, {});
        AppendFrame(out, magic, wire::command::SENDADDRV2, {});
    }
    AppendFrame(out, magic, wire::command::VERACK, {});
    return out;
}

wire::Bytes AfterVerack(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2, uint32_t now)
{
    wire::Bytes out;
    AppendFrame(out, magic, wire::command::SENDCMPCT, wire::EncodeSendCmpct({false, CMPCT_VERSION}));
    AppendFrame(out, magic, wire::command::PING, wire::EncodeNonce(world.VersionOf(node).nonce ^ 0xffff));
    auto self = world.EntryOf(node, node);
    self.time = now;
    AppendFrame(out, magic, AddrCommand(addrv2), EncodeEntries({&self, 1}, addrv2));
    AppendFrame(out, magic, wire::command::FEEFILTER, wire::EncodeFeeFilter(FEE_FILTER));
    return out;
}

std::vector<wire::AddrEntry> AnswerEntries(const World& world, uint32_t node, bool addrv2)
{
    const auto book = world.Book(node);
    std::vector<wire::AddrEntry> entries;
    entries.reserve(world.AnswerSize());
    for (uint32_t i = 0; i < world.AnswerSize(); ++i) {
        auto entry = world.EntryOf(book[i], node);
        if (addrv2 || FitsAddrV1(entry.address)) entries.push_back(entry);
    }
    return entries;
}

wire::Bytes AnswerFrame(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2)
{
    return wire::EncodeFrame(magic, AddrCommand(addrv2), EncodeEntries(AnswerEntries(world, node, addrv2), addrv2));
}

wire::Bytes FloodFrames(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2)
{
    const auto entries = AnswerEntries(world, node, addrv2);
    wire::Bytes out;
    if (entries.empty()) return out;
    size_t next = 0;
    std::array<wire::AddrEntry, 2> message;
    for (size_t m = 0; m < FLOOD_MESSAGES; ++m) {
        const size_t count = 1 + m % 2;
        for (size_t i = 0; i < count; ++i) message[i] = entries[next++ % entries.size()];
        AppendFrame(out, magic, AddrCommand(addrv2), EncodeEntries({message.data(), count}, addrv2));
    }
    return out;
}

std::optional<wire::Bytes> FaultReply(const World& world, const wire::Magic& magic, uint32_t node,
                                      const wire::Endpoint& peer, int64_t now)
{
    const auto version_payload = [&] { return wire::EncodeVersion(NodeVersion(world, node, peer, now)); };
    switch (world.KindOf(node)) {
    case NodeKind::garbage: {
        Rng rng{Mix(world.GetConfig().seed, GARBAGE_STREAM, node)};
        wire::Bytes out(GARBAGE_SIZE);
        for (auto& byte : out) byte = uint8_t(rng.Next());
        out[0] = uint8_t(~magic[0]);  // never a valid frame start, whatever the random bytes
        return out;
    }
    case NodeKind::badmagic: {
        wire::Magic wrong;
        for (size_t i = 0; i < wrong.size(); ++i) wrong[i] = uint8_t(~magic[i]);
        return wire::EncodeFrame(wrong, wire::command::VERSION, version_payload());
    }
    case NodeKind::badchecksum: {
        auto out = wire::EncodeFrame(magic, wire::command::VERSION, version_payload());
        for (size_t i = wire::HEADER_SIZE - wire::CHECKSUM_SIZE; i < wire::HEADER_SIZE; ++i) out[i] ^= 0xff;
        return out;
    }
    case NodeKind::oversize: {
        // A header alone: the payload it announces never comes.
        auto out = wire::EncodeFrame(magic, wire::command::VERSION, {});
        const size_t length_at = wire::MESSAGE_START_SIZE + wire::COMMAND_SIZE;
        for (size_t i = 0; i < wire::MESSAGE_SIZE_SIZE; ++i) out[length_at + i] = uint8_t(OVERSIZE_LENGTH >> (8 * i));
        return out;
    }
    default: return std::nullopt;
    }
}

}  // namespace sim
