// Why this file exists: see replies.h.
#include "sim/replies.h"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace sim {
namespace {

constexpr uint64_t CMPCT_VERSION = 2;
constexpr int64_t FEE_FILTER = 1000;      // sat/kvB, Core's default minimum relay fee
constexpr uint64_t GARBAGE_STREAM = 100;  // apart from world.cpp's streams
constexpr uint64_t CHATTER_STREAM = 101;

void AppendFrame(wire::Bytes& out, const wire::Magic& magic, std::string_view command, wire::ByteSpan payload)
{
    const auto frame = wire::EncodeFrame(magic, command, payload);
    out.insert(out.end(), frame.begin(), frame.end());
}

wire::Bytes EncodeEntries(std::span<const wire::AddrEntry> entries, bool addrv2)
{
    return addrv2 ? wire::EncodeAddrV2(entries) : wire::EncodeAddr(entries);
}

std::string_view AddrCommand(bool addrv2)
{
    return addrv2 ? wire::command::ADDRV2 : wire::command::ADDR;
}

// An encoded addr/addrv2 payload of `entries.size()` entries, declared as `count` entries and
// followed by `extra` (more entries as raw bytes): how the malformed answers are built.
wire::Bytes Redeclare(std::span<const wire::AddrEntry> entries, bool addrv2, uint64_t count, wire::ByteSpan extra)
{
    const auto encoded = EncodeEntries(entries, addrv2);
    wire::Writer writer;
    writer.CompactSize(count);
    writer.Append(wire::ByteSpan{encoded}.subspan(wire::CompactSizeLength(entries.size())));
    writer.Append(extra);
    return writer.Take();
}

// addrv2 entry bytes with a network id and address bytes of our choosing.
wire::Bytes RawAddrV2Entry(uint32_t time, uint8_t network_id, wire::ByteSpan address, uint16_t port)
{
    wire::Writer writer;
    writer.U32LE(time);
    writer.CompactSize(0);  // services
    writer.U8(network_id);
    writer.CompactSize(address.size());
    writer.Append(address);
    writer.U16BE(port);
    return writer.Take();
}

// The answer's IPv4/IPv6 entries repeated until there are `count` of them (fault nodes' books
// can be shorter than 1001).
std::vector<wire::AddrEntry> RepeatedEntries(const World& world, uint32_t node, size_t count)
{
    const auto answer = AnswerEntries(world, node, false);
    std::vector<wire::AddrEntry> entries;
    if (answer.empty()) return entries;
    while (entries.size() < count)
        entries.push_back(answer[entries.size() % answer.size()]);
    return entries;
}

wire::Bytes OneEntryFlood(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2)
{
    const auto entries = AnswerEntries(world, node, addrv2);
    wire::Bytes out;
    for (size_t m = 0; m < FLOOD_MESSAGES && !entries.empty(); ++m) {
        AppendFrame(out, magic, AddrCommand(addrv2), EncodeEntries({&entries[m % entries.size()], 1}, addrv2));
    }
    return out;
}

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

wire::Bytes VersionPayload(const World& world, uint32_t node, const wire::Endpoint& peer, int64_t now)
{
    auto version = NodeVersion(world, node, peer, now);
    if (version.user_agent.size() <= wire::MAX_SUBVERSION_LENGTH) return wire::EncodeVersion(version);
    const std::string agent = std::exchange(version.user_agent, {});
    const auto encoded = wire::EncodeVersion(version);
    // The empty agent is one CompactSize byte 0 after the fixed 80 bytes (version .. nonce).
    constexpr size_t AGENT_AT = 80;
    wire::Writer writer;
    writer.Append(wire::ByteSpan{encoded}.first(AGENT_AT));
    writer.String(agent);
    writer.Append(wire::ByteSpan{encoded}.subspan(AGENT_AT + 1));
    return writer.Take();
}

wire::Bytes HandshakeReply(const World& world, const wire::Magic& magic, uint32_t node, const wire::Endpoint& peer,
                           int32_t peer_version, int64_t now)
{
    wire::Bytes out;
    AppendFrame(out, magic, wire::command::VERSION, VersionPayload(world, node, peer, now));
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
        if (addrv2 || entry.address.IsAddrV1Compatible()) entries.push_back(entry);
    }
    return entries;
}

