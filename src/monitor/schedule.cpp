#include "monitor/schedule.h"

#include <algorithm>

namespace monitor {

std::string_view RevisitName(Revisit revisit)
{
    switch (revisit) {
    case Revisit::dial_new: return "dial_new";
    case Revisit::dial_recent: return "dial_recent";
    case Revisit::dial_backoff: return "dial_backoff";
    case Revisit::wait: return "wait";
    case Revisit::dropped_never: return "dropped_never";
    case Revisit::dropped_gone: return "dropped_gone";
    }
    return "?";
}

bool IsDialed(Revisit revisit)
{
    return revisit == Revisit::dial_new || revisit == Revisit::dial_recent || revisit == Revisit::dial_backoff;
}

int64_t BackoffRounds(int failures_in_a_row, const SchedulePolicy& policy)
{
    const int exponent = std::clamp(failures_in_a_row, 0, policy.max_backoff_exponent);
    return int64_t{1} << exponent;
}

Revisit Decide(const AddressHistory& history, int64_t round, int64_t now, const SchedulePolicy& policy)
{
    if (history.attempts == 0) return Revisit::dial_new;
    if (history.last_success_at) {
        if (now - *history.last_success_at <= policy.recent_seconds) return Revisit::dial_recent;
        if (now - *history.last_success_at > policy.give_up_seconds) return Revisit::dropped_gone;
    } else if (history.attempts >= policy.give_up_attempts || now - history.first_attempt_at > policy.give_up_seconds) {
        return Revisit::dropped_never;
    }
    const int64_t waited = round - history.last_attempt_round;
    return waited >= BackoffRounds(history.failures_in_a_row, policy) ? Revisit::dial_backoff : Revisit::wait;
}

}  // namespace monitor
