#include "monitor/churn.h"

namespace monitor {

std::vector<RoundChurn> ComputeChurn(const std::vector<std::set<int64_t>>& up_by_round)
{
    std::vector<RoundChurn> churn;
    std::set<int64_t> ever_up;
    const std::set<int64_t> none;
    for (size_t i = 0; i < up_by_round.size(); ++i) {
        const auto& now = up_by_round[i];
        const auto& previous = i == 0 ? none : up_by_round[i - 1];
        RoundChurn round{.up = now.size()};
        for (const int64_t id : now) {
            if (previous.contains(id)) continue;
            if (ever_up.contains(id)) {
                ++round.came_back;
            } else {
                ++round.joined;
            }
        }
        for (const int64_t id : previous)
            round.left += !now.contains(id);
        ever_up.insert(now.begin(), now.end());
        churn.push_back(round);
    }
    return churn;
}

}  // namespace monitor