wire::Bytes AnswerFrame(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2)
{
    return wire::EncodeFrame(magic, AddrCommand(addrv2), EncodeEntries(AnswerEntries(world, node, addrv2), addrv2));
}

std::pair<wire::Bytes, wire::Bytes> SplitAnswerFrames(const World& world, const wire::Magic& magic, uint32_t node,
                                                      bool addrv2)
{
    const auto entries = AnswerEntries(world, node, addrv2);
    const std::span<const wire::AddrEntry> all{entries};
    const size_t first = (entries.size() + 1) / 2;
    const auto frame = [&](std::span<const wire::AddrEntry> part) {
        return wire::EncodeFrame(magic, AddrCommand(addrv2), EncodeEntries(part, addrv2));
    };
    return {frame(all.first(first)), frame(all.subspan(first))};
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
        for (size_t i = 0; i < count; ++i)
            message[i] = entries[next++ % entries.size()];
        AppendFrame(out, magic, AddrCommand(addrv2), EncodeEntries({message.data(), count}, addrv2));
    }
    return out;
}

wire::Bytes GetaddrAnswer(const World& world, const wire::Magic& magic, uint32_t node, bool addrv2)
{
    const auto time = uint32_t(TIME_BASE - node % 3600);
    switch (world.KindOf(node)) {
    case NodeKind::flood: return FloodFrames(world, magic, node, addrv2);
    case NodeKind::addrflood: return OneEntryFlood(world, magic, node, addrv2);
    case NodeKind::addr1001: {
        // Always `addr` (v1), the message docs/spec.md §2 names; EncodeAddr refuses 1001 entries.
        const auto entries = RepeatedEntries(world, node, wire::MAX_ADDR_TO_SEND + 1);
        const auto last = wire::EncodeAddr({&entries.back(), 1});
        const auto payload =
            Redeclare({entries.data(), entries.size() - 1}, false, entries.size(), wire::ByteSpan{last}.subspan(1));
        return wire::EncodeFrame(magic, wire::command::ADDR, payload);
    }
    case NodeKind::addrv2badlen: {
        auto entries = AnswerEntries(world, node, true);
        entries.resize(std::min(entries.size(), wire::MAX_ADDR_TO_SEND - 1));  // the count itself is fine
        const std::array<uint8_t, 5> five_bytes{127, 1, 2, 3, 4};
        const auto bad = RawAddrV2Entry(time, wire::BIP155_IPV4, five_bytes, world.GetConfig().port);
        return wire::EncodeFrame(magic, wire::command::ADDRV2, Redeclare(entries, true, entries.size() + 1, bad));
    }
    case NodeKind::addrv2unknown: {
        auto entries = AnswerEntries(world, node, true);
        entries.resize(std::min(entries.size(), wire::MAX_ADDR_TO_SEND - UNKNOWN_ENTRIES));
        wire::Bytes unknown;
        for (size_t i = 0; i < UNKNOWN_ENTRIES; ++i) {
            const std::array<uint8_t, 7> bytes{uint8_t(i), 1, 2, 3, 4, 5, 6};  // any length is fine for an unknown id
            const auto entry = RawAddrV2Entry(time, UNKNOWN_NETWORK_ID, bytes, world.GetConfig().port);
            unknown.insert(unknown.end(), entry.begin(), entry.end());
        }
        return wire::EncodeFrame(magic, wire::command::ADDRV2,
                                 Redeclare(entries, true, entries.size() + UNKNOWN_ENTRIES, unknown));
    }
    case NodeKind::dupaddr: {
        const auto first = AnswerEntries(world, node, addrv2);
        if (first.empty()) return {};
        const std::vector<wire::AddrEntry> copies(wire::MAX_ADDR_TO_SEND, first.front());
        return wire::EncodeFrame(magic, AddrCommand(addrv2), EncodeEntries(copies, addrv2));
    }
    case NodeKind::addrbulk: {
        // Well-formed (unknown ids are skipped), only big: the crawler must cap what it keeps.
        const std::array<uint8_t, wire::MAX_ADDRV2_SIZE> address{};
        const auto entry = RawAddrV2Entry(time, UNKNOWN_NETWORK_ID, address, world.GetConfig().port);
        wire::Writer payload;
        payload.CompactSize(wire::MAX_ADDR_TO_SEND);
        for (size_t i = 0; i < wire::MAX_ADDR_TO_SEND; ++i)
            payload.Append(entry);
        wire::Bytes out;
        for (size_t m = 0; m < BULK_MESSAGES; ++m)
            AppendFrame(out, magic, wire::command::ADDRV2, payload.Data());
        return out;
    }
    default: return AnswerFrame(world, magic, node, addrv2);
    }
}

