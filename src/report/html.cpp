// Why this file exists: the HTML report (see html.h). Every chart is an inline SVG drawn from the
// same numbers as `report --json`, followed by a table of those numbers, so the page is readable
// without the pictures (screen readers, text browsers).
#include "report/html.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "report/nodes.h"
#include "report/summary.h"

namespace report {
namespace {

constexpr size_t TOP_HTML_USER_AGENTS = 15;
constexpr int HISTOGRAM_BINS = 12;
constexpr int TIMELINE_POINTS = 60;

std::string Escape(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// At most LABEL_LENGTH bytes, cut on a UTF-8 code point boundary (the table keeps the whole label).
std::string Shortened(const std::string& label)
{
    constexpr size_t LABEL_LENGTH = 28;
    if (label.size() <= LABEL_LENGTH) return label;
    size_t cut = LABEL_LENGTH - 1;
    while (cut > 0 && (static_cast<uint8_t>(label[cut]) & 0xC0) == 0x80) --cut;
    return label.substr(0, cut) + "…";
}

// A horizontal bar chart: one labelled bar per count, the count at its end.
std::string BarChart(const Counts& counts, const std::string& axis)
{
    constexpr int LABEL_WIDTH = 190, BAR_WIDTH = 330, ROW = 22, TOP = 4;
    int64_t maximum = 1;
    for (const auto& entry : counts) maximum = std::max(maximum, entry.second);
    const int height = TOP + ROW * static_cast<int>(counts.size()) + 28;
    std::string svg = fmt::format(R"(<svg viewBox="0 0 600 {}" role="img" aria-label="{}">)", height, Escape(axis));
    int y = TOP;
    for (const auto& [label, count] : counts) {
        const int width = static_cast<int>(BAR_WIDTH * count / maximum);
        const std::string shown = Shortened(label);
        svg += fmt::format(R"(<text x="{}" y="{}" class="label">{}</text>)", LABEL_WIDTH - 6, y + 15, Escape(shown));
        svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" class="bar"/>)", LABEL_WIDTH, y + 3,
                           std::max(width, 1), ROW - 6);
        svg += fmt::format(R"(<text x="{}" y="{}" class="value">{}</text>)", LABEL_WIDTH + width + 5, y + 15, count);
        y += ROW;
    }
    svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="axis"/>)", LABEL_WIDTH, TOP, y);
    svg += fmt::format(R"(<text x="{}" y="{}" class="axis-title">{}</text></svg>)", LABEL_WIDTH + BAR_WIDTH / 2,
                       y + 20, Escape(axis));
    return svg;
}

std::string NumbersTable(const Counts& counts, const std::string& key_title)
{
    std::string html = fmt::format("<table><tr><th>{}</th><th>nodes</th></tr>", Escape(key_title));
    for (const auto& [key, count] : counts) html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", Escape(key), count);
    return html + "</table>";
}

std::string Section(const std::string& title, const std::string& body)
{
    return fmt::format("<section><h2>{}</h2>{}</section>\n", Escape(title), body);
}

std::string CountsSection(const std::string& title, const Counts& counts, const std::string& key_title,
                          const std::string& axis)
{
    if (counts.empty()) return Section(title, "<p>No data.</p>");
    return Section(title, BarChart(counts, axis) + NumbersTable(counts, key_title));
}

// Equal-width bins from the smallest to the largest value, labelled "low–high".
Counts Histogram(const std::vector<int64_t>& values, const std::string& unit)
{
    if (values.empty()) return {};
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const int64_t width = std::max<int64_t>(1, (*high - *low) / HISTOGRAM_BINS + 1);
    std::vector<int64_t> bins((*high - *low) / width + 1, 0);
    for (const auto value : values) ++bins[(value - *low) / width];
    Counts counts;
    for (size_t bin = 0; bin < bins.size(); ++bin) {
        const int64_t from = *low + static_cast<int64_t>(bin) * width;
        counts.emplace_back(fmt::format("{}–{}{}", from, from + width - 1, unit), bins[bin]);
    }
    return counts;
}

Counts AttemptOutcomes(store::Database& db, int64_t crawl_id)
{
    SQLite::Statement query(db.Sql(),
        "SELECT outcome, COUNT(*) FROM connections WHERE crawl_id = ? GROUP BY outcome ORDER BY COUNT(*) DESC, outcome");
    query.bind(1, crawl_id);
    Counts counts;
    while (query.executeStep()) counts.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getInt64());
    return counts;
}

