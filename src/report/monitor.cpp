#include "report/monitor.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "monitor/uptime.h"
#include "report/nodes.h"
#include "store/queries.h"
#include "store/reliability.h"

namespace report {
namespace {

constexpr size_t WINDOW_1D = 2;  // index of "1d" in monitor::UPTIME_WINDOWS
static_assert(monitor::UPTIME_WINDOWS[WINDOW_1D].name == "1d");

std::string UtcTime(int64_t at_ms)
{
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::gmtime(static_cast<std::time_t>(at_ms / 1000)));
}

// The round's handshaken nodes: transports, agents and versions (docs/reports.md).
void AddRoundNodes(store::Database& db, MonitorRoundRow& row)
{
    for (const auto& network : store::LoadTransportCounts(db, row.crawl_id)) {
        row.handshaken += network.reachable;
        row.v2 += network.v2;
    }
    std::map<std::string, int64_t> agents, versions;
    for (const auto& node : LoadReachableNodes(db, row.crawl_id)) {
        if (!node.version) continue;
        ++agents[node.user_agent.value_or("")];
        ++versions[std::to_string(*node.version)];
    }
    row.user_agents = ByCount(agents);
    row.protocol_versions = ByCount(versions);
}

std::string CountsText(const Counts& counts, size_t limit)
{
    std::string text;
    for (size_t i = 0; i < std::min(limit, counts.size()); ++i)
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", counts[i].first, counts[i].second);
    return text.empty() ? "-" : text;
}

nlohmann::ordered_json CountsJson(const Counts& counts, size_t limit)
{
    auto json = nlohmann::ordered_json::object();
    for (size_t i = 0; i < std::min(limit, counts.size()); ++i)
        json[counts[i].first] = counts[i].second;
    return json;
}

}  // namespace

MonitorSummary ComputeMonitorSummary(store::Database& db)
{
    if (!store::FindMonitorRun(db)) throw store::UsageError(fmt::format("{} holds no monitor run", db.Path().string()));
    MonitorSummary summary;
    std::vector<std::set<int64_t>> up_by_round;
    for (const auto& round : store::LoadRoundPresence(db)) {
        MonitorRoundRow row{.round = round.round, .crawl_id = round.crawl_id, .started_at = round.started_at};
        std::set<int64_t> up;
        for (const auto& verdict : round.verdicts) {
            if (verdict.presence == monitor::Presence::down) {
                ++row.down;
                continue;
            }
            up.insert(verdict.address_id);
            ++row.up_by_network[verdict.network];
            row.full += verdict.presence == monitor::Presence::up_full;
        }
        AddRoundNodes(db, row);
        up_by_round.push_back(std::move(up));
        summary.rounds.push_back(std::move(row));
    }
    const auto churn = monitor::ComputeChurn(up_by_round);
    for (size_t i = 0; i < churn.size(); ++i)
        summary.rounds[i].churn = churn[i];
    for (const double uptime : store::LoadUptimes(db, WINDOW_1D))
        ++summary.uptime_1d_deciles[std::min<size_t>(9, static_cast<size_t>(std::max(0.0, uptime) / 10))];
    return summary;
}

std::string MonitorText(const MonitorSummary& summary)
{
    std::string out = fmt::format("monitor run: {} rounds\n\n", summary.rounds.size());
    out += fmt::format("  {:>5}  {:<19}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>9}  {}\n", "round", "started (UTC)",
                       "up", "full", "down", "joined", "left", "came back", "up by network");
    for (const auto& row : summary.rounds) {
        std::string networks;
        for (const auto& [network, count] : row.up_by_network)
            networks += fmt::format("{}{} {}", networks.empty() ? "" : ", ", network, count);
        out += fmt::format("  {:>5}  {:<19}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>9}  {}\n", row.round,
                           UtcTime(row.started_at), row.churn.up, row.full, row.down, row.churn.joined, row.churn.left,
                           row.churn.came_back, networks.empty() ? "-" : networks);
    }
    out += fmt::format("\n  {:>5}  {:>10}  {:>6}  {:>6}  {}\n", "round", "handshaken", "v2", "v1", "protocol versions");
    for (const auto& row : summary.rounds) {
        out += fmt::format("  {:>5}  {:>10}  {:>6}  {:>6}  {}\n", row.round, row.handshaken, row.v2,
                           row.handshaken - row.v2, CountsText(row.protocol_versions, SIZE_MAX));
    }
    out += fmt::format("\nuser agents by round (top {})\n", ROUND_TOP_USER_AGENTS);
    for (const auto& row : summary.rounds)
        out += fmt::format("  {:>5}  {}\n", row.round, CountsText(row.user_agents, ROUND_TOP_USER_AGENTS));
    out += "\nnodes by 1-day uptime\n";
    for (size_t i = 0; i < summary.uptime_1d_deciles.size(); ++i) {
        out += fmt::format("  {:>3}–{:<4} {:>6}\n", i * 10, i == 9 ? "100%" : fmt::format("{}%", i * 10 + 10),
                           summary.uptime_1d_deciles[i]);
    }
    return out;
}

nlohmann::ordered_json MonitorToJson(const MonitorSummary& summary)
{
    nlohmann::ordered_json rounds = nlohmann::ordered_json::array();
    for (const auto& row : summary.rounds) {
        rounds.push_back({{"round", row.round},
                          {"crawl", row.crawl_id},
                          {"started_at", row.started_at},
                          {"up", row.churn.up},
                          {"full", row.full},
                          {"down", row.down},
                          {"joined", row.churn.joined},
                          {"left", row.churn.left},
                          {"came_back", row.churn.came_back},
                          {"up_by_network", row.up_by_network},
                          {"handshaken", row.handshaken},
                          {"v2", row.v2},
                          {"v1", row.handshaken - row.v2},
                          {"user_agents", CountsJson(row.user_agents, ROUND_TOP_USER_AGENTS)},
                          {"protocol_versions", CountsJson(row.protocol_versions, SIZE_MAX)}});
    }
    return {{"rounds", rounds}, {"uptime_1d_deciles", summary.uptime_1d_deciles}};
}

}  // namespace report
