// The per-source token bucket: bursts, refill, independence of sources, bounded memory.
#include <gtest/gtest.h>

#include "dns/rate_limit.h"

namespace {

using namespace std::chrono_literals;
const auto T0 = dns::RateLimiter::Clock::time_point{} + 1h;

TEST(RateLimiter, AllowsABurstThenTheRate)
{
    dns::RateLimiter limiter{10, 5, 100};
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(limiter.Allow("a", T0)) << i;
    EXPECT_FALSE(limiter.Allow("a", T0));
    EXPECT_FALSE(limiter.Allow("a", T0 + 50ms));  // half a token
    EXPECT_TRUE(limiter.Allow("a", T0 + 100ms));
    EXPECT_FALSE(limiter.Allow("a", T0 + 100ms));
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(limiter.Allow("a", T0 + 10s)) << i;  // capped at the burst
    EXPECT_FALSE(limiter.Allow("a", T0 + 10s));
}

TEST(RateLimiter, SourcesAreIndependent)
{
    dns::RateLimiter limiter{10, 2, 100};
    EXPECT_TRUE(limiter.Allow("a", T0));
    EXPECT_TRUE(limiter.Allow("a", T0));
    EXPECT_FALSE(limiter.Allow("a", T0));
    EXPECT_TRUE(limiter.Allow("b", T0));
}

TEST(RateLimiter, RemembersABoundedNumberOfSources)
{
    dns::RateLimiter limiter{10, 2, 3};
    for (const char* source : {"a", "b", "c"})
        EXPECT_TRUE(limiter.Allow(source, T0));
    EXPECT_TRUE(limiter.Allow("d", T0));  // none refilled: all forgotten
    EXPECT_LE(limiter.Tracked(), 3u);
    EXPECT_TRUE(limiter.Allow("e", T0 + 1s));
    EXPECT_TRUE(limiter.Allow("f", T0 + 1s));
    EXPECT_LE(limiter.Tracked(), 3u);
}

}  // namespace
