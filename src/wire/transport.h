#pragma once
// Why this file exists: a connection speaks v1 (plaintext frames) or BIP324 v2 (encrypted packets),
// and everything above the framing must not care which. Like Bitcoin Core's Transport (src/net.h),
// a transport knows no sockets: it is fed the bytes the peer sent, asked for the bytes to send, and
// hands out whole messages (command + payload) or a precise TransportError on bad input.
//
// Use: Send() queues messages at any time (v2 holds them until its keys exist); after every socket
// read, Feed() the bytes, call Next() until it returns nullopt, then write TakeOutput(). Write
// TakeOutput() once right after construction too: a v2 initiator speaks first.
//
// V2 handshake (BIP324, "Overall handshake"), each side:
//   send:    ellswift key (64) | garbage (0..4095) | garbage terminator (16) | version packet | ...
//   receive: the peer's key, its garbage up to its terminator, its version packet, then messages.
// The first packet after the garbage carries the garbage as AAD; decoy packets (ignore bit) may
// appear anywhere after the terminator and are dropped.
#include <array>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "wire/bip324_cipher.h"
#include "wire/frame.h"
#include "wire/serialize.h"

namespace wire {

enum class TransportKind { v1, v2 };
std::string_view TransportName(TransportKind kind);  // "v1", "v2"

constexpr size_t MAX_GARBAGE_LEN = 4095;
// What a v1 peer sends first: our magic and "version" NUL-padded to 12 bytes (BIP324: a responder
// that sees these 16 bytes falls back to v1, or closes when it speaks v2 only).
constexpr size_t V1_PREFIX_LEN = MESSAGE_START_SIZE + COMMAND_SIZE;
std::array<uint8_t, V1_PREFIX_LEN> V1VersionPrefix(const Magic& magic);
// The largest contents a v2 packet may declare: message type (1 + 12) and the largest payload.
constexpr size_t MAX_V2_CONTENTS_LEN = 1 + COMMAND_SIZE + MAX_PROTOCOL_MESSAGE_LENGTH;

// BIP324's 1-byte message type ids ("v2 Bitcoin P2P message serialization"); index 0 means a
// 12-byte ASCII command follows. Ids past the table are reserved: such messages are skipped.
constexpr std::array<std::string_view, 29> V2_SHORT_IDS{
    "",
    "addr",
    "block",
    "blocktxn",
    "cmpctblock",
    "feefilter",
    "filteradd",
    "filterclear",
    "filterload",
    "getblocks",
    "getblocktxn",
    "getdata",
    "getheaders",
    "headers",
    "inv",
    "mempool",
    "merkleblock",
    "notfound",
    "ping",
    "pong",
    "sendcmpct",
    "tx",
    "getcfilters",
    "cfilter",
    "getcfheaders",
    "cfheaders",
    "getcfcheckpt",
    "cfcheckpt",
    "addrv2",
};
std::optional<uint8_t> V2ShortId(std::string_view command);

enum class TransportErrorKind {
    // v1 framing (FrameDecoder's reasons)
    bad_magic,
    bad_command,
    oversize,
    bad_checksum,
    // v2
    v1_peer,                // the peer sent a v1 header with our magic before the v2 handshake
    no_garbage_terminator,  // MAX_GARBAGE_LEN bytes of garbage, then no terminator
    bad_tag,                // a packet failed authentication (or keys differ: e.g. wrong magic)
    bad_message_type,       // empty contents or a long-form command that is not NUL-padded ASCII
};

class TransportError : public DecodeError {
public:
    TransportError(TransportErrorKind kind, const std::string& what) : DecodeError{what}, m_kind{kind} {}
    TransportErrorKind Kind() const { return m_kind; }

private:
    TransportErrorKind m_kind;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual TransportKind Kind() const = 0;
    virtual void Feed(ByteSpan bytes) = 0;
    // The next whole message, or nullopt while more bytes are needed. Throws TransportError; after
    // that the transport is unusable (the connection is to be dropped).
    virtual std::optional<Frame> Next() = 0;
    // Queues a message. Throws std::invalid_argument for a command over 12 bytes or an oversize
    // payload (our bug, not the peer's).
    virtual void Send(std::string_view command, ByteSpan payload) = 0;
    // The bytes to write to the peer now (moved out).
    virtual Bytes TakeOutput() = 0;
    // Both sides' handshakes are done: v1 always, v2 once the peer's version packet arrived.
    virtual bool HandshakeComplete() const = 0;
};

// v1: FrameDecoder and EncodeFrame behind the Transport interface.
class V1Transport final : public Transport {
public:
    explicit V1Transport(Magic magic) : m_magic{magic}, m_decoder{magic} {}

