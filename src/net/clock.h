#pragma once
// Why this file exists: every *_at column is Unix time in milliseconds; one function makes them.
#include <chrono>
#include <cstdint>

namespace net {

inline int64_t NowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace net
