#pragma once
// Why this file exists: user agents are whatever bytes a peer sent (invalid UTF-8, control
// characters, terminal escape sequences). Every output format shows them through this one
// function, so the text table, CSV, JSON and bitnodes files all stay valid and all agree.
#include <string>
#include <string_view>

namespace report {

// Valid, printable UTF-8 is kept as it is. A backslash becomes `\\`; every byte of an invalid
// UTF-8 sequence, and every byte of a C0 control (U+0000–U+001F), DEL (U+007F) or C1 control
// (U+0080–U+009F), becomes `\xNN` (two upper-case hex digits). The mapping is injective, so two
// different user agents never print the same, and the result is always valid UTF-8.
std::string PrintableText(std::string_view raw);

}  // namespace report
