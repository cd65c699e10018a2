// Why this file exists: the message framing of Bitcoin's P2P protocol, incremental so that a
// connection can hand over socket reads as they come and learn about a bad peer from the header
// alone, before any payload is buffered.
#include "wire/frame.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace wire {

namespace {

constexpr size_t COMMAND_OFFSET = MESSAGE_START_SIZE;
constexpr size_t LENGTH_OFFSET = COMMAND_OFFSET + COMMAND_SIZE;
constexpr size_t CHECKSUM_OFFSET = LENGTH_OFFSET + MESSAGE_SIZE_SIZE;

using Sha256Digest = std::array<uint8_t, 32>;

// Fetched once: with EVP_sha256() OpenSSL 3 looks the algorithm up again, under a global lock, in
// every EVP_Digest call — per message, twice, that was most of the cost of a busy connection.
const EVP_MD* FetchedSha256()
{
    static const EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return sha256;
}

Sha256Digest Sha256(ByteSpan data)
{
    Sha256Digest digest;
    unsigned int length = 0;
    const EVP_MD* sha256 = FetchedSha256();
    if (sha256 == nullptr || EVP_Digest(data.data(), data.size(), digest.data(), &length, sha256, nullptr) != 1) {
        throw std::runtime_error{"OpenSSL SHA-256 failed"};
    }
    return digest;
}

uint32_t ReadLE32(const uint8_t* bytes)
{
    return static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
           (static_cast<uint32_t>(bytes[2]) << 16) | (static_cast<uint32_t>(bytes[3]) << 24);
}

}  // namespace

bool IsCommandValid(ByteSpan command)
{
    auto first_nul = std::find(command.begin(), command.end(), uint8_t{0});
    const bool printable = std::all_of(command.begin(), first_nul, [](uint8_t c) { return c >= 0x20 && c <= 0x7e; });
    const bool padded = std::all_of(first_nul, command.end(), [](uint8_t c) { return c == 0; });
    return printable && padded;
}

Checksum PayloadChecksum(ByteSpan payload)
{
    const Sha256Digest once = Sha256(payload);
    const Sha256Digest twice = Sha256(once);
    Checksum checksum;
    std::copy_n(twice.begin(), CHECKSUM_SIZE, checksum.begin());
    return checksum;
}

void FrameDecoder::Feed(ByteSpan bytes)
{
    // Drop what Next() has consumed once it is at least half the buffer: each byte is moved at
    // most a bounded number of times, so a stream of many small messages stays linear.
    if (m_consumed > 0 && m_consumed * 2 >= m_buffer.size()) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_consumed));
        m_consumed = 0;
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
}

std::optional<Frame> FrameDecoder::Next()
{
    const uint8_t* start = m_buffer.data() + m_consumed;
    const size_t available = Buffered();

    if (available >= MESSAGE_START_SIZE && !std::equal(m_magic.begin(), m_magic.end(), start)) {
        throw FrameError{FrameErrorKind::bad_magic, "frame: bad magic " + HexStr(ByteSpan{start, MESSAGE_START_SIZE}) +
                                                        " (expected " + HexStr(m_magic) + ")"};
    }
    if (available < HEADER_SIZE) return std::nullopt;

    const ByteSpan raw_command{start + COMMAND_OFFSET, COMMAND_SIZE};
    if (!IsCommandValid(raw_command)) {
        throw FrameError{FrameErrorKind::bad_command, "frame: bad command " + HexStr(raw_command)};
    }
    const std::string command{reinterpret_cast<const char*>(raw_command.data()),
                              strnlen(reinterpret_cast<const char*>(raw_command.data()), COMMAND_SIZE)};

    const uint32_t length = ReadLE32(start + LENGTH_OFFSET);
    if (length > MAX_PROTOCOL_MESSAGE_LENGTH) {
        throw FrameError{FrameErrorKind::oversize, "frame: " + command + " payload of " + std::to_string(length) +
                                                       " bytes > " + std::to_string(MAX_PROTOCOL_MESSAGE_LENGTH)};
    }
    if (available < HEADER_SIZE + length) return std::nullopt;

    const ByteSpan payload{start + HEADER_SIZE, length};
    const ByteSpan declared{start + CHECKSUM_OFFSET, CHECKSUM_SIZE};
    const Checksum actual = PayloadChecksum(payload);
    if (!std::equal(actual.begin(), actual.end(), declared.begin())) {
        throw FrameError{FrameErrorKind::bad_checksum, "frame: " + command + " checksum " + HexStr(declared) +
                                                           " (payload hashes to " + HexStr(actual) + ")"};
    }

    Frame frame{command, Bytes(payload.begin(), payload.end())};
    m_consumed += HEADER_SIZE + length;
    return frame;
}

Bytes EncodeFrame(const Magic& magic, std::string_view command, ByteSpan payload)
{
    if (command.size() > COMMAND_SIZE) {
        throw std::invalid_argument{"command \"" + std::string{command} + "\" longer than 12 bytes"};
    }
    if (payload.size() > MAX_PROTOCOL_MESSAGE_LENGTH) {
        throw std::invalid_argument{"payload of " + std::to_string(payload.size()) + " bytes > " +
                                    std::to_string(MAX_PROTOCOL_MESSAGE_LENGTH)};
    }
    Writer writer;
    writer.Append(magic);
    std::array<uint8_t, COMMAND_SIZE> padded{};
    std::copy(command.begin(), command.end(), padded.begin());
    writer.Append(padded);
    writer.U32LE(static_cast<uint32_t>(payload.size()));
    writer.Append(PayloadChecksum(payload));
    writer.Append(payload);
    return writer.Take();
}

}  // namespace wire
