// The crawl's reaction to a run of `unreachable` outcomes: a short pause of new dials.
#include <gtest/gtest.h>

#include "crawl/crawler.h"

namespace crawl {
namespace {

using store::Outcome;

TEST(UnreachableBackoff, PausesAfterABurstInARow)
{
    UnreachableBackoff backoff;
    const auto start = SteadyClock::now();
    for (size_t i = 0; i + 1 < UnreachableBackoff::BURST; ++i)
        backoff.Record(Outcome::unreachable, start);
    EXPECT_FALSE(backoff.Paused(start));
    backoff.Record(Outcome::unreachable, start);
    EXPECT_TRUE(backoff.Paused(start));
    EXPECT_TRUE(backoff.Paused(start + UnreachableBackoff::PAUSE - std::chrono::milliseconds{1}));
    EXPECT_FALSE(backoff.Paused(start + UnreachableBackoff::PAUSE));
    EXPECT_EQ(backoff.PausedUntil(), start + UnreachableBackoff::PAUSE);
    EXPECT_EQ(backoff.Pauses(), 1u);
}

TEST(UnreachableBackoff, AnyOtherOutcomeEndsTheRun)
{
    UnreachableBackoff backoff;
    const auto start = SteadyClock::now();
    for (size_t i = 0; i < 3 * UnreachableBackoff::BURST; ++i)
        backoff.Record(i % 50 == 49 ? Outcome::connect_timeout : Outcome::unreachable, start);
    EXPECT_FALSE(backoff.Paused(start));
    EXPECT_EQ(backoff.Pauses(), 0u);
}

TEST(UnreachableBackoff, ANewBurstPausesAgain)
{
    UnreachableBackoff backoff;
    const auto start = SteadyClock::now();
    const auto later = start + std::chrono::seconds{1};
    for (size_t i = 0; i < UnreachableBackoff::BURST; ++i)
        backoff.Record(Outcome::unreachable, start);
    for (size_t i = 0; i < UnreachableBackoff::BURST; ++i)
        backoff.Record(Outcome::unreachable, later);
    EXPECT_TRUE(backoff.Paused(later));
    EXPECT_EQ(backoff.Pauses(), 2u);
}

}  // namespace
}  // namespace crawl
