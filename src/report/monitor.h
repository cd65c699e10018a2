#pragma once
// Why this file exists: `report --monitor` — a monitor run over time: per round, the nodes up by
// network and the full ones, churn against the round before, and the spread of uptimes.
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "monitor/churn.h"
#include "report/summary.h"
#include "store/database.h"

namespace report {

struct MonitorRoundRow {
    int64_t round{0};
    int64_t crawl_id{0};
    int64_t started_at{0};
    std::map<std::string, size_t> up_by_network;  // up or up, full
    size_t full{0};                               // of those, up, full
    size_t down{0};
    monitor::RoundChurn churn;
    // Of the nodes that completed a handshake (up, full ones aside): how many over v2 (BIP324),
    // and their user agents and protocol versions, most frequent first.
    int64_t handshaken{0};
    int64_t v2{0};
    Counts user_agents;
    Counts protocol_versions;
};

// User agents a round lists in the text and JSON forms (the HTML draws the run's top ones).
constexpr size_t ROUND_TOP_USER_AGENTS = 5;

struct MonitorSummary {
    std::vector<MonitorRoundRow> rounds;
    // Nodes with a record by 1-day uptime: [0, 10 %), [10, 20 %), …, [90, 100 %].
    std::array<size_t, 10> uptime_1d_deciles{};
};

// Throws store::UsageError when the file holds no monitor run.
MonitorSummary ComputeMonitorSummary(store::Database& db);
std::string MonitorText(const MonitorSummary& summary);
nlohmann::ordered_json MonitorToJson(const MonitorSummary& summary);

}  // namespace report
