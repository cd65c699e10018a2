// Why this file exists: the HTML report (see html.h). Every chart is an inline SVG drawn from the
// same numbers as `report --json`, followed by a table of those numbers, so the page is readable
// without the pictures (screen readers, text browsers).
#include "report/html.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <algorithm>
#include <ctime>

#include "report/histogram.h"
#include "report/nodes.h"
#include "report/summary.h"
#include "store/queries.h"

namespace report {
namespace {

constexpr size_t TOP_HTML_USER_AGENTS = 15;
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
    constexpr size_t LABEL_LENGTH = 48;
    if (label.size() <= LABEL_LENGTH) return label;
    size_t cut = LABEL_LENGTH - 1;
    while (cut > 0 && (static_cast<uint8_t>(label[cut]) & 0xC0) == 0x80)
        --cut;
    return label.substr(0, cut) + "…";
}

// A horizontal bar chart, each label on its own line above its bar. It has no viewBox: it is drawn
// in CSS pixels with bar lengths in percent, so its text keeps the page's size from a phone to a
// desktop instead of shrinking or growing with the width.
std::string BarChart(const Counts& counts, const std::string& axis)
{
    constexpr int ROW = 38, LABEL_BASELINE = 13, BAR_TOP = 18, BAR_HEIGHT = 13, CAPTION = 26;
    constexpr double LONGEST_BAR = 88.0;  // percent of the width, leaving room for the count after it
    int64_t maximum = 1;
    for (const auto& entry : counts)
        maximum = std::max(maximum, entry.second);
    const int rows_height = ROW * static_cast<int>(counts.size());
    std::string svg = fmt::format(R"(<svg width="100%" height="{}" role="img" aria-label="{}">)", rows_height + CAPTION,
                                  Escape(axis));
    int y = 0;
    for (const auto& [label, count] : counts) {
        const double width = LONGEST_BAR * static_cast<double>(count) / static_cast<double>(maximum);
        svg +=
            fmt::format(R"(<text x="0" y="{}" class="label">{}</text>)", y + LABEL_BASELINE, Escape(Shortened(label)));
        svg += fmt::format(R"(<rect x="0" y="{}" width="{:.2f}%" height="{}" class="bar"/>)", y + BAR_TOP,
                           std::max(width, 0.2), BAR_HEIGHT);
        svg += fmt::format(R"(<text x="{:.2f}%" dx="5" y="{}" class="value">{}</text>)", width,
                           y + BAR_TOP + BAR_HEIGHT - 2, count);
        y += ROW;
    }
    svg += fmt::format(R"(<line x1="0.5" y1="{0}" x2="0.5" y2="{1}" class="axis"/>)", BAR_TOP - 2, rows_height);
    svg += fmt::format(R"(<text x="0" y="{}" class="axis-title">{}</text></svg>)", rows_height + CAPTION - 8,
                       Escape(axis));
    return svg;
}

// The words around one bar chart: its section, its table's columns, the caption under the bars.
struct ChartText {
    const char* id;
    std::string title;
    const char* key;    // the table's first column
    const char* value;  // what is counted: the table's second column
    const char* axis;
};

std::string NumbersTable(const Counts& counts, const ChartText& text)
{
    std::string html = fmt::format("<table><tr><th>{}</th><th>{}</th></tr>", text.key, text.value);
    for (const auto& [key, count] : counts)
        html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", Escape(key), count);
    return html + "</table>";
}

// The id lets a reader link to one chart (report.html#timeline) and the browser test find it.
std::string Section(const std::string& id, const std::string& title, const std::string& body)
{
    return fmt::format(R"(<section id="{}"><h2>{}</h2>{}</section>)"
                       "\n",
                       id, Escape(title), body);
}

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

std::string CountsSection(const ChartText& text, const Counts& counts)
{
    if (counts.empty()) return Section(text.id, text.title, "<p>No data.</p>");
    return Section(text.id, text.title, BarChart(counts, text.axis) + NumbersTable(counts, text));
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

// On a wide screen each chart sits beside its table; below 760 px they stack.
constexpr const char* STYLE = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;margin:0 auto;max-width:1040px;padding:1rem 1.25rem 2rem;color:#1d232a;background:#fff;line-height:1.45}
h1{font-size:1.6rem;margin:.3rem 0 0}.when{color:#5b6570;margin:0 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .7rem;padding-bottom:.25rem;border-bottom:1px solid #d5dbe1}
svg{display:block;overflow:visible}svg text{font-size:13px;fill:#1d232a}svg .tick,svg .axis-title{font-size:12px;fill:#5b6570}.tick{paint-order:stroke;stroke:#fff;stroke-width:3px}
.middle{text-anchor:middle}.end{text-anchor:end}.bar{fill:#3b6ea8}svg .value{fill:#4a545e}
.axis{stroke:#9aa4ae;fill:none;stroke-width:1;vector-effect:non-scaling-stroke}.grid{stroke:#e3e7eb;stroke-width:1;vector-effect:non-scaling-stroke}
.s1{stroke:#3b6ea8;fill:#3b6ea8}.s2{stroke:#c77c26;fill:#c77c26}.s3{stroke:#2f8f57;fill:#2f8f57}
polyline.line{fill:none;stroke-width:2;stroke-linejoin:round;vector-effect:non-scaling-stroke}
table{border-collapse:collapse;width:100%;font-size:.875rem;font-variant-numeric:tabular-nums}
td,th{padding:.2rem .5rem;border-bottom:1px solid #eceff2;text-align:right}th{font-weight:600;color:#5b6570;border-bottom-color:#c9d0d6}
td:first-child,th:first-child{text-align:left;overflow-wrap:anywhere;padding-left:0}td:last-child,th:last-child{padding-right:0}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(6.5rem,1fr));gap:.5rem}
.facts div{background:#f3f5f7;padding:.5rem .7rem;border-radius:6px;color:#5b6570;font-size:.875rem}
.facts b{display:block;font-size:1.35rem;color:#1d232a;font-variant-numeric:tabular-nums}
@media (min-width:760px){section{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);column-gap:2.5rem;align-items:start}section h2,section p{grid-column:1/-1}}
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

    // The file's name, not its folders: the page is meant to be shared.
    const std::string file = Escape(db.Path().filename().string());
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        << fmt::format("<title>btccrawl: crawl {} of {}</title><style>{}</style></head><body>\n", crawl.id, file,
                       STYLE);
    out << fmt::format(R"(<h1>Crawl {} of {}</h1><p class="when">{} · {} · started {:%Y-%m-%d %H:%M:%S} UTC</p>)"
                       "\n<div class=\"facts\">",
                       crawl.id, file, Escape(crawl.chain), Escape(crawl.status),
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
    out << "</body></html>\n";
}

}  // namespace report
