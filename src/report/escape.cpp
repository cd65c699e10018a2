// Why this file exists: the single decoder of peer-supplied text (see escape.h for the rules).
#include "report/escape.h"

#include <fmt/format.h>
#include <cstdint>

namespace report {
namespace {

struct Utf8Sequence {
    size_t length;  // 0 when the bytes are not a valid sequence
    uint32_t code_point;
};

// The valid UTF-8 sequence starting at `text[position]`, or length 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid, RFC 3629).
Utf8Sequence DecodeUtf8(std::string_view text, size_t position)
{
    constexpr Utf8Sequence INVALID{0, 0};
    const auto byte = [&](size_t index) { return static_cast<uint8_t>(text[index]); };
    const uint8_t lead = byte(position);
    size_t length;
    uint32_t minimum, code_point;
    if (lead < 0x80) {
        return {1, lead};
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, code_point = lead & 0x07;
    } else {
        return INVALID;
    }
    if (position + length > text.size()) return INVALID;
    for (size_t index = 1; index < length; ++index) {
        const uint8_t continuation = byte(position + index);
        if ((continuation & 0xC0) != 0x80) return INVALID;
        code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF) return INVALID;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return INVALID;
    return {length, code_point};
}

bool IsControl(uint32_t code_point)
{
    return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

}  // namespace

std::string PrintableText(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    size_t position = 0;
    while (position < raw.size()) {
        const auto [length, code_point] = DecodeUtf8(raw, position);
        if (length == 0 || IsControl(code_point)) {
            // An invalid lead byte is escaped alone: what follows may still be valid text.
            const size_t escaped = length == 0 ? 1 : length;
            for (size_t index = 0; index < escaped; ++index) {
                out += fmt::format("\\x{:02X}", static_cast<uint8_t>(raw[position + index]));
            }
            position += escaped;
        } else if (code_point == '\\') {
            out += "\\\\";
            position += 1;
        } else {
            out.append(raw.substr(position, length));
            position += length;
        }
    }
    return out;
}

}  // namespace report
