// Why this file exists: the histogram bins of the HTML report (see histogram.h).
#include "report/histogram.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>

namespace report {
namespace {

// The smallest of 1, 2, 5, 10, 20, 50… that covers `span` values in HISTOGRAM_BINS bins: round bin
// edges (800000–804999, 10–19 ms) read better than edges that start at whatever the minimum was.
int64_t RoundBinWidth(int64_t span)
{
    const int64_t wanted = (span + HISTOGRAM_BINS - 1) / HISTOGRAM_BINS;
    for (int64_t power = 1;; power *= 10) {
        for (const int64_t step : {1, 2, 5}) {
            if (step * power >= wanted) return step * power;
        }
    }
}

}  // namespace

Counts RoundHistogram(const std::vector<int64_t>& values)
{
    if (values.empty()) return {};
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const int64_t width = RoundBinWidth(*high - *low + 1);
    const int64_t first = (*low >= 0 ? *low / width : -((-*low + width - 1) / width)) * width;
    std::vector<int64_t> bins((*high - first) / width + 1, 0);
    for (const auto value : values)
        ++bins[(value - first) / width];
    Counts counts;
    for (size_t bin = 0; bin < bins.size(); ++bin) {
        const int64_t from = first + static_cast<int64_t>(bin) * width;
        counts.emplace_back(width == 1 ? std::to_string(from) : fmt::format("{}–{}", from, from + width - 1),
                            bins[bin]);
    }
    return counts;
}

namespace {

// Lower edge of latency bin `bin`: 0, then 1, 2, 5, 10, 20, 50… ms.
int64_t LatencyBinStart(size_t bin)
{
    if (bin == 0) return 0;
    constexpr std::array<int64_t, 3> STEPS{1, 2, 5};
    int64_t power = 1;
    for (size_t decade = (bin - 1) / 3; decade > 0; --decade)
        power *= 10;
    return STEPS[(bin - 1) % 3] * power;
}

// The latency bin of `value`.
size_t LatencyBin(int64_t value)
{
    size_t bin = 0;
    while (value >= LatencyBinStart(bin + 1))
        ++bin;
    return bin;
}

}  // namespace

Counts LatencyHistogram(const std::vector<int64_t>& values)
{
    if (values.empty()) return {};
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const size_t first = LatencyBin(*low);
    std::vector<int64_t> bins(LatencyBin(*high) - first + 1, 0);
    for (const auto value : values)
        ++bins[LatencyBin(value) - first];
    Counts counts;
    for (size_t index = 0; index < bins.size(); ++index) {
        const int64_t from = LatencyBinStart(first + index), to = LatencyBinStart(first + index + 1) - 1;
        counts.emplace_back(from == to ? fmt::format("{} ms", from) : fmt::format("{}–{} ms", from, to), bins[index]);
    }
    return counts;
}

}  // namespace report
