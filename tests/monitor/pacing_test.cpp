#include "monitor/pacing.h"

#include <gtest/gtest.h>

namespace {

TEST(Pacing, NextRoundStartsAnIntervalAfterThePreviousStarted)
{
    const auto next = monitor::PlanNextRound(1'000'000, 600'000, 1'200'000);
    EXPECT_EQ(next.start_at, 1'600'000);
    EXPECT_FALSE(next.overran);
}

TEST(Pacing, ARoundEndingExactlyOnTimeDidNotOverrun)
{
    const auto next = monitor::PlanNextRound(1'000'000, 600'000, 1'600'000);
    EXPECT_EQ(next.start_at, 1'600'000);
    EXPECT_FALSE(next.overran);
}

TEST(Pacing, AnOverrunStartsTheNextAtOnce)
{
    const auto next = monitor::PlanNextRound(1'000'000, 600'000, 1'700'001);
    EXPECT_EQ(next.start_at, 1'700'001);
    EXPECT_TRUE(next.overran);
}

}  // namespace
