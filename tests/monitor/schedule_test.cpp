#include "monitor/schedule.h"

#include <gtest/gtest.h>

namespace {

using monitor::AddressHistory;
using monitor::Decide;
using monitor::Revisit;

constexpr int64_t DAY = 24 * 3600;
constexpr int64_t NOW = 100 * DAY;

TEST(Schedule, NeverTriedIsDialed)
{
    EXPECT_EQ(Decide(AddressHistory{}, 1, NOW), Revisit::dial_new);
}

TEST(Schedule, ReachableWithinThirtyDaysIsDialedEveryRound)
{
    AddressHistory history{.attempts = 40,
                           .failures_in_a_row = 5,
                           .last_attempt_round = 99,
                           .first_attempt_at = NOW - 60 * DAY,
                           .last_success_at = NOW - 30 * DAY};
    EXPECT_EQ(Decide(history, 100, NOW), Revisit::dial_recent);
}

TEST(Schedule, ReachableLongerAgoIsDropped)
{
    AddressHistory history{.attempts = 40,
                           .failures_in_a_row = 30,
                           .last_attempt_round = 99,
                           .first_attempt_at = NOW - 60 * DAY,
                           .last_success_at = NOW - 30 * DAY - 1};
    EXPECT_EQ(Decide(history, 100, NOW), Revisit::dropped_gone);
}

TEST(Schedule, NeverReachableBacksOffTwoToTheFailures)
{
    AddressHistory history{.attempts = 3,
                           .failures_in_a_row = 3,
                           .last_attempt_round = 10,
                           .first_attempt_at = NOW - DAY,
                           .last_success_at = std::nullopt};
    EXPECT_EQ(Decide(history, 17, NOW), Revisit::wait);  // 7 rounds after, 2^3 = 8 needed
    EXPECT_EQ(Decide(history, 18, NOW), Revisit::dial_backoff);
    history.failures_in_a_row = history.attempts = 1;
    EXPECT_EQ(Decide(history, 11, NOW), Revisit::wait);
    EXPECT_EQ(Decide(history, 12, NOW), Revisit::dial_backoff);
}

TEST(Schedule, BackoffIsCapped)
{
    EXPECT_EQ(monitor::BackoffRounds(0, {}), 1);
    EXPECT_EQ(monitor::BackoffRounds(1, {}), 2);
    EXPECT_EQ(monitor::BackoffRounds(6, {}), 64);
    EXPECT_EQ(monitor::BackoffRounds(9, {}), 64);
    EXPECT_EQ(monitor::BackoffRounds(9, {.max_backoff_exponent = 3}), 8);
}

TEST(Schedule, NeverReachableAfterTenTriesIsDropped)
{
    AddressHistory history{.attempts = 9,
                           .failures_in_a_row = 9,
                           .last_attempt_round = 1,
                           .first_attempt_at = NOW - DAY,
                           .last_success_at = std::nullopt};
    EXPECT_EQ(Decide(history, 1000, NOW), Revisit::dial_backoff);
    history.attempts = history.failures_in_a_row = 10;
    EXPECT_EQ(Decide(history, 1000, NOW), Revisit::dropped_never);
}

TEST(Schedule, NeverReachableForThirtyDaysIsDropped)
{
    AddressHistory history{.attempts = 2,
                           .failures_in_a_row = 2,
                           .last_attempt_round = 1,
                           .first_attempt_at = NOW - 30 * DAY,
                           .last_success_at = std::nullopt};
    EXPECT_EQ(Decide(history, 1000, NOW), Revisit::dial_backoff);
    history.first_attempt_at -= 1;
    EXPECT_EQ(Decide(history, 1000, NOW), Revisit::dropped_never);
}

TEST(Schedule, OnlyDialDecisionsDial)
{
    EXPECT_TRUE(monitor::IsDialed(Revisit::dial_new));
    EXPECT_TRUE(monitor::IsDialed(Revisit::dial_recent));
    EXPECT_TRUE(monitor::IsDialed(Revisit::dial_backoff));
    EXPECT_FALSE(monitor::IsDialed(Revisit::wait));
    EXPECT_FALSE(monitor::IsDialed(Revisit::dropped_never));
    EXPECT_FALSE(monitor::IsDialed(Revisit::dropped_gone));
}

}  // namespace
