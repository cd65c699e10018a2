// Why this file exists: peer-supplied user agents must print safely and unambiguously everywhere.
#include <gtest/gtest.h>

#include "report/escape.h"

namespace report {
namespace {

struct Case {
    std::string raw;
    std::string printed;
};

TEST(PrintableText, Cases)
{
    const std::vector<Case> cases{
        {"/Satoshi:27.0.0/", "/Satoshi:27.0.0/"},
        {"", ""},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},  // é € 😀 kept
        {"a\\b", "a\\\\b"},                          // backslash doubled: the escaping is injective
        {"\\xFF", "\\\\xFF"},                        // literal text never reads as an escape
        {std::string("nul\0x", 5), "nul\\x00x"},     // C0 controls
        {"bell\x07\x1b[31m", "bell\\x07\\x1B[31m"},  // terminal escape sequences neutralised
        {"del\x7f", "del\\x7F"},
        {"c1\xc2\x85", "c1\\xC2\\x85"},                // U+0085 (NEL), a C1 control: both bytes
        {"bad\xff", "bad\\xFF"},                       // invalid byte
        {"\xc3(", "\\xC3("},                           // truncated sequence: the next byte is kept
        {"\xe2\x82", "\\xE2\\x82"},                    // truncated at the end
        {"\xc0\xaf", "\\xC0\\xAF"},                    // overlong '/'
        {"\xed\xa0\x80", "\\xED\\xA0\\x80"},           // UTF-16 surrogate
        {"\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80"},  // above U+10FFFF
    };
    for (const auto& test : cases)
        EXPECT_EQ(PrintableText(test.raw), test.printed) << test.raw;
}

}  // namespace
}  // namespace report
