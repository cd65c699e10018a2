#pragma once
// Why this file exists: framing without sockets (Bitcoin Core's Transport): bytes in as they arrive,
// whole messages out, and every reason to drop a peer decided from the 24-byte header before a
// single payload byte is buffered.
//
// Header layout (Bitcoin Core src/protocol.h, CMessageHeader):
//   magic (4) | command, NUL-padded ASCII (12) | payload length, LE (4) | checksum (4)
// The checksum is the first 4 bytes of SHA256(SHA256(payload)); for an empty payload: 5df6e0e2.
#include <array>
#include <optional>
#include <string>

#include "wire/serialize.h"

namespace wire {

using Magic = std::array<uint8_t, 4>;

constexpr size_t MESSAGE_START_SIZE = 4;
constexpr size_t COMMAND_SIZE = 12;
constexpr size_t MESSAGE_SIZE_SIZE = 4;
constexpr size_t CHECKSUM_SIZE = 4;
constexpr size_t HEADER_SIZE = MESSAGE_START_SIZE + COMMAND_SIZE + MESSAGE_SIZE_SIZE + CHECKSUM_SIZE;
static_assert(HEADER_SIZE == 24);

// Bitcoin Core's MAX_PROTOCOL_MESSAGE_LENGTH.
constexpr uint32_t MAX_PROTOCOL_MESSAGE_LENGTH = 4'000'000;

// Bitcoin Core CMessageHeader::IsCommandValid: a 12-byte command is printable ASCII, then only NUL
// padding (v2 long-form message types follow the same rule).
bool IsCommandValid(ByteSpan command);

using Checksum = std::array<uint8_t, CHECKSUM_SIZE>;
Checksum PayloadChecksum(ByteSpan payload);

struct Frame {
    std::string command;
    Bytes payload;
};

enum class FrameErrorKind { bad_magic, bad_command, oversize, bad_checksum };

class FrameError : public DecodeError {
public:
    FrameError(FrameErrorKind kind, const std::string& what) : DecodeError{what}, m_kind{kind} {}
    FrameErrorKind Kind() const { return m_kind; }

private:
    FrameErrorKind m_kind;
};

// Incremental decoder: Feed() bytes in any chunking, then call Next() until it returns nullopt.
// After it throws FrameError the stream is unusable (the connection is to be dropped).
class FrameDecoder {
public:
    explicit FrameDecoder(Magic magic) : m_magic{magic} {}

    void Feed(ByteSpan bytes);
    // The next whole message, or nullopt while more bytes are needed. Throws FrameError on bad
    // magic, a command that is not NUL-padded printable ASCII, a declared length over
    // MAX_PROTOCOL_MESSAGE_LENGTH (decided from the header alone) or a checksum mismatch.
    std::optional<Frame> Next();
    // Bytes received but not yet returned as a message.
    size_t Buffered() const { return m_buffer.size() - m_consumed; }

private:
    Magic m_magic;
    Bytes m_buffer;
    size_t m_consumed{0};
};

Bytes EncodeFrame(const Magic& magic, std::string_view command, ByteSpan payload);

}  // namespace wire
