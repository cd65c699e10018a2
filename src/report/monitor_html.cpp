// Why this file exists: the monitor page (see monitor_html.h). Its lines are the numbers of
// `report --monitor --json`, and each chart's table holds them round by round.
#include "report/monitor_html.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "report/html_line_chart.h"
#include "report/html_page.h"

namespace report {
namespace {

using RoundValue = std::function<int64_t(const MonitorRoundRow&)>;

struct Measure {
    std::string name;
    RoundValue value;
};

// The chart of `measures` over the rounds, then the table of the same numbers (scrolling when long).
std::string LinesSection(const char* id, const std::string& title, const MonitorSummary& summary,
                         const std::vector<Measure>& measures)
{
    if (summary.rounds.empty()) return Section(id, title, "<p>No round.</p>");
    LineChart chart{.label = title};
    for (const auto& measure : measures)
        chart.series.push_back({.name = measure.name});
    std::string table = "<div class=\"rounds\"><table><tr><th>round</th>";
    for (const auto& measure : measures)
        table += fmt::format("<th>{}</th>", Escape(measure.name));
    table += "</tr>";
    for (const auto& row : summary.rounds) {
        chart.rounds.push_back(row.round);
        table += fmt::format("<tr><td>{}</td>", row.round);
        for (size_t index = 0; index < measures.size(); ++index) {
            const int64_t value = measures[index].value(row);
            chart.series[index].values.push_back(value);
            table += fmt::format("<td>{}</td>", value);
        }
        table += "</tr>";
    }
    return Section(id, title, LineChartSvg(chart) + table + "</table></div>");
}

// A line per network any round found a node up on; 0 in the rounds it found none.
std::vector<Measure> NetworkMeasures(const MonitorSummary& summary)
{
    std::set<std::string> networks;
    for (const auto& row : summary.rounds)
        for (const auto& entry : row.up_by_network)
            networks.insert(entry.first);
    std::vector<Measure> measures;
    for (const auto& network : networks) {
        measures.push_back({network, [network](const MonitorRoundRow& row) {
                                const auto found = row.up_by_network.find(network);
                                return found == row.up_by_network.end() ? int64_t{0}
                                                                        : static_cast<int64_t>(found->second);
                            }});
    }
    return measures;
}

// A line for each of the run's `limit` most frequent names of `field` (summed over the rounds); 0
// in the rounds without it.
std::vector<Measure> TopMeasures(const MonitorSummary& summary, Counts MonitorRoundRow::*field, size_t limit)
{
    std::map<std::string, int64_t> totals;
    for (const auto& row : summary.rounds)
        for (const auto& [name, count] : row.*field)
            totals[name] += count;
    std::vector<Measure> measures;
    for (const auto& [name, total] : ByCount(totals, limit)) {
        measures.push_back({name, [name, field](const MonitorRoundRow& row) {
                                const auto& counts = row.*field;
                                const auto found = std::find_if(counts.begin(), counts.end(),
                                                                [&](const auto& entry) { return entry.first == name; });
                                return found == counts.end() ? int64_t{0} : found->second;
                            }});
    }
    return measures;
}

Counts UptimeDeciles(const MonitorSummary& summary)
{
    Counts counts;
    for (size_t i = 0; i < summary.uptime_1d_deciles.size(); ++i) {
        counts.emplace_back(fmt::format("{}–{} %", i * 10, i * 10 + 10),
                            static_cast<int64_t>(summary.uptime_1d_deciles[i]));
    }
    return counts;
}

std::string UtcTime(int64_t at_ms)
{
    return fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(static_cast<std::time_t>(at_ms / 1000)));
}

std::string Header(const MonitorSummary& summary, const std::string& file_name)
{
    std::string html = fmt::format("<h1>Monitor run of {}</h1>", Escape(file_name));
    if (summary.rounds.empty()) return html + "<p class=\"when\">no round yet</p>\n";
    const auto& last = summary.rounds.back();
    html += fmt::format("<p class=\"when\">rounds {} to {} · {} to {}</p>\n<div class=\"facts\">",
                        summary.rounds.front().round, last.round, UtcTime(summary.rounds.front().started_at),
                        UtcTime(last.started_at));
    const std::pair<const char*, size_t> facts[] = {
        {"rounds", summary.rounds.size()},
        {"up, last round", last.churn.up},
        {"full, last round", last.full},
        {"down, last round", last.down},
    };
    for (const auto& [name, value] : facts)
        html += fmt::format("<div><b>{}</b>{}</div>", value, name);
    return html + "</div>\n";
}

}  // namespace

void WriteMonitorHtml(std::ostream& out, const MonitorSummary& summary, const std::string& file_name)
{
    const auto count = [](size_t MonitorRoundRow::*field) {
        return [field](const MonitorRoundRow& row) { return static_cast<int64_t>(row.*field); };
    };
    const auto churn = [](size_t monitor::RoundChurn::*field) {
        return [field](const MonitorRoundRow& row) { return static_cast<int64_t>(row.churn.*field); };
    };
    out << PageHead("btccrawl: monitor run of " + file_name) << Header(summary, file_name);
    out << LinesSection("up-by-network", "Nodes up by network", summary, NetworkMeasures(summary));
    out << LinesSection("up-full-down", "Up, full and down", summary,
                        {{"up", churn(&monitor::RoundChurn::up)},
                         {"full", count(&MonitorRoundRow::full)},
                         {"down", count(&MonitorRoundRow::down)}});
    out << LinesSection("churn", "Churn", summary,
                        {{"joined", churn(&monitor::RoundChurn::joined)},
                         {"left", churn(&monitor::RoundChurn::left)},
                         {"came back", churn(&monitor::RoundChurn::came_back)}});
    out << LinesSection("transports", "Transports of the handshaken nodes", summary,
                        {{"v2", [](const MonitorRoundRow& row) { return row.v2; }},
                         {"v1", [](const MonitorRoundRow& row) { return row.handshaken - row.v2; }}});
    out << LinesSection("user-agents", fmt::format("User agents (the run's top {})", ROUND_TOP_USER_AGENTS), summary,
                        TopMeasures(summary, &MonitorRoundRow::user_agents, ROUND_TOP_USER_AGENTS));
    out << LinesSection("protocol-versions", "Protocol versions", summary,
                        TopMeasures(summary, &MonitorRoundRow::protocol_versions, SIZE_MAX));
    out << CountsSection({"uptime", "Nodes by 1-day uptime", "1-day uptime", "nodes", "nodes with a record"},
                         UptimeDeciles(summary));
    out << PAGE_END;
}

}  // namespace report
