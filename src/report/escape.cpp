// Why this file exists: the single decoder of peer-supplied text (see escape.h for the rules).
#include "report/escape.h"

#include <fmt/format.h>
#include <cstdint>

namespace report {
namespace {

// Length of the valid UTF-8 sequence starting at `text[position]`, or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid, RFC 3629).
size_t Utf8SequenceLength(std::string_view text, size_t position, uint32_t& code_point)
{
    const auto byte = [&](size_t index) { return static_cast<uint8_t>(text[index]); };
    const uint8_t lead = byte(position);
    size_t length;
    uint32_t minimum;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, code_point = lead & 0x07;
    } else {
        return 0;
    }
    if (position + length > text.size()) return 0;
    for (size_t index = 1; index < length; ++index) {
        const uint8_t continuation = byte(position + index);
        if ((continuation & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF) return 0;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
    return length;
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
        uint32_t code_point = 0;
        const size_t length = Utf8SequenceLength(raw, position, code_point);
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