wire::Bytes ChatterFrames(const wire::Magic& magic, uint64_t round)
{
    wire::Bytes out;
    for (size_t i = 0; i < CHATTER_BATCH; ++i) {
        wire::Writer inv;
        inv.CompactSize(1);
        inv.U32LE(1);  // MSG_TX
        for (size_t word = 0; word < 4; ++word)
            inv.U64LE(Mix(round, CHATTER_STREAM, i * 4 + word));
        AppendFrame(out, magic, "inv", inv.Data());
    }
    AppendFrame(out, magic, wire::command::PING, wire::EncodeNonce(round));
    return out;
}

std::optional<wire::Bytes> FaultReply(const World& world, const wire::Magic& magic, uint32_t node,
                                      const wire::Endpoint& peer, int64_t now)
{
    const auto version_payload = [&] { return VersionPayload(world, node, peer, now); };
    switch (world.KindOf(node)) {
    case NodeKind::garbage: {
        Rng rng{Mix(world.GetConfig().seed, GARBAGE_STREAM, node)};
        wire::Bytes out(GARBAGE_SIZE);
        for (auto& byte : out)
            byte = uint8_t(rng.Next());
        out[0] = uint8_t(~magic[0]);  // never a valid frame start, whatever the random bytes
        return out;
    }
    case NodeKind::badmagic: return wire::EncodeFrame(WrongMagic(magic), wire::command::VERSION, version_payload());
    case NodeKind::badchecksum: {
        auto out = wire::EncodeFrame(magic, wire::command::VERSION, version_payload());
        for (size_t i = wire::HEADER_SIZE - wire::CHECKSUM_SIZE; i < wire::HEADER_SIZE; ++i)
            out[i] ^= 0xff;
        return out;
    }
    case NodeKind::oversize: {
        // A header alone: the payload it announces never comes.
        auto out = wire::EncodeFrame(magic, wire::command::VERSION, {});
        const size_t length_at = wire::MESSAGE_START_SIZE + wire::COMMAND_SIZE;
        for (size_t i = 0; i < wire::MESSAGE_SIZE_SIZE; ++i)
            out[length_at + i] = uint8_t(OVERSIZE_LENGTH >> (8 * i));
        return out;
    }
    default: return std::nullopt;
    }
}

wire::Magic WrongMagic(const wire::Magic& magic)
{
    wire::Magic wrong;
    for (size_t i = 0; i < wrong.size(); ++i)
        wrong[i] = uint8_t(~magic[i]);
    return wrong;
}

wire::Bytes HostileV2Handshake(NodeKind kind, wire::Bip324Cipher& cipher)
{
    const auto& key = cipher.OurPubKey();
    wire::Bytes out(key.begin(), key.end());
    if (kind == NodeKind::v2garbage) {
        // Not random: a fixed pattern cannot hold the terminator by chance.
        for (size_t i = 0; i < V2_GARBAGE_SIZE; ++i)
            out.push_back(uint8_t(i));
        return out;
    }
    const auto& terminator = cipher.SendGarbageTerminator();
    out.insert(out.end(), terminator.begin(), terminator.end());
    if (kind == NodeKind::v2decoys) return out;
    cipher.Encrypt({}, {}, false, out);  // the version packet: empty contents, empty garbage as AAD
    if (kind == NodeKind::v2badtag) out.back() ^= 0x01;
    return out;
}

wire::Bytes DecoyPackets(wire::Bip324Cipher& cipher)
{
    const wire::Bytes contents(DECOY_SIZE, 0);
    wire::Bytes out;
    for (size_t i = 0; i < CHATTER_BATCH; ++i)
        cipher.Encrypt(contents, {}, true, out);
    return out;
}

}  // namespace sim
