#pragma once
// Why this file exists: a monitor round's plan — which addresses it dials and which of them get a
// `getaddr` — from the file's histories, by the schedule and the getaddr interval (docs/monitor.md).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "monitor/schedule.h"

namespace monitor {

// One address of the file as a round sees it (times in Unix seconds).
struct KnownNode {
    int64_t address_id{0};
    AddressHistory history;
    std::optional<int64_t> last_getaddr_answer_at;
    std::optional<uint64_t> services;  // of its newest `version` message
};

struct PlannedDial {
    int64_t address_id;
    bool send_getaddr;
};

struct RoundPlan {
    std::vector<PlannedDial> dials;  // in the order of the input
    // How many addresses got each decision, indexed by Revisit.
    std::array<size_t, 6> decisions{};
};

RoundPlan PlanRound(std::span<const KnownNode> nodes, int64_t round, int64_t now, int64_t getaddr_interval_seconds,
                    const SchedulePolicy& policy = {});

}  // namespace monitor
