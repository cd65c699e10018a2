// Why this file exists: dns::ParseFlagLabel (flags.h).
#include "dns/flags.h"

#include <algorithm>

namespace dns {
namespace {

constexpr size_t MAX_HEX_DIGITS = 16;  // 64 bits of services

std::optional<uint64_t> HexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return std::nullopt;
}

}  // namespace

std::optional<uint64_t> ParseFlagLabel(std::string_view label)
{
    if (label.size() < 2 || (label[0] != 'x' && label[0] != 'X')) return std::nullopt;
    const std::string_view hex = label.substr(1);
    if (hex.size() > MAX_HEX_DIGITS || hex[0] == '0') return std::nullopt;
    uint64_t flags = 0;
    for (char c : hex) {
        const auto digit = HexDigit(c);
        if (!digit) return std::nullopt;
        flags = (flags << 4) | *digit;
    }
    if (std::find(ACCEPTED_FLAGS.begin(), ACCEPTED_FLAGS.end(), flags) == ACCEPTED_FLAGS.end()) return std::nullopt;
    return flags;
}

}  // namespace dns
