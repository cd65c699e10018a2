#pragma once
// Why this file exists: `btcsim --churn` (docs/btcsim.md "Churn") gives every node an up/down
// schedule so `btccrawl monitor` can be checked against known uptimes. Like the rest of the world,
// a schedule is a pure function of (seed, node), and time is simulated: simulated seconds run
// `--time-scale` times faster than the wall clock, so a test sees hours of churn in seconds.
#include <cstdint>
#include <optional>
#include <string_view>

namespace sim {

enum class ChurnKind : uint8_t {
    always_up,
    flapping,  // up for the first half of each period, down for the second
    leaving,   // up until `at`, then down for good
    joining,   // down until `at`, then up for good
    full,      // always running, every inbound slot taken: accepts TCP and closes before `version`
};
std::string_view ChurnKindName(ChurnKind kind);

// What a node does with a connection at a given simulated time.
enum class Availability {
    serve,   // as its fault kind says
    refuse,  // down: the connection is refused (the listener closes it before reading)
    full,    // accepts and closes at once, before sending `version`
};

struct ChurnSchedule {
    ChurnKind kind{ChurnKind::always_up};
    int64_t period_seconds{0};  // flapping
    int64_t at_seconds{0};      // leaving, joining: simulated seconds since btcsim started
};

// Per node: 8 of 20 always up, 3 of 20 each flapping, leaving, joining and full. Periods are 10,
// 20, 40 or 60 simulated minutes; leaving and joining times fall in the first CHURN_HORIZON_SECONDS.
constexpr int64_t CHURN_HORIZON_SECONDS = 6 * 3600;
ChurnSchedule ChurnOf(uint64_t seed, uint32_t node);

Availability AvailabilityAt(const ChurnSchedule& schedule, int64_t simulated_seconds);

// Simulated seconds after `elapsed_wall_ms` of wall time at `time_scale` (> 0) simulated seconds
// per wall second.
int64_t SimulatedSeconds(int64_t elapsed_wall_ms, double time_scale);

}  // namespace sim
