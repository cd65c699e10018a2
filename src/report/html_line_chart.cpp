// Why this file exists: the line charts of the monitor page (see html_line_chart.h).
#include "report/html_line_chart.h"

#include <fmt/format.h>
#include <algorithm>

#include "report/html_page.h"

namespace report {
namespace {

constexpr int PLOT_TOP = 20;
constexpr int BELOW = PLOT_TOP + LINE_PLOT_HEIGHT;
constexpr int LEGEND_ROW = 18;
constexpr int COLOURS = 6;

int64_t Top(const LineChart& chart)
{
    int64_t top = 1;
    for (const auto& line : chart.series)
        for (const int64_t value : line.values)
            top = std::max(top, value);
    return top;
}

// "x,y x,y …" of one series; a single round twice, a zero-length segment that round caps draw as a dot.
std::string Points(const std::vector<int64_t>& values, int64_t top)
{
    const size_t count = values.size();
    std::string points;
    for (size_t index = 0; index < count; ++index) {
        const double x = count == 1 ? LINE_PLOT_WIDTH / 2.0
                                    : LINE_PLOT_WIDTH * static_cast<double>(index) / static_cast<double>(count - 1);
        const double y = LINE_PLOT_HEIGHT * (1.0 - static_cast<double>(values[index]) / static_cast<double>(top));
        points += fmt::format("{:.1f},{:.1f} ", x, y);
        if (count == 1) points += fmt::format("{:.1f},{:.1f} ", x, y);
    }
    if (!points.empty()) points.pop_back();
    return points;
}

std::string Plot(const LineChart& chart, int64_t top)
{
    std::string svg = fmt::format(
        R"(<svg y="{}" width="100%" height="{}" viewBox="0 0 {} {}" preserveAspectRatio="none" class="plot">)",
        PLOT_TOP, LINE_PLOT_HEIGHT, LINE_PLOT_WIDTH, LINE_PLOT_HEIGHT);
    for (const int level : {0, LINE_PLOT_HEIGHT / 2})
        svg += fmt::format(R"(<line x1="0" y1="{0}" x2="{1}" y2="{0}" class="grid"/>)", level, LINE_PLOT_WIDTH);
    svg += fmt::format(R"(<polyline points="0,0 0,{0} {1},{0}" class="axis"/>)", LINE_PLOT_HEIGHT, LINE_PLOT_WIDTH);
    if (!chart.rounds.empty()) {
        for (size_t index = 0; index < chart.series.size(); ++index) {
            svg += fmt::format(R"(<polyline points="{}" class="line s{}"/>)", Points(chart.series[index].values, top),
                               index % COLOURS + 1);
        }
    }
    return svg + "</svg>";
}

// One legend row per series: a phone has no room for them side by side.
std::string Legend(const LineChart& chart)
{
    std::string svg;
    for (size_t index = 0; index < chart.series.size(); ++index) {
        const int y = BELOW + 40 + LEGEND_ROW * static_cast<int>(index);
        svg += fmt::format(
            R"(<rect x="0" y="{}" width="14" height="4" class="s{}"/><text x="19" y="{}" class="legend">{}</text>)",
            y - 6, index % COLOURS + 1, y, Escape(chart.series[index].name));
    }
    return svg;
}

}  // namespace

std::string LineChartSvg(const LineChart& chart)
{
    const int64_t top = Top(chart);
    const int height = BELOW + 30 + LEGEND_ROW * static_cast<int>(chart.series.size());
    std::string svg =
        fmt::format(R"(<svg width="100%" height="{}" role="img" aria-label="{}">)", height, Escape(chart.label));
    svg += Plot(chart, top);
    svg += fmt::format(R"(<text x="4" y="{}" class="tick">{}</text><text x="4" y="{}" class="tick">{:g}</text>)",
                       PLOT_TOP - 5, top, PLOT_TOP + LINE_PLOT_HEIGHT / 2 - 5, static_cast<double>(top) / 2);
    if (!chart.rounds.empty()) {
        svg += fmt::format(
            R"(<text x="0" y="{0}" class="tick">{1}</text><text x="100%" y="{0}" class="tick end">{2}</text>)",
            BELOW + 16, chart.rounds.front(), chart.rounds.back());
    }
    svg += fmt::format(R"(<text x="50%" y="{}" class="axis-title middle">round</text>)", BELOW + 16);
    return svg + Legend(chart) + "</svg>";
}

}  // namespace report
