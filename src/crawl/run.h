#pragma once
// Why this file exists: where a crawl starts. `OpenCrawl` turns options into a plan and an open
// database (or refuses, with nothing written), `Run` runs one crawl in it to its end: the crawl
// row started (or resumed), the frontier filled from the file and the seeds, the event loop run,
// the row marked finished or interrupted. `btccrawl crawl` is these two calls; `monitor` calls
// `Run` once per round.
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "crawl/loop.h"
#include "crawl/plan.h"
#include "store/database.h"
#include "store/writer_lock.h"

namespace crawl {

// The database cannot be written (disk full, read-only place, I/O error): docs/spec.md §1 exit 2.
// What is committed stays, and an unfinished crawl can be completed with --resume.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs `step`, a read or write of the file at `path`, turning a store failure (SQLite::Exception:
// disk full, I/O error…) into StoreError; UsageError and StoreError pass as they are.
template <typename Step>
auto Writing(const std::filesystem::path& path, Step step)
{
    try {
        return step();
    } catch (const store::UsageError&) {
        throw;
    } catch (const StoreError&) {
        throw;
    } catch (const std::exception& error) {
        throw StoreError{"cannot write " + path.string() + ": " + error.what()};
    }
}

struct OpenedCrawl {
    CrawlPlan plan;
    // Declared before the database so it is released after it: closing it drops SQLite's POSIX
    // locks too. Held from before the first write until the crawl (or monitor) ends.
    std::unique_ptr<store::WriterLock> lock;
    std::unique_ptr<store::Database> database;
    std::optional<int64_t> resumed_crawl;  // --resume: the unfinished crawl it continues
};

// Checks the options (against the stored settings of the crawl to resume, `given` naming the
// options on the command line), then opens or creates the database and takes its WriterLock.
// Throws store::UsageError (nothing written; another process writing the file is one) or StoreError.
OpenedCrawl OpenCrawl(const CrawlOptions& options, const std::set<std::string>& given);

// A crawl that is a monitor round: tied to the run as round `round`, dialing the addresses of the
// file the revisit schedule chose (docs/monitor.md). Without one, a new crawl dials every address
// the file knows (docs/spec.md §1), each with `getaddr`.
struct MonitorRound {
    int64_t run_id{0};
    int64_t round{0};
    std::vector<int64_t> dial;                    // address ids, in this order
    std::unordered_set<int64_t> without_getaddr;  // of those, the ones whose answer is still fresh
    // Their services as they last said them in `version`: without a fresh getaddr no peer
    // advertises them, and the first transport (v2 or v1) is chosen by them.
    std::unordered_map<int64_t, uint64_t> services;
};

struct CrawlResult {
    int64_t crawl_id{0};
    StopReason reason{StopReason::none};
    std::string status;  // as crawls.status: "finished" or "interrupted"
    CrawlCounts counts;
    double elapsed_seconds{0};
};

// Runs one crawl in `crawl.database` on `loop` until it ends. Throws StoreError, or
// store::UsageError when there is nothing to crawl.
CrawlResult Run(const OpenedCrawl& crawl, Loop& loop, const MonitorRound* round = nullptr);

}  // namespace crawl
