// Why this file exists: the monitor page's line charts (html_line_chart.h), their coordinates
// computed by hand: no round, one round, equal values, and the scale shared by every line.
#include <gtest/gtest.h>

#include "report/html_line_chart.h"

namespace report {
namespace {

size_t Count(const std::string& text, const std::string& what)
{
    size_t count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

TEST(LineChart, NoRoundDrawsTheAxesAlone)
{
    const std::string svg = LineChartSvg({.label = "up", .rounds = {}, .series = {{"up", {}}}});
    EXPECT_TRUE(svg.starts_with(R"(<svg width="100%" height="248" role="img" aria-label="up">)")) << svg;
    EXPECT_TRUE(svg.ends_with("</svg>"));
    EXPECT_EQ(Count(svg, "class=\"line"), 0u);
    EXPECT_EQ(Count(svg, R"(<polyline points="0,0 0,180 1000,180" class="axis"/>)"), 1u);
    EXPECT_NE(svg.find(R"(class="tick">1</text>)"), std::string::npos);  // top is 1 when nothing is counted
    EXPECT_EQ(Count(svg, "<svg"), 2u);
    EXPECT_EQ(Count(svg, "</svg>"), 2u);
}

TEST(LineChart, OneRoundIsADotInTheMiddle)
{
    const std::string svg = LineChartSvg({.label = "up", .rounds = {7}, .series = {{"up", {4}}}});
    EXPECT_NE(svg.find(R"(<polyline points="500.0,0.0 500.0,0.0" class="line s1"/>)"), std::string::npos) << svg;
    EXPECT_NE(svg.find(R"(class="tick">4</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(class="tick">2</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(class="tick">7</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(class="tick end">7</text>)"), std::string::npos);
}

TEST(LineChart, EqualValuesAreAFlatLineAtTheTop)
{
    const std::string svg = LineChartSvg({.label = "up", .rounds = {1, 2, 3}, .series = {{"up", {5, 5, 5}}}});
    EXPECT_NE(svg.find(R"(points="0.0,0.0 500.0,0.0 1000.0,0.0" class="line s1")"), std::string::npos) << svg;
}

TEST(LineChart, ZerosLieOnTheAxis)
{
    const std::string svg = LineChartSvg({.label = "left", .rounds = {1, 2, 3}, .series = {{"left", {0, 0, 0}}}});
    EXPECT_NE(svg.find(R"(points="0.0,180.0 500.0,180.0 1000.0,180.0" class="line s1")"), std::string::npos) << svg;
}

TEST(LineChart, EveryLineOnTheScaleOfTheLargestValue)
{
    const std::string svg =
        LineChartSvg({.label = "churn", .rounds = {4, 5, 6}, .series = {{"joined", {0, 2, 4}}, {"left", {1, 1, 3}}}});
    // top = 4: y = 180 · (1 − v/4).
    EXPECT_NE(svg.find(R"(points="0.0,180.0 500.0,90.0 1000.0,0.0" class="line s1")"), std::string::npos) << svg;
    EXPECT_NE(svg.find(R"(points="0.0,135.0 500.0,135.0 1000.0,45.0" class="line s2")"), std::string::npos) << svg;
    EXPECT_NE(svg.find(R"(class="tick">4</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(class="tick">2</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(class="tick">4</text><text x="100%" y="216" class="tick end">6</text>)"), std::string::npos);
    // One legend row per line, 18 px apart.
    EXPECT_NE(svg.find(R"(<text x="19" y="240" class="legend">joined</text>)"), std::string::npos);
    EXPECT_NE(svg.find(R"(<text x="19" y="258" class="legend">left</text>)"), std::string::npos);
}

TEST(LineChart, NamesAreEscapedAndColoursCycle)
{
    LineChart chart{.label = "a<b", .rounds = {1, 2}};
    for (int index = 0; index < 7; ++index)
        chart.series.push_back({index == 0 ? "<i>&" : "n", {1, 2}});
    const std::string svg = LineChartSvg(chart);
    EXPECT_NE(svg.find(R"(aria-label="a&lt;b")"), std::string::npos);
    EXPECT_NE(svg.find(">&lt;i&gt;&amp;</text>"), std::string::npos);
    EXPECT_EQ(svg.find("<i>"), std::string::npos);
    EXPECT_EQ(Count(svg, R"(class="line s1")"), 2u);  // the first and the seventh
    EXPECT_EQ(Count(svg, R"(class="line s6")"), 1u);
}

}  // namespace
}  // namespace report