std::vector<int64_t> Times(store::Database& db, const char* sql, int64_t crawl_id)
{
    SQLite::Statement query(db.Sql(), sql);
    query.bind(1, crawl_id);
    std::vector<int64_t> times;
    while (query.executeStep()) times.push_back(query.getColumn(0).getInt64());
    return times;  // the queries sort them
}

// Known (learned), done (attempts finished) and reachable addresses over the crawl's time.
std::string Timeline(store::Database& db, const CrawlInfo& crawl)
{
    struct Series {
        const char* name;
        const char* css;
        std::vector<int64_t> times;
    };
    std::vector<Series> series{
        {"known", "s1", Times(db, "SELECT learned_at FROM crawl_addresses WHERE crawl_id = ? ORDER BY 1", crawl.id)},
        {"done", "s2", Times(db, "SELECT MAX(finished_at) FROM connections WHERE crawl_id = ? GROUP BY address_id ORDER BY 1", crawl.id)},
        {"reachable", "s3", Times(db, "SELECT MIN(handshake_at) FROM connections WHERE crawl_id = ? "
                                      "AND handshake_at IS NOT NULL GROUP BY address_id ORDER BY 1", crawl.id)},
    };
    int64_t end = crawl.finished_at.value_or(crawl.started_at);
    size_t total = 1;
    for (const auto& line : series) {
        if (!line.times.empty()) end = std::max(end, line.times.back());
        total = std::max(total, line.times.size());
    }
    const double span = static_cast<double>(std::max<int64_t>(end - crawl.started_at, 1));
    constexpr int LEFT = 60, WIDTH = 520, HEIGHT = 200, TOP = 10;
    std::string svg = fmt::format(R"(<svg viewBox="0 0 600 {}" role="img" aria-label="addresses over time">)", HEIGHT + 60);
    svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="axis"/><line x1="{0}" y1="{2}" x2="{3}" y2="{2}" class="axis"/>)",
                       LEFT, TOP, TOP + HEIGHT, LEFT + WIDTH);
    svg += fmt::format(R"(<text x="{}" y="{}" class="label">{}</text><text x="{}" y="{}" class="label">0</text>)",
                       LEFT - 4, TOP + 10, total, LEFT - 4, TOP + HEIGHT);
    svg += fmt::format(R"(<text x="{}" y="{}" class="axis-title">seconds since start ({:.1f} s)</text>)",
                       LEFT + WIDTH / 2, TOP + HEIGHT + 20, span / 1000.0);
    std::string table = "<table><tr><th>time (s)</th>";
    for (const auto& line : series) table += fmt::format("<th>{}</th>", line.name);
    table += "</tr>";
    std::vector<std::string> points(series.size());
    for (int step = 0; step <= TIMELINE_POINTS; ++step) {
        const int64_t at = crawl.started_at + static_cast<int64_t>(span * step / TIMELINE_POINTS);
        const bool tabulate = step % (TIMELINE_POINTS / 6) == 0;
        if (tabulate) table += fmt::format("<tr><td>{:.1f}</td>", static_cast<double>(at - crawl.started_at) / 1000.0);
        for (size_t index = 0; index < series.size(); ++index) {
            const auto& times = series[index].times;
            const auto count = std::upper_bound(times.begin(), times.end(), at) - times.begin();
            points[index] += fmt::format("{:.1f},{:.1f} ", LEFT + WIDTH * step / static_cast<double>(TIMELINE_POINTS),
                                         TOP + HEIGHT - HEIGHT * static_cast<double>(count) / static_cast<double>(total));
            if (tabulate) table += fmt::format("<td>{}</td>", count);
        }
        if (tabulate) table += "</tr>";
    }
    for (size_t index = 0; index < series.size(); ++index) {
        svg += fmt::format(R"(<polyline points="{}" class="line {}"/>)", points[index], series[index].css);
        svg += fmt::format(R"(<text x="{}" y="{}" class="legend {}">{}</text>)", LEFT + 10 + 90 * index, TOP + HEIGHT + 45,
                           series[index].css, series[index].name);
    }
    return Section("Crawl timeline", svg + "</svg>" + table + "</table>");
}

