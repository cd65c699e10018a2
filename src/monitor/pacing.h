#pragma once
// Why this file exists: when the next monitor round starts. Rounds are paced from start to start
// so a run's snapshots stay evenly spaced whatever each crawl takes; a round that takes longer
// than the interval is followed at once, and the command says so (docs/monitor.md "Pacing").
#include <cstdint>

namespace monitor {

struct NextRound {
    int64_t start_at;  // Unix milliseconds
    bool overran;      // the previous round took longer than the interval
};

// The previous round started at `previous_start_at` and ended at `now` (both Unix ms).
NextRound PlanNextRound(int64_t previous_start_at, int64_t interval_ms, int64_t now);

}  // namespace monitor
