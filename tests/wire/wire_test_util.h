#pragma once
// Why this file exists: the two helpers every wire test needs — bytes from annotated hex, and the
// exact text of the error a call throws — so the tests read as vectors and exact messages.
#include <string>
#include <string_view>

#include "wire/serialize.h"

namespace wire::test {

inline Bytes Hex(std::string_view hex)
{
    return ParseHex(hex);
}

// The what() of the Error the call throws; "no error" or "other exception: ..." otherwise, so a
// wrong exception type fails the comparison with a readable message.
template <class Error, class Call>
std::string ErrorOf(Call call)
{
    try {
        call();
    } catch (const Error& error) {
        return error.what();
    } catch (const std::exception& error) {
        return std::string{"other exception: "} + error.what();
    }
    return "no error";
}

}  // namespace wire::test
