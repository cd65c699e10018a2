// Why this file exists: the shared parts of the HTML pages (see html_page.h).
#include "report/html_page.h"

#include <fmt/format.h>
#include <algorithm>
#include <cstdint>

namespace report {
namespace {

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

std::string NumbersTable(const Counts& counts, const ChartText& text)
{
    std::string html = fmt::format("<table><tr><th>{}</th><th>{}</th></tr>", text.key, text.value);
    for (const auto& [key, count] : counts)
        html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", Escape(key), count);
    return html + "</table>";
}

// On a wide screen each chart sits beside its table; below 760 px they stack.
constexpr const char* STYLE = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;margin:0 auto;max-width:1040px;padding:1rem 1.25rem 2rem;color:#1d232a;background:#fff;line-height:1.45}
h1{font-size:1.6rem;margin:.3rem 0 0}.when{color:#5b6570;margin:0 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .7rem;padding-bottom:.25rem;border-bottom:1px solid #d5dbe1}
svg{display:block;overflow:visible}svg text{font-size:13px;fill:#1d232a}svg .tick,svg .axis-title{font-size:12px;fill:#5b6570}.tick{paint-order:stroke;stroke:#fff;stroke-width:3px}
.middle{text-anchor:middle}.end{text-anchor:end}.bar{fill:#3b6ea8}svg .value{fill:#4a545e}
.axis{stroke:#9aa4ae;fill:none;stroke-width:1;vector-effect:non-scaling-stroke}.grid{stroke:#e3e7eb;stroke-width:1;vector-effect:non-scaling-stroke}
.s1{stroke:#3b6ea8;fill:#3b6ea8}.s2{stroke:#c77c26;fill:#c77c26}.s3{stroke:#2f8f57;fill:#2f8f57}.s4{stroke:#a8413b;fill:#a8413b}.s5{stroke:#7b5ea8;fill:#7b5ea8}.s6{stroke:#5b6570;fill:#5b6570}
polyline.line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round;vector-effect:non-scaling-stroke}
.rounds{max-height:26rem;overflow-y:auto}
table{border-collapse:collapse;width:100%;font-size:.875rem;font-variant-numeric:tabular-nums}
td,th{padding:.2rem .5rem;border-bottom:1px solid #eceff2;text-align:right}th{font-weight:600;color:#5b6570;border-bottom-color:#c9d0d6}
td:first-child,th:first-child{text-align:left;overflow-wrap:anywhere;padding-left:0}td:last-child,th:last-child{padding-right:0}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(6.5rem,1fr));gap:.5rem}
.facts div{background:#f3f5f7;padding:.5rem .7rem;border-radius:6px;color:#5b6570;font-size:.875rem}
.facts b{display:block;font-size:1.35rem;color:#1d232a;font-variant-numeric:tabular-nums}
@media (min-width:760px){section{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);column-gap:2.5rem;align-items:start}section h2,section p{grid-column:1/-1}}
)css";

}  // namespace

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

std::string Section(const std::string& id, const std::string& title, const std::string& body)
{
    return fmt::format(R"(<section id="{}"><h2>{}</h2>{}</section>)"
                       "\n",
                       id, Escape(title), body);
}

std::string CountsSection(const ChartText& text, const Counts& counts)
{
    if (counts.empty()) return Section(text.id, text.title, "<p>No data.</p>");
    return Section(text.id, text.title, BarChart(counts, text.axis) + NumbersTable(counts, text));
}

std::string PageHead(const std::string& title)
{
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>{}</title><style>{}</style></head><body>\n",
        Escape(title), STYLE);
}

}  // namespace report
