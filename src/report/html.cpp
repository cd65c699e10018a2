// Why this file exists: the HTML report (see html.h). Every chart is an inline SVG drawn from the
// same numbers as `report --json`, followed by a table of those numbers, so the page is readable
// without the pictures (screen readers, text browsers).
#include "report/html.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <algorithm>
#include <ctime>

#include "report/histogram.h"
#include "report/html_page.h"
#include "report/nodes.h"
#include "report/summary.h"
#include "store/queries.h"

namespace report {
namespace {

constexpr size_t TOP_HTML_USER_AGENTS = 15;
constexpr int TIMELINE_POINTS = 60;

std::string TransportSection(const Summary& summary)
{
    std::string body =
        fmt::format("<p>{:.1f} % of reachable nodes completed a v2 handshake.</p>", 100.0 * summary.V2Share());
    const auto rows = TransportRows(summary);
    if (rows.size() > 1) {
        body += "<table>";
        for (size_t index = 0; index < rows.size(); ++index) {
            body += "<tr>";
            for (const auto& cell : rows[index])
                body += index == 0 ? "<th>" + Escape(cell) + "</th>" : "<td>" + Escape(cell) + "</td>";
            body += "</tr>";
        }
        body += "</table>";
    }
    return Section("transport", "Transport (BIP324)", body);
}

// A line of the timeline: how many of `times` (sorted) have passed at each moment.
struct Series {
    const char* name;
    const char* css;
    std::vector<int64_t> times;

