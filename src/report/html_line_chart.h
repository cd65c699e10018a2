#pragma once
// Why this file exists: the line charts over rounds of the monitor page. A pure function (numbers
// in, SVG text out) so that its coordinates and scaling are unit-tested by hand.
#include <cstdint>
#include <string>
#include <vector>

namespace report {

struct LineSeries {
    std::string name;             // in the legend (escaped here)
    std::vector<int64_t> values;  // one per round of the chart, in order
};

struct LineChart {
    std::string label;               // the svg's aria-label (escaped here)
    std::vector<int64_t> rounds;     // the round numbers, in order: the x axis
    std::vector<LineSeries> series;  // drawn in the colours s1, s2, … (six, then again)
};

// An svg drawn like the crawl page's timeline: text in CSS pixels around a plot that stretches to
// the width (viewBox 0 0 LINE_PLOT_WIDTH LINE_PLOT_HEIGHT, no aspect ratio kept), so it stays
// readable on a phone. Round i of n sits at x = LINE_PLOT_WIDTH·i/(n−1) (the middle when n = 1,
// drawn as a dot); a value v at y = LINE_PLOT_HEIGHT·(1 − v/top), top being the largest value of
// every series (1 when all are 0), labelled with top and top/2. No round: the axes alone.
constexpr int LINE_PLOT_WIDTH = 1000;
constexpr int LINE_PLOT_HEIGHT = 180;
std::string LineChartSvg(const LineChart& chart);

}  // namespace report
