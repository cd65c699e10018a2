#pragma once
// Why this file exists: the bins of the HTML report's histograms, chosen from the data. Pure
// functions (values in, labelled counts out) so that each binning rule is unit-tested by hand.
#include <cstdint>
#include <vector>

#include "report/summary.h"

namespace report {

// Bins of a round width (1, 2 or 5 times a power of ten, the smallest that covers the range in
// HISTOGRAM_BINS bins) aligned on its multiples, labelled "low–high" (the value alone when the
// width is 1); empty bins between the smallest and the largest value are kept. Empty for no value.
constexpr int HISTOGRAM_BINS = 12;
Counts RoundHistogram(const std::vector<int64_t>& values);

// Latencies in ms have a long tail (most peers answer in a few ms, a slow one in seconds):
// equal-width bins put nearly every node in the first. These bins grow in 1-2-5 steps (0, 1, 2–4,
// 5–9, 10–19… ms), from the bin of the smallest value to that of the largest, empty ones kept, each
// labelled with its range ("2–4 ms", "1 ms"); a value below 0 (a step of the wall clock) counts in
// the first. Empty for no value.
Counts LatencyHistogram(const std::vector<int64_t>& values);

}  // namespace report
