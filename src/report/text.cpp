// Why this file exists: the plain-text presentation of summary.h and compare.h. Labels are
// left-aligned, numbers right-aligned, each table sized to its longest cell, so columns line up
// whatever the magnitudes.
#include "report/text.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <algorithm>
#include <cstdint>
#include <ctime>
#include <vector>

#include "monitor/uptime.h"
#include "report/escape.h"
#include "report/nodes.h"

namespace report {
namespace {

using Row = std::vector<std::string>;

// Width on a terminal, in code points: user agents may hold multi-byte UTF-8 (PrintableText
// guarantees valid UTF-8, so counting lead bytes is exact).
size_t DisplayWidth(const std::string& text)
{
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char byte) { return (static_cast<uint8_t>(byte) & 0xC0) != 0x80; }));
}

enum class Values { right, left };

// Renders rows indented by two spaces, columns separated by two spaces: the first cell
// left-aligned, the others right-aligned (numbers) or left-aligned (text such as dates).
std::string Table(const std::vector<Row>& rows, Values values = Values::right)
{
    std::vector<size_t> widths;
    for (const auto& row : rows) {
        if (widths.size() < row.size()) widths.resize(row.size(), 0);
        for (size_t column = 0; column < row.size(); ++column) {
            widths[column] = std::max(widths[column], DisplayWidth(row[column]));
        }
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line = "  ";
        for (size_t column = 0; column < row.size(); ++column) {
            if (column > 0) line += "  ";
            const std::string padding(widths[column] - DisplayWidth(row[column]), ' ');
            line += column == 0 || values == Values::left ? row[column] + padding : padding + row[column];
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    }
    return out;
}

std::string Percent(int64_t count, int64_t total)
{
    if (total == 0) return "-";
    return fmt::format("{:.1f}%", 100.0 * static_cast<double>(count) / static_cast<double>(total));
}

// A blank line, the title, then each count with its share of `total`.
std::string CountsSection(const std::string& title, const Counts& counts, int64_t total)
{
    std::vector<Row> rows;
    for (const auto& [key, count] : counts) {
        rows.push_back({key.empty() ? "(empty)" : key, std::to_string(count), Percent(count, total)});
    }
    return fmt::format("\n{}\n{}", title, rows.empty() ? "  (none)\n" : Table(rows));
}

std::string UtcTime(int64_t at_ms)
{
    const std::time_t seconds = static_cast<std::time_t>(at_ms / 1000);
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(seconds));
}

}  // namespace

std::string SummaryText(const Summary& summary)
{
    const CrawlInfo& crawl = summary.crawl;
    std::string out = fmt::format("crawl {} ({}, {})\n", crawl.id, crawl.chain, StatusText(crawl));
    out += Table(
        {
            {"started", UtcTime(crawl.started_at)},
            {"finished", crawl.finished_at ? UtcTime(*crawl.finished_at) : "-"},
            {"duration", DurationText(summary)},
        },
        Values::left);

    out += "\naddresses\n";
    out += Table({
        {"known in file", std::to_string(summary.addresses_known)},
        {"learned", std::to_string(summary.addresses_learned)},
        {"attempted", std::to_string(summary.attempted)},
        {"reachable", std::to_string(summary.reachable)},
        {"distinct nodes", std::to_string(summary.reachable_distinct)},
        {"addr messages", std::to_string(summary.addr_messages)},
        {"addr entries", std::to_string(summary.addr_entries)},
    });

    out += "\nby network\n";
    std::vector<Row> networks{{"", "learned", "reachable"}};
    for (size_t index = 0; index < summary.by_network.size(); ++index) {
        const auto& [network, learned] = summary.by_network[index];
        const auto reachable = std::find_if(summary.reachable_by_network.begin(), summary.reachable_by_network.end(),
                                            [&](const auto& entry) { return entry.first == network; });
        networks.push_back({network, std::to_string(learned),
                            std::to_string(reachable == summary.reachable_by_network.end() ? 0 : reachable->second)});
    }
    out += Table(networks);

    out += fmt::format("\ntransport (BIP324): {:.1f} % of reachable nodes completed a v2 handshake\n",
                       100.0 * summary.V2Share());
    if (!summary.transports.empty()) out += Table(TransportRows(summary));

    const int64_t described = summary.reachable - summary.version_undecoded;
    out += CountsSection("outcomes (newest attempt of each address)", summary.outcomes, summary.attempted);
    out += CountsSection(fmt::format("user agents (top {})", TOP_USER_AGENTS), summary.user_agents, described);
    out += CountsSection("protocol versions", summary.protocol_versions, described);
    out += CountsSection("services", summary.services, described);
    out += CountsSection("service flags", summary.service_flags, described);
    out += "\nstart height\n";
    if (summary.start_height) {
        out += Table({{"min", std::to_string(summary.start_height->min)},
                      {"median", std::to_string(summary.start_height->median)},
                      {"max", std::to_string(summary.start_height->max)}});
    } else {
        out += "  (none)\n";
    }
    if (summary.version_undecoded > 0) {
        out += fmt::format("\n{} reachable node(s) sent a version message that did not decode\n",
                           summary.version_undecoded);
    }
    return out;
}

