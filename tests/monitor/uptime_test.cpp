#include "monitor/uptime.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using monitor::DecayedWindow;
using monitor::Uptime;

// An age of tau·ln 2 (one half-life) makes the kept factor exactly 1/2, so every step is hand
// arithmetic: r = r/2 + (up ? 1/2 : 0), w = w/2 + 1/2, c = c/2 + 1.
TEST(DecayedWindow, HalfLifeStepsHalveHistory)
{
    const double tau = 3600;
    const double half_life = tau * std::log(2.0);
    DecayedWindow window;
    window.Observe(true, half_life, tau);
    EXPECT_NEAR(window.reliability, 0.5, 1e-12);
    EXPECT_NEAR(window.weight, 0.5, 1e-12);
    EXPECT_NEAR(window.count, 1.0, 1e-12);
    window.Observe(false, half_life, tau);
    EXPECT_NEAR(window.reliability, 0.25, 1e-12);
    EXPECT_NEAR(window.weight, 0.75, 1e-12);
    EXPECT_NEAR(window.count, 1.5, 1e-12);
    window.Observe(true, half_life, tau);
    EXPECT_NEAR(window.reliability, 0.625, 1e-12);
    EXPECT_NEAR(window.weight, 0.875, 1e-12);
    EXPECT_NEAR(window.count, 1.75, 1e-12);
}

TEST(DecayedWindow, AlwaysUpKeepsReliabilityEqualToWeight)
{
    DecayedWindow window;
    for (int i = 0; i < 50; ++i)
        window.Observe(true, 600, 7200);
    EXPECT_DOUBLE_EQ(window.reliability, window.weight);
    // 1 − f^50 with f = exp(−600/7200): 1 − exp(−50/12) = 0.98448...
    EXPECT_NEAR(window.reliability, 1 - std::exp(-50.0 / 12.0), 1e-12);
}

TEST(DecayedWindow, AgeZeroOnlyCounts)
{
    DecayedWindow window{0.4, 0.8, 3};
    window.Observe(false, 0, 7200);
    EXPECT_DOUBLE_EQ(window.reliability, 0.4);
    EXPECT_DOUBLE_EQ(window.weight, 0.8);
    EXPECT_DOUBLE_EQ(window.count, 4);
}

TEST(Uptime, WindowsAreTheSipaSeedersInDumpOrder)
{
    ASSERT_EQ(monitor::UPTIME_WINDOWS.size(), 5u);
    EXPECT_EQ(monitor::UPTIME_WINDOWS[0].name, "2h");
    EXPECT_EQ(monitor::UPTIME_WINDOWS[0].tau_seconds, 7200);
    EXPECT_EQ(monitor::UPTIME_WINDOWS[1].tau_seconds, 28800);
    EXPECT_EQ(monitor::UPTIME_WINDOWS[2].tau_seconds, 86400);
    EXPECT_EQ(monitor::UPTIME_WINDOWS[3].tau_seconds, 604800);
    EXPECT_EQ(monitor::UPTIME_WINDOWS[4].name, "30d");
    EXPECT_EQ(monitor::UPTIME_WINDOWS[4].tau_seconds, 2592000);
}

TEST(Uptime, FirstObservationIsAThousandSecondsOld)
{
    Uptime uptime;
    uptime.Observe(true, 1'700'000'000);
    EXPECT_EQ(uptime.last_observed_at, 1'700'000'000);
    // 1 − exp(−1000/7200) = 0.129675...; 1 − exp(−1000/2592000) = 0.000385728...
    EXPECT_NEAR(uptime.windows[0].reliability, 0.1296752, 1e-7);
    EXPECT_NEAR(uptime.windows[4].reliability, 0.000385728, 1e-9);
    for (const auto& window : uptime.windows)
        EXPECT_DOUBLE_EQ(window.count, 1);
}

TEST(Uptime, AgeIsTheTimeSinceTheLastObservation)
{
    Uptime uptime;
    uptime.Observe(true, 1000);
    const double before = uptime.windows[0].reliability;
    uptime.Observe(false, 1000 + 7200);  // one tau: kept factor 1/e
    EXPECT_NEAR(uptime.windows[0].reliability, before / std::exp(1.0), 1e-12);
    EXPECT_EQ(uptime.last_observed_at, 8200);
}

TEST(Uptime, AClockStepBackChangesNoFigure)
{
    Uptime uptime;
    uptime.Observe(true, 5000);
    uptime.Observe(true, 6000);
    const auto before = uptime.windows;
    uptime.Observe(false, 4000);
    EXPECT_EQ(uptime.last_observed_at, 6000);
    for (size_t i = 0; i < before.size(); ++i) {
        EXPECT_DOUBLE_EQ(uptime.windows[i].reliability, before[i].reliability);
        EXPECT_DOUBLE_EQ(uptime.windows[i].weight, before[i].weight);
    }
}

}  // namespace
