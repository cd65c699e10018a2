#pragma once
// Why this file exists: one source must not be able to take the whole server (a flood, or a
// reflection attack that spoofs a victim's address). A token bucket per source address: each
// query takes a token; tokens come back at a steady rate up to a burst. Pure, given the clock.
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace dns {

// 20 queries a second from one address, bursts of 40: far above what a resolver sends a seed,
// far below what would let one address amplify through us.
constexpr double SOURCE_QUERIES_PER_SECOND = 20;
constexpr double SOURCE_BURST = 2 * SOURCE_QUERIES_PER_SECOND;
// Sources remembered at once; when full, the ones whose bucket has refilled are forgotten (they
// would start full anyway), and if none has, all are: memory stays bounded under spoofed floods.
constexpr size_t MAX_TRACKED_SOURCES = 100'000;

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    RateLimiter(double per_second = SOURCE_QUERIES_PER_SECOND, double burst = SOURCE_BURST,
                size_t max_sources = MAX_TRACKED_SOURCES);

    // `source`: the address bytes (any length; the port is not part of it). False: drop the query.
    bool Allow(const std::string& source, Clock::time_point now);
    size_t Tracked() const { return m_buckets.size(); }

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    double Refilled(const Bucket& bucket, Clock::time_point now) const;
    void Forget(Clock::time_point now);

    double m_per_second;
    double m_burst;
    size_t m_max_sources;
    std::unordered_map<std::string, Bucket> m_buckets;
};

}  // namespace dns
