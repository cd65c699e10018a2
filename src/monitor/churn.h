#pragma once
// Why this file exists: churn between monitor rounds, as `report --monitor` shows it. Pure: the
// sets of nodes each round found up in, the counts out.
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

namespace monitor {

struct RoundChurn {
    size_t up{0};
    size_t joined{0};     // up now, in no earlier round
    size_t left{0};       // up in the previous round, not now
    size_t came_back{0};  // up now, not in the previous round, but in an earlier one
};

// up_by_round[i]: the address ids round i + 1 found up (or up, full). The first round's nodes have
// all joined.
std::vector<RoundChurn> ComputeChurn(const std::vector<std::set<int64_t>>& up_by_round);

}  // namespace monitor
