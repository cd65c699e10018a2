#pragma once
// Why this file exists: where a monitor run starts (docs/spec.md §1 `monitor`, docs/monitor.md).
// `OpenMonitor` takes the file's monitor lock and opens it, `RunMonitor` runs rounds — each one
// crawl (crawl/run.h) of the addresses the revisit schedule picks, folded into the per-node
// reliability — paced start to start, until the rounds are done, the time is up or a signal comes.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "crawl/run.h"

namespace crawl {

struct MonitorOptions {
    CrawlOptions crawl;  // crawl.max_duration: of the whole command, not of one round
    double interval_seconds{600};
    std::optional<int64_t> rounds;  // rounds this command runs; nullopt: until stopped
    double getaddr_interval_seconds{24 * 3600};
};

struct OpenedMonitor {
    OpenedCrawl crawl;
    int64_t run_id{0};
    int64_t last_round{0};  // of earlier commands on the file; 0 for a new run
};

// Refuses (store::UsageError, nothing written) a missing --db, a chain other than the
// run's, a file of another application or one another crawl or monitor writes; throws
// StoreError when the file cannot be written. A round an earlier monitor left unfinished (killed) is closed as
// interrupted and folded in, so the run goes on from the next round.
OpenedMonitor OpenMonitor(const MonitorOptions& options, const std::set<std::string>& given);

struct RoundResult {
    int64_t round{0};
    CrawlResult crawl;
    size_t dialed{0};     // addresses of the file the schedule dialed (seeds and new addresses aside)
    bool overran{false};  // it took longer than the interval: the next starts at once
};

// Runs rounds on `loop`, calling `on_round` after each. Returns the number of rounds run. Throws
// StoreError.
int64_t RunMonitor(OpenedMonitor& monitor, const MonitorOptions& options, Loop& loop,
                   const std::function<void(const RoundResult&)>& on_round);

}  // namespace crawl
