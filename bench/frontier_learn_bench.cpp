// Why this file exists: the frontier's lookups of advertised entries (Frontier::Learn) were a quarter
// of the crawl's main thread; this measures them alone, in the standard benchmark's proportions:
// 45,000 known addresses, each lookup an entry of a 1,000-entry answer.
#include <benchmark/benchmark.h>

#include "crawl/frontier.h"

namespace {

constexpr uint32_t ADDRESSES = 45'000;
constexpr uint32_t ANSWER = 1'000;

wire::Endpoint Nth(uint32_t n)
{
    return {wire::NetAddress::FromIPv4({127, uint8_t(10 + n / 65536), uint8_t(n >> 8), uint8_t(n)}), 18444};
}

void LearnKnownEntries(benchmark::State& state)
{
    crawl::Frontier frontier{crawl::DialPolicy{{wire::Cidr::Parse("127.0.0.0/8")}}, crawl::RetryPolicy{}};
    for (uint32_t n = 0; n < ADDRESSES; ++n)
        frontier.Learn(Nth(n), 1'735'689'600);
    uint32_t next = 0;
    for (auto _ : state) {
        // One answer: 1,000 entries spread over the whole table, as books are.
        for (uint32_t i = 0; i < ANSWER; ++i) {
            next = (next + 7919) % ADDRESSES;
            benchmark::DoNotOptimize(frontier.Learn(Nth(next), 1'735'689'600, 1 + next % 97));
        }
    }
    state.counters["lookups/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * ANSWER), benchmark::Counter::kIsRate);
}
BENCHMARK(LearnKnownEntries);

}  // namespace

BENCHMARK_MAIN();