constexpr const char* STYLE = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:920px;padding:1rem;color:#1d232a;line-height:1.45}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #d5dbe1}
svg{width:100%;height:auto;display:block}.bar{fill:#3b6ea8}.label{font-size:12px;text-anchor:end;fill:#333}
.value{font-size:12px;fill:#333}.axis{stroke:#888;stroke-width:1}.axis-title{font-size:12px;text-anchor:middle;fill:#555}
.line{fill:none;stroke-width:2}.s1{stroke:#3b6ea8;fill:#3b6ea8}.s2{stroke:#c77c26;fill:#c77c26}.s3{stroke:#2f8f57;fill:#2f8f57}
polyline.s1,polyline.s2,polyline.s3{fill:none}.legend{font-size:13px}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;font-variant-numeric:tabular-nums}
td,th{padding:.15rem .6rem;border-bottom:1px solid #e5e8eb;text-align:right}td:first-child,th:first-child{text-align:left;word-break:break-all}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:.5rem}.facts div{background:#f3f5f7;padding:.5rem;border-radius:6px}
.facts b{display:block;font-size:1.3rem}
)css";

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

    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        << fmt::format("<title>btccrawl: crawl {}</title><style>{}</style></head><body>\n", crawl.id, STYLE);
    out << fmt::format("<h1>Crawl {} ({}, {})</h1>\n<div class=\"facts\">", crawl.id, Escape(crawl.chain), Escape(crawl.status));
    const std::pair<const char*, std::string> facts[] = {
        {"duration", summary.duration_s ? fmt::format("{:.1f} s", *summary.duration_s) : "-"},
        {"addresses known", std::to_string(summary.addresses_known)},
        {"learned", std::to_string(summary.addresses_learned)},
        {"attempted", std::to_string(summary.attempted)},
        {"reachable", std::to_string(summary.reachable)},
        {"addr messages", std::to_string(summary.addr_messages)},
    };
    for (const auto& [name, value] : facts) out << fmt::format("<div><b>{}</b>{}</div>", value, name);
    out << "</div>\n";
    out << CountsSection("Reachable nodes by network", summary.reachable_by_network, "network", "reachable nodes");
    out << CountsSection(fmt::format("User agents (top {})", TOP_HTML_USER_AGENTS), agents, "user agent", "reachable nodes");
    out << CountsSection("Protocol versions", summary.protocol_versions, "version", "reachable nodes");
    out << CountsSection("Service flags", summary.service_flags, "flag", "reachable nodes with the flag");
    out << CountsSection("Start height", Histogram(heights, ""), "height", "reachable nodes");
    out << CountsSection("Outcome of every attempt", AttemptOutcomes(db, crawl.id), "outcome", "attempts");
    out << CountsSection("Connect latency", Histogram(connect, " ms"), "connect time", "reachable nodes");
    out << CountsSection("Handshake latency", Histogram(handshake, " ms"), "handshake time", "reachable nodes");
    out << Timeline(db, crawl);
    out << "</body></html>\n";
}

}  // namespace report
