#pragma once
// Why this file exists: a node's uptime over the last 2 hours, 8 hours, day, week and month, kept as
// a running figure the writer updates once per attempt instead of recomputing it from all history
// at every read. The arithmetic is the sipa seeder's (docs/monitor.md "Uptime"), so its numbers
// mean what Bitcoin Core's seed pipeline (contrib/seeds/makeseeds.py) expects of them.
#include <array>
#include <cstdint>
#include <string_view>

namespace monitor {

// One exponentially decayed window. After each observation, an observation `age` seconds old
// counts with factor f = exp(-age / tau) of what it counted before:
//   reliability = reliability·f + (up ? 1 − f : 0)
//   weight      = weight·f + (1 − f)
//   count       = count·f + 1
// `reliability` is the figure the sipa seeder prints (a share in [0, 1] that starts at 0 and
// approaches the true uptime as history accumulates); `weight` is how much history backs it (the
// value `reliability` would have for a node up at every observation); `count` is the decayed
// number of observations, which the good rule uses to ask for enough of them.
struct DecayedWindow {
    double reliability{0};
    double weight{0};
    double count{0};

    void Observe(bool up, double age_seconds, double tau_seconds);
};

struct WindowSpec {
    std::string_view name;
    double tau_seconds;  // the time constant; the half-life is tau·ln 2
};

// The sipa seeder's five windows, in the order of its dump columns.
inline constexpr std::array<WindowSpec, 5> UPTIME_WINDOWS{{
    {"2h", 2 * 3600.0},
    {"8h", 8 * 3600.0},
    {"1d", 24 * 3600.0},
    {"7d", 7 * 24 * 3600.0},
    {"30d", 30 * 24 * 3600.0},
}};

// The age given to a node's first observation, as the sipa seeder does (MIN_RETRY): without it the
// first observation would have age 0 and count for nothing.
inline constexpr int64_t FIRST_OBSERVATION_AGE_SECONDS = 1000;

// The five windows of one node, plus when it was last observed (Unix seconds, 0 before the first).
struct Uptime {
    std::array<DecayedWindow, UPTIME_WINDOWS.size()> windows{};
    int64_t last_observed_at{0};

    // An attempt at Unix time `now` found the node up (or not). An observation older than the last
    // one (a clock step back) counts with age 0: it changes nothing rather than inflating history.
    void Observe(bool up, int64_t now);
};

}  // namespace monitor
