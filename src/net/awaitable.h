#pragma once
// Why this file exists: one spelling, for net/, crawl/ and btcsim, of how a coroutine awaits an
// Asio operation — errors come back as values (STYLE.md, Asio's examples), never as exceptions
// that would skip the outcome a connection must record — and of the process's one source of
// unpredictable numbers for nonces, proxy credentials and session ids.
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <cstdint>
#include <random>

namespace net {

inline constexpr auto AS_TUPLE = asio::experimental::as_tuple(asio::use_awaitable);

// Not for keys: BIP324's keys and garbage come from OpenSSL's RAND_bytes.
inline uint64_t RandomU64()
{
    static thread_local std::mt19937_64 generator{std::random_device{}()};
    return generator();
}

}  // namespace net
