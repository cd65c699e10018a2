#pragma once
// Why this file exists: `btcsim --churn` (docs/btcsim.md "Churn") gives every node an up/down
// schedule so `btccrawl monitor` can be checked against known uptimes. Like the rest of the world,
// a schedule is a pure function of (seed, node), and time is simulated: simulated seconds run
// `--time-scale` times faster than the wall clock, so a test sees hours of churn in seconds.
#include <chrono>
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

// The first simulated second after `t` at which the availability differs from AvailabilityAt(t);
// nullopt when it never changes again. What btcsim sets a node's next timer to.
std::optional<int64_t> NextChange(const ChurnSchedule& schedule, int64_t t);

// Simulated seconds after `elapsed_wall_ms` of wall time at `time_scale` (> 0) simulated seconds
// per wall second.
int64_t SimulatedSeconds(int64_t elapsed_wall_ms, double time_scale);

// Later than any test runs, early enough that a steady_clock time point cannot overflow.
constexpr int64_t LATEST_WALL_MS = int64_t{100} * 365 * 24 * 3600 * 1000;
// The first elapsed wall millisecond at which SimulatedSeconds reaches `simulated_seconds` (>= 0),
// at most LATEST_WALL_MS: when a timer for that simulated second must fire.
int64_t WallMsOf(int64_t simulated_seconds, double time_scale);

// The simulated clock of one btcsim run: simulated time 0 is when it was made.
class ChurnClock {
public:
    explicit ChurnClock(double time_scale);
    double TimeScale() const { return m_time_scale; }
    // Unix milliseconds (wall clock) of simulated time 0, for the truth file.
    int64_t StartedAtMs() const { return m_started_at_ms; }
    int64_t Now() const;  // simulated seconds
    std::chrono::steady_clock::time_point WallOf(int64_t simulated_seconds) const;

private:
    double m_time_scale;
    std::chrono::steady_clock::time_point m_start;
    int64_t m_started_at_ms;
};

}  // namespace sim
