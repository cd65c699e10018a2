// Why this file exists: the binning rules of the HTML report's histograms on hand-computed cases,
// apart from the page: no value, all values equal, a long tail, bin edges, negative values.
#include <gtest/gtest.h>

#include "report/histogram.h"

namespace report::test {
namespace {

TEST(LatencyHistogram, NoValueNoBin)
{
    EXPECT_EQ(LatencyHistogram({}), Counts{});
}

TEST(LatencyHistogram, EqualValuesShareOneBin)
{
    EXPECT_EQ(LatencyHistogram({0, 0}), (Counts{{"0 ms", 2}}));
    EXPECT_EQ(LatencyHistogram({1, 1, 1}), (Counts{{"1 ms", 3}}));
    EXPECT_EQ(LatencyHistogram({7, 7, 7}), (Counts{{"5–9 ms", 3}}));
    EXPECT_EQ(LatencyHistogram({300}), (Counts{{"200–499 ms", 1}}));
}

// Fast peers stay apart from a slow one 2.5 s away, every empty bin between them kept: with the
// 500 ms bins of before, five of the six values fell in the first bin.
TEST(LatencyHistogram, LongTailKeepsTheFastValuesApart)
{
    EXPECT_EQ(LatencyHistogram({0, 1, 1, 3, 4, 2500}), (Counts{
                                                           {"0 ms", 1},
                                                           {"1 ms", 2},
                                                           {"2–4 ms", 2},
                                                           {"5–9 ms", 0},
                                                           {"10–19 ms", 0},
                                                           {"20–49 ms", 0},
                                                           {"50–99 ms", 0},
                                                           {"100–199 ms", 0},
                                                           {"200–499 ms", 0},
                                                           {"500–999 ms", 0},
                                                           {"1000–1999 ms", 0},
                                                           {"2000–4999 ms", 1},
                                                       }));
}

TEST(LatencyHistogram, BinsStartAtTheSmallestValuesBinAndEdgesAreInclusiveBelow)
{
    EXPECT_EQ(LatencyHistogram({9, 10}), (Counts{{"5–9 ms", 1}, {"10–19 ms", 1}}));
    EXPECT_EQ(LatencyHistogram({100, 49, 99, 50}), (Counts{{"20–49 ms", 1}, {"50–99 ms", 2}, {"100–199 ms", 1}}));
}

TEST(LatencyHistogram, NegativeValueCountsInTheFirstBin)
{
    EXPECT_EQ(LatencyHistogram({-3, 1}), (Counts{{"0 ms", 1}, {"1 ms", 1}}));
}

TEST(RoundHistogram, NoValueNoBin)
{
    EXPECT_EQ(RoundHistogram({}), Counts{});
}

TEST(RoundHistogram, EqualValuesShareOneBinLabelledWithTheValue)
{
    EXPECT_EQ(RoundHistogram({42, 42}), (Counts{{"42", 2}}));
}

// A span of 1001 in 12 bins needs at least 84 a bin: the round width is 100, edges on its multiples.
TEST(RoundHistogram, LongTailGetsARoundWidth)
{
    const Counts counts = RoundHistogram({3, 1, 2, 1003});
    ASSERT_EQ(counts.size(), 11u);
    EXPECT_EQ(counts.front(), (std::pair<std::string, int64_t>{"0–99", 3}));
    EXPECT_EQ(counts[5], (std::pair<std::string, int64_t>{"500–599", 0}));
    EXPECT_EQ(counts.back(), (std::pair<std::string, int64_t>{"1000–1099", 1}));
}

// A span of 19 needs a width of 2; the first edge is the multiple of 2 at or below -15.
TEST(RoundHistogram, NegativeValuesAlignOnTheMultipleBelow)
{
    const Counts counts = RoundHistogram({-15, 3});
    ASSERT_EQ(counts.size(), 10u);
    EXPECT_EQ(counts.front(), (std::pair<std::string, int64_t>{"-16–-15", 1}));
    EXPECT_EQ(counts.back(), (std::pair<std::string, int64_t>{"2–3", 1}));
}

}  // namespace
}  // namespace report::test