    TransportKind Kind() const override { return TransportKind::v1; }
    void Feed(ByteSpan bytes) override { m_decoder.Feed(bytes); }
    std::optional<Frame> Next() override;
    void Send(std::string_view command, ByteSpan payload) override;
    Bytes TakeOutput() override { return std::move(m_output); }
    bool HandshakeComplete() const override { return true; }

private:
    Magic m_magic;
    FrameDecoder m_decoder;
    Bytes m_output;
};

class V2Transport final : public Transport {
public:
    // A fresh random key and random garbage (0..MAX_GARBAGE_LEN bytes).
    V2Transport(Magic magic, bool initiator);
    // Given key and garbage (tests, benchmarks). Throws std::invalid_argument for garbage over
    // MAX_GARBAGE_LEN bytes.
    V2Transport(Magic magic, bool initiator, Bip324Cipher cipher, Bytes garbage);

    TransportKind Kind() const override { return TransportKind::v2; }
    void Feed(ByteSpan bytes) override;
    std::optional<Frame> Next() override;
    void Send(std::string_view command, ByteSpan payload) override;
    Bytes TakeOutput() override { return std::move(m_output); }
    bool HandshakeComplete() const override { return m_receive_state == ReceiveState::application; }

    // The session id both sides derive (BIP324: may be shown to users to detect a MITM), once the
    // peer's key has arrived.
    std::optional<SessionId> GetSessionId() const;
    // The received bytes not yet consumed. After a v1_peer error on a responder that is every byte
    // received: feed them to a V1Transport to serve the v1 peer on the same connection.
    Bytes Unconsumed() const { return {m_buffer.begin() + static_cast<std::ptrdiff_t>(m_consumed), m_buffer.end()}; }
    // Decoy packets and messages with reserved short ids dropped so far.
    uint64_t Ignored() const { return m_ignored; }

private:
    enum class ReceiveState { maybe_v1, key, garbage, version, application };

    bool Step(std::optional<Frame>& message);
    bool ReceiveMaybeV1();
    bool ReceiveKey();
    bool ReceiveGarbage();
    bool ReceivePacket(std::optional<Frame>& message);
    std::optional<Frame> DecodeContents(ByteSpan contents);
    void SendKeyAndGarbage();
    void SendPacket(ByteSpan contents);
    Bytes EncodeContents(std::string_view command, ByteSpan payload) const;
    ByteSpan Unread() const { return {m_buffer.data() + m_consumed, m_buffer.size() - m_consumed}; }

    Magic m_magic;
    bool m_initiator;
    Bip324Cipher m_cipher;
    Bytes m_send_garbage;
    Bytes m_received_garbage;
    bool m_version_sent{false};
    std::deque<Bytes> m_pending;  // encoded contents waiting for the keys
    ReceiveState m_receive_state;
    std::optional<uint32_t> m_packet_length;  // decrypted length of the packet being received
    uint64_t m_packets_received{0};
    uint64_t m_ignored{0};
    Bytes m_buffer;
    size_t m_consumed{0};
    Bytes m_output;
};

}  // namespace wire