    int64_t CountAt(int64_t at) const { return std::upper_bound(times.begin(), times.end(), at) - times.begin(); }
};

// The moment of each of the TIMELINE_POINTS + 1 steps from `start` over `span` ms.
int64_t StepAt(int64_t start, double span, int step)
{
    return start + static_cast<int64_t>(span * step / TIMELINE_POINTS);
}

// Text in CSS pixels around a plot that stretches to the width (its own viewBox, no aspect ratio
// kept, strokes that do not scale), so labels stay readable on a phone.
std::string TimelineSvg(const std::vector<Series>& series, int64_t start, double span, size_t total)
{
    constexpr int PLOT_TOP = 20, PLOT_HEIGHT = 180, PLOT_WIDTH = 1000;
    constexpr int BELOW = PLOT_TOP + PLOT_HEIGHT;
    std::string svg =
        fmt::format(R"(<svg width="100%" height="{}" role="img" aria-label="addresses over time">)", BELOW + 58);
    svg += fmt::format(
        R"(<svg y="{}" width="100%" height="{}" viewBox="0 0 {} {}" preserveAspectRatio="none" class="plot">)",
        PLOT_TOP, PLOT_HEIGHT, PLOT_WIDTH, PLOT_HEIGHT);
    for (const int level : {0, PLOT_HEIGHT / 2}) {
        svg += fmt::format(R"(<line x1="0" y1="{0}" x2="{1}" y2="{0}" class="grid"/>)", level, PLOT_WIDTH);
    }
    svg += fmt::format(R"(<polyline points="0,0 0,{0} {1},{0}" class="axis"/>)", PLOT_HEIGHT, PLOT_WIDTH);
    for (const auto& line : series) {
        std::string points;
        for (int step = 0; step <= TIMELINE_POINTS; ++step) {
            const auto count = line.CountAt(StepAt(start, span, step));
            points += fmt::format("{:.1f},{:.1f} ", PLOT_WIDTH * step / static_cast<double>(TIMELINE_POINTS),
                                  PLOT_HEIGHT - PLOT_HEIGHT * static_cast<double>(count) / static_cast<double>(total));
        }
        svg += fmt::format(R"(<polyline points="{}" class="line {}"/>)", points, line.css);
    }
    svg += "</svg>";
    svg +=
        fmt::format(R"(<text x="4" y="{}" class="tick">{} addresses</text><text x="4" y="{}" class="tick">{}</text>)",
                    PLOT_TOP - 5, total, PLOT_TOP + PLOT_HEIGHT / 2 - 5, total / 2);
    svg += fmt::format(
        R"(<text x="0" y="{0}" class="tick">0 s</text><text x="100%" y="{0}" class="tick end">{1:.1f} s</text>)",
        BELOW + 16, span / 1000.0);
    svg += fmt::format(R"(<text x="50%" y="{}" class="axis-title middle">time since the crawl started</text>)",
                       BELOW + 16);
    for (size_t index = 0; index < series.size(); ++index) {
        const int x = 100 * static_cast<int>(index);
        svg += fmt::format(
            R"(<rect x="{}" y="{}" width="14" height="4" class="{}"/><text x="{}" y="{}" class="legend">{}</text>)", x,
            BELOW + 37, series[index].css, x + 19, BELOW + 43, series[index].name);
    }
    return svg + "</svg>";
}

// Every sixth of the plotted steps as a table row.
std::string TimelineTable(const std::vector<Series>& series, int64_t start, double span)
{
    std::string table = "<table><tr><th>time (s)</th>";
    for (const auto& line : series)
        table += fmt::format("<th>{}</th>", line.name);
    table += "</tr>";
    for (int step = 0; step <= TIMELINE_POINTS; step += TIMELINE_POINTS / 6) {
        const int64_t at = StepAt(start, span, step);
        table += fmt::format("<tr><td>{:.1f}</td>", static_cast<double>(at - start) / 1000.0);
        for (const auto& line : series)
            table += fmt::format("<td>{}</td>", line.CountAt(at));
        table += "</tr>";
    }
    return table + "</table>";
}

// Known (learned), done (attempts finished) and reachable addresses over the crawl's time.
std::string Timeline(store::Database& db, const CrawlInfo& crawl)
{
    auto progress = store::LoadCrawlProgress(db, crawl.id);
    std::vector<Series> series{
        {"known", "s1", std::move(progress.learned)},
        {"done", "s2", std::move(progress.done)},
        {"reachable", "s3", std::move(progress.reachable)},
    };
    int64_t end = crawl.finished_at.value_or(crawl.started_at);
    size_t total = 1;
    for (const auto& line : series) {
        if (!line.times.empty()) end = std::max(end, line.times.back());
        total = std::max(total, line.times.size());
    }
    const double span = static_cast<double>(std::max<int64_t>(end - crawl.started_at, 1));
    return Section("timeline", "Crawl timeline",
                   TimelineSvg(series, crawl.started_at, span, total) + TimelineTable(series, crawl.started_at, span));
}

}  // namespace

void WriteHtml(std::ostream& out, store::Database& db, const CrawlInfo& crawl)
{
    const auto nodes = LoadReachableNodes(db, crawl.id);
    const Summary summary = ComputeSummary(db, crawl, nodes);
    std::vector<int64_t> connect, handshake, heights;
    for (const auto& node : nodes) {
        if (const auto ms = node.ConnectMs()) connect.push_back(*ms);
        if (const auto ms = node.HandshakeMs()) handshake.push_back(*ms);
        if (node.height) heights.push_back(*node.height);
    }
    Counts agents = summary.user_agents;
    if (agents.size() > TOP_HTML_USER_AGENTS) agents.resize(TOP_HTML_USER_AGENTS);

    // The file's name, not its folders: the page is meant to be shared.
    const std::string file_name = db.Path().filename().string();
    const std::string file = Escape(file_name);
    out << PageHead(fmt::format("btccrawl: crawl {} of {}", crawl.id, file_name));
    out << fmt::format(R"(<h1>Crawl {} of {}</h1><p class="when">{} · {} · started {:%Y-%m-%d %H:%M:%S} UTC</p>)"
                       "\n<div class=\"facts\">",
                       crawl.id, file, Escape(crawl.chain), Escape(StatusText(crawl)),
                       fmt::gmtime(static_cast<std::time_t>(crawl.started_at / 1000)));
    const std::pair<const char*, std::string> facts[] = {
        {"duration", DurationText(summary)},
        {"addresses known", std::to_string(summary.addresses_known)},
        {"learned", std::to_string(summary.addresses_learned)},
        {"attempted", std::to_string(summary.attempted)},
        {"reachable", std::to_string(summary.reachable)},
        {"addr messages", std::to_string(summary.addr_messages)},
    };
    for (const auto& [name, value] : facts)
        out << fmt::format("<div><b>{}</b>{}</div>", value, name);
    out << "</div>\n";
    const auto chart = [&out](const ChartText& text, const Counts& counts) { out << CountsSection(text, counts); };
    chart({"networks", "Reachable nodes by network", "network", "nodes", "reachable nodes"},
          summary.reachable_by_network);
    chart({"user-agents", fmt::format("User agents (top {})", TOP_HTML_USER_AGENTS), "user agent", "nodes",
           "reachable nodes"},
          agents);
    chart({"protocol-versions", "Protocol versions", "version", "nodes", "reachable nodes"}, summary.protocol_versions);
    chart({"service-flags", "Service flags", "flag", "nodes", "reachable nodes with the flag"}, summary.service_flags);
    chart({"start-height", "Start height", "height", "nodes", "reachable nodes"}, RoundHistogram(heights));
    chart({"outcomes", "Outcome of every attempt", "outcome", "attempts", "attempts"}, summary.attempt_outcomes);
    chart({"connect-latency", "Connect latency", "connect time", "nodes", "reachable nodes"},
          LatencyHistogram(connect));
    chart({"handshake-latency", "Handshake latency", "handshake time", "nodes", "reachable nodes"},
          LatencyHistogram(handshake));
    out << TransportSection(summary);
    out << Timeline(db, crawl);
    out << PAGE_END;
}

}  // namespace report
