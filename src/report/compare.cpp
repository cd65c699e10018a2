// Why this file exists: the diff behind `report --compare` (see compare.h).
#include "report/compare.h"

#include <unordered_map>

#include "report/json_value.h"

namespace report {

Comparison CompareNodes(CrawlRef before_ref, const std::vector<NodeRow>& before, CrawlRef after_ref,
                        const std::vector<NodeRow>& after)
{
    Comparison comparison;
    comparison.before = std::move(before_ref);
    comparison.after = std::move(after_ref);
    comparison.before_reachable = static_cast<int64_t>(before.size());
    comparison.after_reachable = static_cast<int64_t>(after.size());

    std::unordered_map<std::string, const NodeRow*> before_by_key;
    for (const auto& node : before)
        before_by_key.emplace(node.Key(), &node);
    std::unordered_map<std::string, const NodeRow*> after_by_key;
    for (const auto& node : after)
        after_by_key.emplace(node.Key(), &node);

    for (const auto& node : after) {
        const std::string key = node.Key();
        const auto match = before_by_key.find(key);
        if (match == before_by_key.end()) {
            comparison.appeared.push_back(key);
            continue;
        }
        ++comparison.in_both;
        const NodeRow& old = *match->second;
        if (old.user_agent != node.user_agent) {
            comparison.user_agent_changed.push_back({key, old.user_agent, node.user_agent});
        }
        if (old.height != node.height) comparison.height_changed.push_back({key, old.height, node.height});
    }
    for (const auto& node : before) {
        if (!after_by_key.contains(node.Key())) comparison.disappeared.push_back(node.Key());
    }
    return comparison;
}

nlohmann::ordered_json ComparisonToJson(const Comparison& comparison)
{
    const auto ref = [](const CrawlRef& crawl) {
        return nlohmann::ordered_json{{"db", crawl.db}, {"crawl", crawl.crawl}};
    };
    nlohmann::ordered_json json;
    json["before"] = ref(comparison.before);
    json["after"] = ref(comparison.after);
    json["before_reachable"] = comparison.before_reachable;
    json["after_reachable"] = comparison.after_reachable;
    json["in_both"] = comparison.in_both;
    json["appeared"] = comparison.appeared;
    json["disappeared"] = comparison.disappeared;
    json["user_agent_changed"] = nlohmann::ordered_json::array();
    for (const auto& change : comparison.user_agent_changed) {
        json["user_agent_changed"].push_back(
            {{"node", change.node}, {"before", OrNull(change.before)}, {"after", OrNull(change.after)}});
    }
    json["height_changed"] = nlohmann::ordered_json::array();
    for (const auto& change : comparison.height_changed) {
        json["height_changed"].push_back(
            {{"node", change.node}, {"before", OrNull(change.before)}, {"after", OrNull(change.after)}});
    }
    return json;
}

}  // namespace report
