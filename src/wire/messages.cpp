// Why this file exists: the payloads of the P2P messages a crawler exchanges, decoded with every
// limit Bitcoin Core enforces (src/net_processing.cpp, src/protocol.h, src/netaddress.h) and
// encoded byte-for-byte as Core would send them.
#include "wire/messages.h"

#include <type_traits>

namespace wire {

namespace {

// Sizes of the fixed parts, used to cap what a count read off the wire may pre-allocate.
constexpr size_t ADDR_V1_ENTRY_SIZE = 4 + 8 + ADDR_IPV6_SIZE + 2;  // time services ip port
constexpr size_t ADDR_V2_MIN_ENTRY_SIZE = 4 + 1 + 1 + 1 + 2;       // time services(1) id len(1) port
constexpr size_t NONCE_SIZE = 8;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;  // clang 14 has no aggregate deduction yet

// Runs a decoder over the whole payload and names the message in any error it throws, so the
// low-level reader can stay unaware of which message it is reading.
template <class Decode>
auto DecodeWhole(std::string_view command, ByteSpan payload, Decode decode, bool allow_trailing = false)
{
    try {
        Reader reader{payload};
        auto result = decode(reader);
        if (!allow_trailing && !reader.Empty()) {
            throw DecodeError{std::to_string(reader.Remaining()) + " unexpected bytes"};
        }
        return result;
    } catch (const DecodeError& error) {
        throw DecodeError{std::string{command} + ": " + error.what()};
    }
}

uint64_t ReadEntryCount(Reader& reader)
{
    const uint64_t count = reader.CompactSize();
    if (count > MAX_ADDR_TO_SEND) {
        throw DecodeError{std::to_string(count) + " entries > " + std::to_string(MAX_ADDR_TO_SEND)};
    }
    return count;
}

void CheckEntryCount(std::string_view command, size_t count)
{
    if (count > MAX_ADDR_TO_SEND) {
        throw std::invalid_argument{std::string{command} + ": " + std::to_string(count) + " entries > " +
                                    std::to_string(MAX_ADDR_TO_SEND)};
    }
}

VersionAddress ReadVersionAddress(Reader& reader)
{
    VersionAddress address;
    address.services = reader.U64LE();
    address.address = NetAddress::FromIPv6(reader.Array<ADDR_IPV6_SIZE>());
    address.port = reader.U16BE();
    return address;
}

void WriteVersionAddress(Writer& writer, const VersionAddress& address)
{
    writer.U64LE(address.services);
    writer.Append(address.address.V1Bytes());
    writer.U16BE(address.port);
}

}  // namespace

VersionMessage DecodeVersion(ByteSpan payload)
{
    // Core's ProcessMessage("version") reads the fields after addr_recv only while bytes remain,
    // and ignores whatever follows relay.
    return DecodeWhole(
        command::VERSION, payload,
        [](Reader& reader) {
            VersionMessage message;
            message.version = reader.I32LE();
            message.services = reader.U64LE();
            message.timestamp = reader.I64LE();
            message.addr_recv = ReadVersionAddress(reader);
            if (reader.Empty()) return message;
            message.addr_from = ReadVersionAddress(reader);
            message.nonce = reader.U64LE();
            if (reader.Empty()) return message;
            message.user_agent = reader.String(MAX_SUBVERSION_LENGTH);
            if (reader.Empty()) return message;
            message.start_height = reader.I32LE();
            if (reader.Empty()) return message;
            message.relay = reader.U8() != 0;
            return message;
        },
        /*allow_trailing=*/true);
}

Bytes EncodeVersion(const VersionMessage& message)
{
    if (message.user_agent.size() > MAX_SUBVERSION_LENGTH) {
        throw std::invalid_argument{"version: user_agent of " + std::to_string(message.user_agent.size()) +
                                    " bytes > " + std::to_string(MAX_SUBVERSION_LENGTH)};
    }
    Writer writer;
    writer.I32LE(message.version);
    writer.U64LE(message.services);
    writer.I64LE(message.timestamp);
    WriteVersionAddress(writer, message.addr_recv);
    WriteVersionAddress(writer, message.addr_from);
    writer.U64LE(message.nonce);
    writer.String(message.user_agent);
    writer.I32LE(message.start_height);
    if (message.relay) writer.U8(*message.relay ? 1 : 0);
    return writer.Take();
}

std::vector<AddrEntry> DecodeAddr(ByteSpan payload)
{
    return DecodeWhole(command::ADDR, payload, [](Reader& reader) {
        const uint64_t count = ReadEntryCount(reader);
        std::vector<AddrEntry> entries;
        entries.reserve(reader.ReservableCount(count, ADDR_V1_ENTRY_SIZE));
        for (uint64_t i = 0; i < count; ++i) {
            AddrEntry entry;
            entry.time = reader.U32LE();
            entry.services = reader.U64LE();
            entry.address = NetAddress::FromIPv6(reader.Array<ADDR_IPV6_SIZE>());
            entry.port = reader.U16BE();
            entries.push_back(entry);
        }
        return entries;
    });
}

Bytes EncodeAddr(std::span<const AddrEntry> entries)
{
    CheckEntryCount(command::ADDR, entries.size());
    Writer writer;
    writer.CompactSize(entries.size());
    for (const AddrEntry& entry : entries) {
        if (!entry.address.IsAddrV1Compatible()) {
            throw std::invalid_argument{"addr: " + std::string{NetworkName(entry.address.GetNetwork())} +
                                        " address needs addrv2: " + entry.address.ToString()};
        }
        writer.U32LE(entry.time);
        writer.U64LE(entry.services);
        writer.Append(entry.address.V1Bytes());
        writer.U16BE(entry.port);
    }
    return writer.Take();
}

std::vector<AddrEntry> DecodeAddrV2(ByteSpan payload)
{
    return DecodeWhole(command::ADDRV2, payload, [](Reader& reader) {
        const uint64_t count = ReadEntryCount(reader);
        std::vector<AddrEntry> entries;
        entries.reserve(reader.ReservableCount(count, ADDR_V2_MIN_ENTRY_SIZE));
        for (uint64_t i = 0; i < count; ++i) {
            AddrEntry entry;
            entry.time = reader.U32LE();
            // BIP155 services are a CompactSize without Core's MAX_SIZE range check
            // (CompactSizeFormatter<false>), but still canonical.
            entry.services = reader.CompactSize(UINT64_MAX);
            const uint8_t network_id = reader.U8();
            const uint64_t length = reader.CompactSize();
            if (length > MAX_ADDRV2_SIZE) {
                throw DecodeError{"Address too long: " + std::to_string(length) + " > " +
                                  std::to_string(MAX_ADDRV2_SIZE)};
            }
            entry.address = NetAddress::FromBip155(network_id, reader.Take(static_cast<size_t>(length)));
            entry.port = reader.U16BE();
            entries.push_back(entry);
        }
        return entries;
    });
}

Bytes EncodeAddrV2(std::span<const AddrEntry> entries)
{
    CheckEntryCount(command::ADDRV2, entries.size());
    Writer writer;
    writer.CompactSize(entries.size());
    for (const AddrEntry& entry : entries) {
        writer.U32LE(entry.time);
        writer.CompactSize(entry.services);
        writer.U8(entry.address.Bip155Id());
        writer.CompactSize(entry.address.Raw().size());
        writer.Append(entry.address.Raw());
        writer.U16BE(entry.port);
    }
    return writer.Take();
}

uint64_t DecodeNonce(ByteSpan payload)
{
    // ping and pong share the layout; the error names the nonce, the caller knows the command.
    return DecodeWhole("nonce", payload, [](Reader& reader) { return reader.U64LE(); });
}

Bytes EncodeNonce(uint64_t nonce)
{
    Writer writer;
    writer.U64LE(nonce);
    return writer.Take();
}

SendCmpct DecodeSendCmpct(ByteSpan payload)
{
    return DecodeWhole(command::SENDCMPCT, payload, [](Reader& reader) {
        SendCmpct message;
        message.high_bandwidth = reader.U8() != 0;
        message.version = reader.U64LE();
        return message;
    });
}

Bytes EncodeSendCmpct(const SendCmpct& message)
{
    Writer writer;
    writer.U8(message.high_bandwidth ? 1 : 0);
    writer.U64LE(message.version);
    return writer.Take();
}

int64_t DecodeFeeFilter(ByteSpan payload)
{
    return DecodeWhole(command::FEEFILTER, payload, [](Reader& reader) { return reader.I64LE(); });
}

Bytes EncodeFeeFilter(int64_t fee_rate)
{
    Writer writer;
    writer.I64LE(fee_rate);
    return writer.Take();
}

void DecodeEmpty(std::string_view command, ByteSpan payload)
{
    DecodeWhole(command, payload, [](Reader&) { return true; });
}

Message DecodeMessage(const Frame& frame)
{
    const std::string_view name = frame.command;
    const ByteSpan payload = frame.payload;
    auto nonce = [&](std::string_view command) {
        return DecodeWhole(command, payload, [](Reader& reader) { return reader.U64LE(); });
    };
    if (name == command::VERSION) return DecodeVersion(payload);
    if (name == command::ADDR) return Addr{DecodeAddr(payload)};
    if (name == command::ADDRV2) return AddrV2{DecodeAddrV2(payload)};
    if (name == command::PING) return Ping{nonce(command::PING)};
    if (name == command::PONG) return Pong{nonce(command::PONG)};
    if (name == command::SENDCMPCT) return DecodeSendCmpct(payload);
    if (name == command::FEEFILTER) return FeeFilter{DecodeFeeFilter(payload)};
    if (name == command::VERACK || name == command::SENDADDRV2 || name == command::GETADDR ||
        name == command::WTXIDRELAY || name == command::SENDHEADERS) {
        DecodeEmpty(name, payload);
        if (name == command::VERACK) return Verack{};
        if (name == command::SENDADDRV2) return SendAddrV2{};
        if (name == command::GETADDR) return GetAddr{};
        if (name == command::WTXIDRELAY) return WtxidRelay{};
        return SendHeaders{};
    }
    return Unknown{frame.command, frame.payload};
}

std::string_view CommandOf(const Message& message)
{
    return std::visit(Overloaded{
                          [](const VersionMessage&) { return command::VERSION; },
                          [](const Verack&) { return command::VERACK; },
                          [](const SendAddrV2&) { return command::SENDADDRV2; },
                          [](const GetAddr&) { return command::GETADDR; },
                          [](const WtxidRelay&) { return command::WTXIDRELAY; },
                          [](const SendHeaders&) { return command::SENDHEADERS; },
                          [](const Addr&) { return command::ADDR; },
                          [](const AddrV2&) { return command::ADDRV2; },
                          [](const Ping&) { return command::PING; },
                          [](const Pong&) { return command::PONG; },
                          [](const SendCmpct&) { return command::SENDCMPCT; },
                          [](const FeeFilter&) { return command::FEEFILTER; },
                          [](const Unknown& unknown) { return std::string_view{unknown.command}; },
                      },
                      message);
}

Bytes EncodePayload(const Message& message)
{
    return std::visit(Overloaded{
                          [](const VersionMessage& version) { return EncodeVersion(version); },
                          [](const Addr& addr) { return EncodeAddr(addr.entries); },
                          [](const AddrV2& addrv2) { return EncodeAddrV2(addrv2.entries); },
                          [](const Ping& ping) { return EncodeNonce(ping.nonce); },
                          [](const Pong& pong) { return EncodeNonce(pong.nonce); },
                          [](const SendCmpct& sendcmpct) { return EncodeSendCmpct(sendcmpct); },
                          [](const FeeFilter& feefilter) { return EncodeFeeFilter(feefilter.fee_rate); },
                          [](const Unknown& unknown) { return unknown.payload; },
                          [](const auto&) { return Bytes{}; },  // the empty-payload messages
                      },
                      message);
}

}  // namespace wire
