#include "sim/churn.h"

#include <gtest/gtest.h>

#include <map>

namespace sim {
namespace {

TEST(Churn, ScheduleIsAPureFunctionOfSeedAndNode)
{
    for (uint32_t node = 0; node < 100; ++node) {
        const auto a = ChurnOf(7, node);
        const auto b = ChurnOf(7, node);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.period_seconds, b.period_seconds);
        EXPECT_EQ(a.at_seconds, b.at_seconds);
    }
}

TEST(Churn, EveryKindOccursInRoughlyItsShare)
{
    std::map<ChurnKind, int> counts;
    for (uint32_t node = 0; node < 20000; ++node) {
        const auto schedule = ChurnOf(1, node);
        ++counts[schedule.kind];
        if (schedule.kind == ChurnKind::flapping) {
            EXPECT_TRUE(schedule.period_seconds == 600 || schedule.period_seconds == 1200 ||
                        schedule.period_seconds == 2400 || schedule.period_seconds == 3600);
        }
        if (schedule.kind == ChurnKind::leaving || schedule.kind == ChurnKind::joining) {
            EXPECT_GE(schedule.at_seconds, 0);
            EXPECT_LT(schedule.at_seconds, CHURN_HORIZON_SECONDS);
        }
    }
    EXPECT_NEAR(counts[ChurnKind::always_up], 8000, 400);
    for (auto kind : {ChurnKind::flapping, ChurnKind::leaving, ChurnKind::joining, ChurnKind::full})
        EXPECT_NEAR(counts[kind], 3000, 300) << ChurnKindName(kind);
}

TEST(Churn, AnotherSeedAnotherSchedule)
{
    int differ = 0;
    for (uint32_t node = 0; node < 100; ++node)
        differ += ChurnOf(1, node).kind != ChurnOf(2, node).kind;
    EXPECT_GT(differ, 30);
}

TEST(Churn, FlappingIsUpTheFirstHalfOfEachPeriod)
{
    const ChurnSchedule flap{ChurnKind::flapping, 600, 0};
    EXPECT_EQ(AvailabilityAt(flap, 0), Availability::serve);
    EXPECT_EQ(AvailabilityAt(flap, 299), Availability::serve);
    EXPECT_EQ(AvailabilityAt(flap, 300), Availability::refuse);
    EXPECT_EQ(AvailabilityAt(flap, 599), Availability::refuse);
    EXPECT_EQ(AvailabilityAt(flap, 600), Availability::serve);
}

TEST(Churn, LeavingAndJoiningSwitchAtTheirTime)
{
    const ChurnSchedule leaving{ChurnKind::leaving, 0, 1000};
    EXPECT_EQ(AvailabilityAt(leaving, 999), Availability::serve);
    EXPECT_EQ(AvailabilityAt(leaving, 1000), Availability::refuse);
    const ChurnSchedule joining{ChurnKind::joining, 0, 1000};
    EXPECT_EQ(AvailabilityAt(joining, 999), Availability::refuse);
    EXPECT_EQ(AvailabilityAt(joining, 1000), Availability::serve);
}

TEST(Churn, AlwaysUpServesAndFullAcceptsThenCloses)
{
    EXPECT_EQ(AvailabilityAt({ChurnKind::always_up, 0, 0}, 123456), Availability::serve);
    EXPECT_EQ(AvailabilityAt({ChurnKind::full, 0, 0}, 0), Availability::full);
}

TEST(Churn, SimulatedTimeRunsTimeScaleFaster)
{
    EXPECT_EQ(SimulatedSeconds(1000, 1.0), 1);
    EXPECT_EQ(SimulatedSeconds(999, 1.0), 0);
    EXPECT_EQ(SimulatedSeconds(1500, 600.0), 900);  // 1.5 s of wall time: 15 simulated minutes
    EXPECT_EQ(SimulatedSeconds(0, 600.0), 0);
}

TEST(Churn, NextChangeOfAFlappingNodeIsTheNextHalfPeriod)
{
    const ChurnSchedule flap{ChurnKind::flapping, 600, 0};
    EXPECT_EQ(NextChange(flap, 0), 300);
    EXPECT_EQ(NextChange(flap, 299), 300);
    EXPECT_EQ(NextChange(flap, 300), 600);
    EXPECT_EQ(NextChange(flap, 599), 600);
    EXPECT_EQ(NextChange(flap, 1234), 1500);
}

TEST(Churn, NextChangeOfLeavingAndJoiningIsTheirTimeThenNever)
{
    for (auto kind : {ChurnKind::leaving, ChurnKind::joining}) {
        const ChurnSchedule schedule{kind, 0, 1000};
        EXPECT_EQ(NextChange(schedule, 0), 1000);
        EXPECT_EQ(NextChange(schedule, 999), 1000);
        EXPECT_EQ(NextChange(schedule, 1000), std::nullopt);
    }
    EXPECT_EQ(NextChange({ChurnKind::joining, 0, 0}, 0), std::nullopt);  // up from the start
}

TEST(Churn, AlwaysUpAndFullNeverChange)
{
    EXPECT_EQ(NextChange({ChurnKind::always_up, 0, 0}, 0), std::nullopt);
    EXPECT_EQ(NextChange({ChurnKind::full, 0, 0}, 77), std::nullopt);
}

// NextChange is exactly where AvailabilityAt changes, for every kind drawn from a seed.
TEST(Churn, NextChangeAgreesWithAvailability)
{
    for (uint32_t node = 0; node < 200; ++node) {
        const auto schedule = ChurnOf(5, node);
        for (int64_t t = 0; t < 2 * CHURN_HORIZON_SECONDS; t += 997) {
            const auto change = NextChange(schedule, t);
            const auto now = AvailabilityAt(schedule, t);
            if (!change) {
                EXPECT_EQ(AvailabilityAt(schedule, t + CHURN_HORIZON_SECONDS), now);
                continue;
            }
            ASSERT_GT(*change, t);
            EXPECT_EQ(AvailabilityAt(schedule, *change - 1), now) << node << " " << t;
            EXPECT_NE(AvailabilityAt(schedule, *change), now) << node << " " << t;
        }
    }
}

TEST(Churn, WallMsOfIsTheFirstMillisecondThatReachesTheSimulatedSecond)
{
    EXPECT_EQ(WallMsOf(0, 1.0), 0);
    EXPECT_EQ(WallMsOf(1, 1.0), 1000);
    EXPECT_EQ(WallMsOf(900, 600.0), 1500);
    EXPECT_EQ(WallMsOf(1, 600.0), 2);  // 1.67 ms: at 1 ms only 0.6 simulated seconds have passed
    EXPECT_EQ(WallMsOf(300, 3600.0), 84);
    for (const double scale : {0.5, 1.0, 3.0, 600.0, 3600.0, 7777.7, 1e6}) {
        for (int64_t s = 1; s < 100000; s += 313) {
            const int64_t wall = WallMsOf(s, scale);
            EXPECT_GE(SimulatedSeconds(wall, scale), s) << scale << " " << s;
            EXPECT_LT(SimulatedSeconds(wall - 1, scale), s) << scale << " " << s;
        }
    }
}

TEST(Churn, WallMsOfIsCappedForAVerySlowClock)
{
    EXPECT_EQ(WallMsOf(CHURN_HORIZON_SECONDS, 1e-12), LATEST_WALL_MS);
}

TEST(Churn, ClockStartsAtZero)
{
    const ChurnClock clock{1.0};
    EXPECT_EQ(clock.Now(), 0);
    EXPECT_EQ(clock.TimeScale(), 1.0);
    EXPECT_EQ(clock.WallOf(2) - clock.WallOf(1), std::chrono::seconds{1});
}

}  // namespace
}  // namespace sim