std::string ComparisonText(const Comparison& comparison)
{
    const auto name = [](const CrawlRef& crawl) { return fmt::format("crawl {} of {}", crawl.crawl, crawl.db); };
    std::string out = fmt::format("before: {}\nafter:  {}\n\n", name(comparison.before), name(comparison.after));
    out += Table({
        {"reachable before", std::to_string(comparison.before_reachable)},
        {"reachable after", std::to_string(comparison.after_reachable)},
        {"in both", std::to_string(comparison.in_both)},
        {"appeared", std::to_string(comparison.appeared.size())},
        {"disappeared", std::to_string(comparison.disappeared.size())},
        {"user agent changed", std::to_string(comparison.user_agent_changed.size())},
        {"height changed", std::to_string(comparison.height_changed.size())},
    });
    const auto list = [&](const std::string& title, const std::vector<std::string>& nodes) {
        if (nodes.empty()) return;
        out += "\n" + title + "\n";
        for (const auto& node : nodes)
            out += "  " + node + "\n";
    };
    list("appeared", comparison.appeared);
    list("disappeared", comparison.disappeared);
    const auto text = [](const auto& value) { return value ? fmt::format("{}", *value) : std::string("-"); };
    const auto changes = [&](const std::string& title, const auto& entries) {
        if (entries.empty()) return;
        std::vector<Row> rows;
        for (const auto& change : entries)
            rows.push_back({change.node, text(change.before), "->", text(change.after)});
        out += "\n" + title + "\n" + Table(rows);
    };
    changes("user agent changed", comparison.user_agent_changed);
    changes("height changed", comparison.height_changed);
    return out;
}

std::string NodeHistoryText(const store::NodeHistory& node)
{
    std::string out =
        fmt::format("node {} ({}), first seen {}\n", store::HostPortKey(node.network, node.host, node.port),
                    node.network, UtcTime(node.first_seen_at));
    if (node.last_presence) {
        out += fmt::format("monitor: {}{}, up {} of {} rounds, last success {}\n", *node.last_presence,
                           node.good ? " (good)" : "", node.successes, node.attempts,
                           node.last_success_at ? UtcTime(*node.last_success_at) : std::string{"never"});
        std::vector<Row> uptime{{"uptime"}};
        for (size_t i = 0; i < node.reliability.size(); ++i) {
            uptime[0].push_back(fmt::format("{} {:.2f}%", monitor::UPTIME_WINDOWS[i].name, 100 * node.reliability[i]));
        }
        out += Table(uptime, Values::left);
    } else {
        out += "monitor: no round reached it\n";
    }
    std::vector<Row> rows{{"crawl", "round", "started", "outcome", "version", "user agent"}};
    for (const auto& attempt : node.history) {
        rows.push_back({std::to_string(attempt.crawl_id), attempt.round ? std::to_string(*attempt.round) : "-",
                        UtcTime(attempt.started_at), attempt.outcome,
                        attempt.version ? std::to_string(*attempt.version) : "-",
                        attempt.user_agent ? PrintableText(*attempt.user_agent) : "-"});
    }
    return out + fmt::format("\nattempts\n{}", Table(rows, Values::left));
}

}  // namespace report
