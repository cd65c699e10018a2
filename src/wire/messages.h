#pragma once
// Why this file exists: the P2P messages a crawler exchanges, each with its command name, its
// decoder and its encoder side by side (btcd's wire/ layout), limits as named constants.
// Decoders take the whole payload, consume all of it (except where the protocol allows trailing
// data, noted below) and throw DecodeError naming the message, e.g. "addr: 1001 entries > 1000".
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "wire/address.h"
#include "wire/frame.h"
#include "wire/serialize.h"

namespace wire {

namespace command {
constexpr std::string_view VERSION = "version";
constexpr std::string_view VERACK = "verack";
constexpr std::string_view SENDADDRV2 = "sendaddrv2";  // BIP155
constexpr std::string_view GETADDR = "getaddr";
constexpr std::string_view ADDR = "addr";
constexpr std::string_view ADDRV2 = "addrv2";            // BIP155
constexpr std::string_view PING = "ping";                // BIP31
constexpr std::string_view PONG = "pong";                // BIP31
constexpr std::string_view WTXIDRELAY = "wtxidrelay";    // BIP339
constexpr std::string_view SENDHEADERS = "sendheaders";  // BIP130
constexpr std::string_view SENDCMPCT = "sendcmpct";      // BIP152
constexpr std::string_view FEEFILTER = "feefilter";      // BIP133
}  // namespace command

constexpr int32_t PROTOCOL_VERSION = 70016;
constexpr size_t MAX_SUBVERSION_LENGTH = 256;
constexpr size_t MAX_ADDR_TO_SEND = 1000;  // entries per addr/addrv2 message

// The network address as `version` carries it: services + 16-byte address + port, no time.
struct VersionAddress {
    uint64_t services{0};
    NetAddress address;
    uint16_t port{0};
    bool operator==(const VersionAddress&) const = default;
};

// `version`. Old peers send shorter payloads: fields after addr_recv are optional in the order
// they were introduced (106: addr_from, nonce, user_agent, start_height; 70001: relay). A missing
// field decodes to its default; `relay` is nullopt when the byte is absent.
struct VersionMessage {
    int32_t version{PROTOCOL_VERSION};
    uint64_t services{0};
    int64_t timestamp{0};
    VersionAddress addr_recv;
    VersionAddress addr_from;
    uint64_t nonce{0};
    std::string user_agent;  // raw bytes, at most MAX_SUBVERSION_LENGTH
    int32_t start_height{0};
    std::optional<bool> relay;
    bool operator==(const VersionMessage&) const = default;
};
VersionMessage DecodeVersion(ByteSpan payload);
Bytes EncodeVersion(const VersionMessage& message);

// One entry of `addr` (v1) or `addrv2` (BIP155).
struct AddrEntry {
    uint32_t time{0};
    uint64_t services{0};
    NetAddress address;
    uint16_t port{0};
    bool operator==(const AddrEntry&) const = default;
};

// `addr`: CompactSize count (at most MAX_ADDR_TO_SEND), then time(4) services(8) ip(16) port(2, BE).
std::vector<AddrEntry> DecodeAddr(ByteSpan payload);
Bytes EncodeAddr(std::span<const AddrEntry> entries);  // throws std::invalid_argument for non-v1 networks
// `addrv2`: CompactSize count, then time(4) services(CompactSize) networkID(1) addr(CompactSize
// length, at most MAX_ADDRV2_SIZE) port(2, BE). A known id with the wrong length is an error; an
// unknown id is kept as NetAddress::FromUnknown.
std::vector<AddrEntry> DecodeAddrV2(ByteSpan payload);
Bytes EncodeAddrV2(std::span<const AddrEntry> entries);

// `ping` / `pong`: an 8-byte nonce (BIP31).
uint64_t DecodeNonce(ByteSpan payload);
Bytes EncodeNonce(uint64_t nonce);

// `sendcmpct` (BIP152).
struct SendCmpct {
    bool high_bandwidth{false};
    uint64_t version{0};
    bool operator==(const SendCmpct&) const = default;
};
SendCmpct DecodeSendCmpct(ByteSpan payload);
Bytes EncodeSendCmpct(const SendCmpct& message);

// `feefilter` (BIP133): the fee rate in satoshis per kilobyte.
int64_t DecodeFeeFilter(ByteSpan payload);
Bytes EncodeFeeFilter(int64_t fee_rate);

// Messages with an empty payload: verack, sendaddrv2, getaddr, wtxidrelay, sendheaders.
// A non-empty payload for them is an error ("verack: 3 unexpected bytes").
void DecodeEmpty(std::string_view command, ByteSpan payload);

// A decoded message of any kind; commands this library does not model stay as they came.
struct Verack {};
struct SendAddrV2 {};
struct GetAddr {};
struct WtxidRelay {};
struct SendHeaders {};
struct Addr {
    std::vector<AddrEntry> entries;
};
struct AddrV2 {
    std::vector<AddrEntry> entries;
};
struct Ping {
    uint64_t nonce;
};
struct Pong {
    uint64_t nonce;
};
struct FeeFilter {
    int64_t fee_rate;
};
struct Unknown {
    std::string command;
    Bytes payload;
};

using Message = std::variant<VersionMessage, Verack, SendAddrV2, GetAddr, WtxidRelay, SendHeaders, Addr, AddrV2, Ping,
                             Pong, SendCmpct, FeeFilter, Unknown>;

// Decodes a frame's payload by its command. Throws DecodeError for a malformed known message.
Message DecodeMessage(const Frame& frame);
// The command and payload of a message, ready for EncodeFrame.
std::string_view CommandOf(const Message& message);
Bytes EncodePayload(const Message& message);

}  // namespace wire
