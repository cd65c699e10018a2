// Why this file exists: the one place where bytes off the wire become integers, sizes and strings,
// so every bound (end of data, canonical CompactSize, size caps) is checked exactly once.
#include "wire/serialize.h"

#include <algorithm>

namespace wire {

namespace {

// CompactSize markers (Bitcoin Core src/serialize.h, WriteCompactSize/ReadCompactSize).
constexpr uint8_t COMPACT_16 = 0xfd;
constexpr uint8_t COMPACT_32 = 0xfe;
constexpr uint8_t COMPACT_64 = 0xff;

int HexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

ByteSpan Reader::Take(size_t count)
{
    if (count > Remaining()) throw DecodeError{"end of data"};
    auto bytes = m_data.subspan(m_position, count);
    m_position += count;
    return bytes;
}

uint8_t Reader::U8()
{
    return Take(1)[0];
}

uint16_t Reader::U16LE()
{
    auto b = Take(2);
    return static_cast<uint16_t>(b[0] | (b[1] << 8));
}

uint16_t Reader::U16BE()
{
    auto b = Take(2);
    return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

uint32_t Reader::U32LE()
{
    auto b = Take(4);
    return static_cast<uint32_t>(b[0]) | (static_cast<uint32_t>(b[1]) << 8) | (static_cast<uint32_t>(b[2]) << 16) |
           (static_cast<uint32_t>(b[3]) << 24);
}

int32_t Reader::I32LE()
{
    return static_cast<int32_t>(U32LE());
}

uint64_t Reader::U64LE()
{
    const uint64_t low = U32LE();
    const uint64_t high = U32LE();
    return low | (high << 32);
}

int64_t Reader::I64LE()
{
    return static_cast<int64_t>(U64LE());
}

uint64_t Reader::CompactSize(uint64_t max)
{
    const uint8_t marker = U8();
    uint64_t value = marker;
    uint64_t smallest = 0;
    if (marker == COMPACT_16) {
        value = U16LE();
        smallest = COMPACT_16;
    } else if (marker == COMPACT_32) {
        value = U32LE();
        smallest = 0x10000;
    } else if (marker == COMPACT_64) {
        value = U64LE();
        smallest = 0x100000000;
    }
    if (value < smallest) throw DecodeError{"CompactSize: non-canonical encoding"};
    if (value > max) {
        throw DecodeError{"CompactSize: " + std::to_string(value) + " > " + std::to_string(max)};
    }
    return value;
}

std::string Reader::String(size_t max_length)
{
    const uint64_t length = CompactSize();
    if (length > max_length) {
        throw DecodeError{"string of " + std::to_string(length) + " bytes > " + std::to_string(max_length)};
    }
    auto bytes = Take(static_cast<size_t>(length));
    return std::string(bytes.begin(), bytes.end());
}

size_t Reader::ReservableCount(uint64_t count, size_t min_item_size) const
{
    return static_cast<size_t>(std::min<uint64_t>(count, Remaining() / min_item_size));
}

void Writer::U8(uint8_t value)
{
    m_out.push_back(value);
}

void Writer::U16LE(uint16_t value)
{
    U8(static_cast<uint8_t>(value));
    U8(static_cast<uint8_t>(value >> 8));
}

void Writer::U16BE(uint16_t value)
{
    U8(static_cast<uint8_t>(value >> 8));
    U8(static_cast<uint8_t>(value));
}

void Writer::U32LE(uint32_t value)
{
    U16LE(static_cast<uint16_t>(value));
    U16LE(static_cast<uint16_t>(value >> 16));
}

void Writer::I32LE(int32_t value)
{
    U32LE(static_cast<uint32_t>(value));
}

void Writer::U64LE(uint64_t value)
{
    U32LE(static_cast<uint32_t>(value));
    U32LE(static_cast<uint32_t>(value >> 32));
}

void Writer::I64LE(int64_t value)
{
    U64LE(static_cast<uint64_t>(value));
}

void Writer::CompactSize(uint64_t value)
{
    if (value < COMPACT_16) {
        U8(static_cast<uint8_t>(value));
    } else if (value <= 0xffff) {
        U8(COMPACT_16);
        U16LE(static_cast<uint16_t>(value));
    } else if (value <= 0xffffffff) {
        U8(COMPACT_32);
        U32LE(static_cast<uint32_t>(value));
    } else {
        U8(COMPACT_64);
        U64LE(value);
    }
}

void Writer::Append(ByteSpan bytes)
{
    m_out.insert(m_out.end(), bytes.begin(), bytes.end());
}

void Writer::String(std::string_view text)
{
    CompactSize(text.size());
    m_out.insert(m_out.end(), text.begin(), text.end());
}

size_t CompactSizeLength(uint64_t value)
{
    if (value < COMPACT_16) return 1;
    if (value <= 0xffff) return 3;
    if (value <= 0xffffffff) return 5;
    return 9;
}

std::string HexStr(ByteSpan bytes)
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t byte : bytes) {
        out += DIGITS[byte >> 4];
        out += DIGITS[byte & 0x0f];
    }
    return out;
}

Bytes ParseHex(std::string_view hex)
{
    if (hex.size() % 2 != 0) throw std::invalid_argument{"odd number of hex digits"};
    Bytes out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int high = HexValue(hex[i]);
        const int low = HexValue(hex[i + 1]);
        if (high < 0 || low < 0) throw std::invalid_argument{"not a hex digit in \"" + std::string{hex} + "\""};
        out.push_back(static_cast<uint8_t>((high << 4) | low));
    }
    return out;
}

}  // namespace wire
