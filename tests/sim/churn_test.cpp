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

}  // namespace
}  // namespace sim
