#include "monitor/round_plan.h"

#include "monitor/verdict.h"

namespace monitor {

RoundPlan PlanRound(std::span<const KnownNode> nodes, int64_t round, int64_t now, int64_t getaddr_interval_seconds,
                    const SchedulePolicy& policy)
{
    RoundPlan plan;
    for (const KnownNode& node : nodes) {
        const Revisit revisit = Decide(node.history, round, now, policy);
        ++plan.decisions[static_cast<size_t>(revisit)];
        if (!IsDialed(revisit)) continue;
        plan.dials.push_back({node.address_id, GetaddrDue(node.last_getaddr_answer_at, now, getaddr_interval_seconds)});
    }
    return plan;
}

}  // namespace monitor
