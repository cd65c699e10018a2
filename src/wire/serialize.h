#pragma once
// Why this file exists: every bound of the wire format lives in the low-level reader (canonical
// CompactSize, size caps, a cap on what a count read off the wire may pre-allocate), as in Bitcoin
// Core's serialize.h, so that each message decoder stays declarative and cannot forget a check.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wire {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

// Bad input from the wire. The message names where it was found, e.g.
// "addrv2: 1001 entries > 1000" or "CompactSize: non-canonical encoding".
class DecodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bitcoin Core's MAX_SIZE: no length or count read off the wire may exceed it.
constexpr uint64_t MAX_SIZE = 0x02000000;

// Reads little/big-endian integers, CompactSize and length-prefixed strings from a byte span.
// Every method throws DecodeError when the input is too short or breaks a rule.
class Reader {
public:
    explicit Reader(ByteSpan data) : m_data{data} {}

    uint8_t U8();
    uint16_t U16LE();
    uint16_t U16BE();  // ports in addr/addrv2/version are big-endian
    uint32_t U32LE();
    int32_t I32LE();
    uint64_t U64LE();
    int64_t I64LE();
    // A CompactSize that must use its shortest encoding and be at most `max`.
    uint64_t CompactSize(uint64_t max = MAX_SIZE);
    // The next `count` bytes, without copying.
    ByteSpan Take(size_t count);
    template <size_t N>
    std::array<uint8_t, N> Array()
    {
        std::array<uint8_t, N> out;
        auto bytes = Take(N);
        std::copy(bytes.begin(), bytes.end(), out.begin());
        return out;
    }
    // A CompactSize-prefixed string of at most `max_length` bytes, kept as raw bytes (not checked
    // for UTF-8: peers send what they send).
    std::string String(size_t max_length);

    // How many of `count` items (read off the wire) to reserve room for: never more than the
    // remaining bytes could hold at `min_item_size` bytes each, so a lying count cannot make us
    // allocate memory the message does not carry.
    size_t ReservableCount(uint64_t count, size_t min_item_size) const;

    size_t Remaining() const { return m_data.size() - m_position; }
    bool Empty() const { return Remaining() == 0; }
    size_t Position() const { return m_position; }

private:
    ByteSpan m_data;
    size_t m_position{0};
};

// Appends little/big-endian integers, CompactSize and strings to a growing byte vector.
class Writer {
public:
    void U8(uint8_t value);
    void U16LE(uint16_t value);
    void U16BE(uint16_t value);
    void U32LE(uint32_t value);
    void I32LE(int32_t value);
    void U64LE(uint64_t value);
    void I64LE(int64_t value);
    void CompactSize(uint64_t value);
    void Append(ByteSpan bytes);
    void String(std::string_view text);

    const Bytes& Data() const { return m_out; }
    Bytes Take() { return std::move(m_out); }

private:
    Bytes m_out;
};

// Size of the CompactSize encoding of `value` (1, 3, 5 or 9).
size_t CompactSizeLength(uint64_t value);

std::string HexStr(ByteSpan bytes);
Bytes ParseHex(std::string_view hex);  // throws std::invalid_argument on a non-hex string

}  // namespace wire
