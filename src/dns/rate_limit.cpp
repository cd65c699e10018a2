// Why this file exists: dns::RateLimiter (rate_limit.h).
#include "dns/rate_limit.h"

#include <algorithm>

namespace dns {

RateLimiter::RateLimiter(double per_second, double burst, size_t max_sources)
    : m_per_second{per_second}, m_burst{burst}, m_max_sources{max_sources}
{
}

double RateLimiter::Refilled(const Bucket& bucket, Clock::time_point now) const
{
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    return std::min(m_burst, bucket.tokens + elapsed * m_per_second);
}

void RateLimiter::Forget(Clock::time_point now)
{
    std::erase_if(m_buckets, [&](const auto& entry) { return Refilled(entry.second, now) >= m_burst; });
    if (m_buckets.size() >= m_max_sources) m_buckets.clear();
}

bool RateLimiter::Allow(const std::string& source, Clock::time_point now)
{
    auto found = m_buckets.find(source);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= m_max_sources) Forget(now);
        found = m_buckets.emplace(source, Bucket{m_burst, now}).first;
    }
    Bucket& bucket = found->second;
    bucket.tokens = Refilled(bucket, now);
    bucket.updated = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
}

}  // namespace dns
