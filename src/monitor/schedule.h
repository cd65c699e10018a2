#pragma once
// Why this file exists: which addresses a monitor round dials. Dialing every address ever learned
// every ten minutes would spend a month's rounds on addresses that were never up; dialing only the
// reachable ones would miss nodes that come back. The policy (docs/monitor.md "Revisit schedule")
// is a pure function of one address's history so it can be tested case by case and recomputed
// after a restart from what the file holds.
#include <cstdint>
#include <optional>
#include <string_view>

namespace monitor {

struct SchedulePolicy {
    int64_t recent_seconds{30 * 24 * 3600};   // reachable within this → dialed every round
    int max_backoff_exponent{6};              // after k failures in a row wait 2^min(k, this) rounds
    int give_up_attempts{10};                 // never reachable after this many tries → dropped
    int64_t give_up_seconds{30 * 24 * 3600};  // unreachable this long → dropped
};

// What the file knows of one address, as the schedule needs it. Times are Unix seconds.
struct AddressHistory {
    int attempts{0};                         // dials that reached a verdict (cancelled ones do not count)
    int failures_in_a_row{0};                // down verdicts since the last up one
    int64_t last_attempt_round{0};           // the monitor round of the newest attempt (meaningless at 0 attempts)
    int64_t first_attempt_at{0};             // meaningless at 0 attempts
    std::optional<int64_t> last_success_at;  // the newest attempt that found it up (or up, full)
};

enum class Revisit {
    dial_new,       // never tried: learned since the last round, or never reached
    dial_recent,    // up within recent_seconds
    dial_backoff,   // down lately and its back-off has passed
    wait,           // down lately, back-off not over
    dropped_never,  // never up after give_up_attempts tries, or for give_up_seconds since the first
    dropped_gone,   // was up once, not for give_up_seconds
};

std::string_view RevisitName(Revisit revisit);
bool IsDialed(Revisit revisit);

// The rounds an address that failed `failures_in_a_row` times waits after its last attempt before
// the next one: 2^k, capped at 2^max_backoff_exponent (1 with no failure).
int64_t BackoffRounds(int failures_in_a_row, const SchedulePolicy& policy);

// The decision for round `round` (numbered from 1) starting at Unix time `now`.
Revisit Decide(const AddressHistory& history, int64_t round, int64_t now, const SchedulePolicy& policy = {});

}  // namespace monitor
