#pragma once
// Why this file exists: after "how many?", the question operators and researchers ask most is
// "what changed since last time?" — `report --compare` diffs the reachable nodes of two crawls,
// possibly from two files, matching nodes by "host:port".
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "report/nodes.h"

namespace report {

struct CrawlRef {
    std::string db;  // file name as given
    int64_t crawl{0};
};

struct UserAgentChange {
    std::string node;  // NodeRow::Key()
    std::optional<std::string> before;
    std::optional<std::string> after;
};

struct HeightChange {
    std::string node;
    std::optional<int32_t> before;
    std::optional<int32_t> after;
};

struct Comparison {
    CrawlRef before;  // the crawl named by --compare
    CrawlRef after;   // the crawl reported on (--crawl, default the newest)
    int64_t before_reachable{0};
    int64_t after_reachable{0};
    int64_t in_both{0};
    std::vector<std::string> appeared;                // reachable after, not before; in node order
    std::vector<std::string> disappeared;             // reachable before, not after
    std::vector<UserAgentChange> user_agent_changed;  // among nodes in both
    std::vector<HeightChange> height_changed;         // among nodes in both
};

// `before` and `after` as LoadReachableNodes returns them.
Comparison CompareNodes(CrawlRef before_ref, const std::vector<NodeRow>& before, CrawlRef after_ref,
                        const std::vector<NodeRow>& after);

nlohmann::ordered_json ComparisonToJson(const Comparison& comparison);

}  // namespace report
