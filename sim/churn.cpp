#include "sim/churn.h"

#include <array>
#include <cmath>

#include "sim/world.h"

namespace sim {
namespace {

// Past world.cpp's streams, so adding churn changes no other draw of a seed.
constexpr uint64_t STREAM_CHURN = 0x40;
constexpr std::array<int64_t, 4> FLAP_PERIODS{600, 1200, 2400, 3600};

}  // namespace

std::string_view ChurnKindName(ChurnKind kind)
{
    switch (kind) {
    case ChurnKind::always_up: return "always_up";
    case ChurnKind::flapping: return "flapping";
    case ChurnKind::leaving: return "leaving";
    case ChurnKind::joining: return "joining";
    case ChurnKind::full: return "full";
    }
    return "unknown";
}

ChurnSchedule ChurnOf(uint64_t seed, uint32_t node)
{
    Rng rng{Mix(seed, STREAM_CHURN, node)};
    const uint64_t draw = rng.Below(20);
    if (draw < 8) return {ChurnKind::always_up, 0, 0};
    if (draw < 11) return {ChurnKind::flapping, FLAP_PERIODS[rng.Below(FLAP_PERIODS.size())], 0};
    const auto at = static_cast<int64_t>(rng.Below(CHURN_HORIZON_SECONDS));
    if (draw < 14) return {ChurnKind::leaving, 0, at};
    if (draw < 17) return {ChurnKind::joining, 0, at};
    return {ChurnKind::full, 0, 0};
}

Availability AvailabilityAt(const ChurnSchedule& schedule, int64_t t)
{
    switch (schedule.kind) {
    case ChurnKind::always_up: return Availability::serve;
    case ChurnKind::flapping:
        return t % schedule.period_seconds < schedule.period_seconds / 2 ? Availability::serve : Availability::refuse;
    case ChurnKind::leaving: return t < schedule.at_seconds ? Availability::serve : Availability::refuse;
    case ChurnKind::joining: return t >= schedule.at_seconds ? Availability::serve : Availability::refuse;
    case ChurnKind::full: return Availability::full;
    }
    return Availability::serve;
}

std::optional<int64_t> NextChange(const ChurnSchedule& schedule, int64_t t)
{
    switch (schedule.kind) {
    case ChurnKind::flapping: {
        const int64_t period_start = t - t % schedule.period_seconds;
        const int64_t half = schedule.period_seconds / 2;
        return t - period_start < half ? period_start + half : period_start + schedule.period_seconds;
    }
    case ChurnKind::leaving:
    case ChurnKind::joining:
        if (t < schedule.at_seconds) return schedule.at_seconds;
        return std::nullopt;
    case ChurnKind::always_up:
    case ChurnKind::full: return std::nullopt;
    }
    return std::nullopt;
}

int64_t SimulatedSeconds(int64_t elapsed_wall_ms, double time_scale)
{
    return static_cast<int64_t>(std::floor(static_cast<double>(elapsed_wall_ms) * time_scale / 1000.0));
}

int64_t WallMsOf(int64_t simulated_seconds, double time_scale)
{
    const double estimate = std::ceil(static_cast<double>(simulated_seconds) * 1000.0 / time_scale);
    if (estimate >= static_cast<double>(LATEST_WALL_MS)) return LATEST_WALL_MS;
    auto wall_ms = static_cast<int64_t>(estimate);
    // The estimate may be a millisecond off either way after rounding: settle on the first one.
    while (SimulatedSeconds(wall_ms, time_scale) < simulated_seconds)
        ++wall_ms;
    while (wall_ms > 0 && SimulatedSeconds(wall_ms - 1, time_scale) >= simulated_seconds)
        --wall_ms;
    return wall_ms;
}

ChurnClock::ChurnClock(double time_scale)
    : m_time_scale{time_scale}, m_start{std::chrono::steady_clock::now()},
      m_started_at_ms{
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count()}
{
}

int64_t ChurnClock::Now() const
{
    const auto elapsed = std::chrono::steady_clock::now() - m_start;
    return SimulatedSeconds(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), m_time_scale);
}

std::chrono::steady_clock::time_point ChurnClock::WallOf(int64_t simulated_seconds) const
{
    return m_start + std::chrono::milliseconds{WallMsOf(simulated_seconds, m_time_scale)};
}

}  // namespace sim
