#include "monitor/pacing.h"

namespace monitor {

NextRound PlanNextRound(int64_t previous_start_at, int64_t interval_ms, int64_t now)
{
    const int64_t due = previous_start_at + interval_ms;
    if (now > due) return {now, true};
    return {due, false};
}

}  // namespace monitor
