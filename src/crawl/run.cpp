#include "crawl/run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "net/clock.h"
#include "store/reliability.h"

namespace crawl {
namespace {

using store::UsageError;

constexpr const char* NOTHING_TO_CRAWL =
    "nothing to crawl: no seed and no known address (give --seed HOST, or --db FILE of an earlier crawl)";

// A file or folder we may not write (read-only mount, permissions) is the machine's fault, not the
// command line's: StoreError before SQLite fails in its own words (or half way through). The
// folder too: SQLite creates the file, its -wal and its -shm there.
void CheckWritable(const std::filesystem::path& path)
{
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    for (const auto& place : {path, folder}) {
        if (std::filesystem::exists(place) && access(place.c_str(), W_OK) != 0) {
            throw StoreError{fmt::format("cannot write {}: {}", path.string(), std::strerror(errno))};
        }
    }
}

std::unique_ptr<store::WriterLock> LockExisting(const std::filesystem::path& path)
{
    if (!std::filesystem::exists(path)) return nullptr;
    return std::make_unique<store::WriterLock>(path);
}

OpenedCrawl OpenResumed(const CrawlOptions& options, const std::set<std::string>& given)
{
    if (options.db.empty()) throw UsageError{"--resume needs --db FILE"};
    const std::filesystem::path path = options.db;
    CheckWritable(path);
    OpenedCrawl opened;
    opened.lock = LockExisting(path);
    opened.database = std::make_unique<store::Database>(path, store::OpenMode::open_existing);
    const auto unfinished = opened.database->NewestUnfinishedCrawl();
    if (!unfinished) throw UsageError{fmt::format("no unfinished crawl in {}", path.string())};
    opened.resumed_crawl = *unfinished;
    const auto chain = opened.database->CrawlChain(*unfinished).value_or("?");
    if (given.contains("--chain") && chain != options.chain) {
        throw UsageError{
            fmt::format("crawl {} in {} is on chain {}, not {}", *unfinished, path.string(), chain, options.chain)};
    }
    const auto stored = nlohmann::json::parse(opened.database->CrawlSettings(*unfinished).value_or("{}"));
    opened.plan = MakePlan(ResumedOptions(options, given, stored, *unfinished));
    CheckResumedSeeds(opened.plan.seeds, stored, *unfinished);
    return opened;
}

// Fills the frontier with the file's addresses and starts (or resumes) the crawl row.
int64_t StartCrawlRow(const OpenedCrawl& crawl, Frontier& frontier, const std::vector<store::KnownAddress>& known,
                      const MonitorRound* round)
{
    const auto& plan = crawl.plan;
    if (!crawl.resumed_crawl && plan.seeds.empty() && known.empty()) throw UsageError{NOTHING_TO_CRAWL};
    std::unordered_set<int64_t> dialed;
    if (round) dialed.insert(round->dial.begin(), round->dial.end());
    for (const auto& address : known) {
        frontier.AddKnown(address.id, address.endpoint);
        if (round && !dialed.contains(address.id)) frontier.HoldBack(address.id);
    }
    if (round) {
        for (const auto id : round->without_getaddr)
            frontier.WithoutGetaddr(id);
        for (const auto& [id, services] : round->services)
            frontier.Advertised(id, services);
    }
    if (!crawl.resumed_crawl) {
        const auto crawl_id = crawl.database->StartCrawl(plan.chain->name, plan.settings_json.dump(), net::NowMs());
        if (round) store::AddMonitorRound(*crawl.database, round->run_id, crawl_id, round->round);
        return crawl_id;
    }
    auto state = crawl.database->LoadCrawlState(*crawl.resumed_crawl);
    frontier.Restore(state.learned, state.attempts);
    crawl.database->ResumeCrawl(*crawl.resumed_crawl);
    return *crawl.resumed_crawl;
}

}  // namespace

OpenedCrawl OpenCrawl(const CrawlOptions& options, const std::set<std::string>& given)
{
    if (options.resume) return OpenResumed(options, given);
    OpenedCrawl opened;
    opened.plan = MakePlan(options);
    const auto& path = opened.plan.db_path;
    if (opened.plan.seeds.empty() && !std::filesystem::exists(path)) throw UsageError{NOTHING_TO_CRAWL};
    CheckWritable(path);
    // An existing file is locked before anything writes it; a new one as soon as it exists (a
    // second writer racing to create it then fails on the lock or on the file being there).
    opened.lock = LockExisting(path);
    opened.database = std::make_unique<store::Database>(path, opened.plan.open_mode);
    if (!opened.lock) opened.lock = std::make_unique<store::WriterLock>(path);
    return opened;
}

namespace {

// docs/spec.md §1: a seed the crawl may not dial (outside --scope, a network it cannot reach) is
// kept in the file but says so, or a crawl of nothing would look like an empty network.
void WarnOfUndialableSeeds(const CrawlPlan& plan, const DialPolicy& policy)
{
    for (const auto& seed : plan.seeds) {
        if (!policy.IsDialable(seed.address)) {
            std::cerr << fmt::format(
                "btccrawl: seed {} is outside the scope or the networks this crawl reaches: "
                "not dialed\n",
                seed.ToString());
        }
    }
}

// A store error never gets here (Run throws it), and the loop ends only with a reason.
store::CrawlEnd StoredEnd(StopReason reason)
{
    switch (reason) {
    case StopReason::finished: return store::CrawlEnd::exhausted;
    case StopReason::max_duration: return store::CrawlEnd::max_duration;
    case StopReason::signal: return store::CrawlEnd::signal;
    case StopReason::none:
    case StopReason::store_error: break;
    }
    throw std::logic_error{"crawl ended without a reason to record"};
}

}  // namespace

CrawlResult Run(const OpenedCrawl& crawl, Loop& loop, const MonitorRound* round)
{
    const auto& plan = crawl.plan;
    const DialPolicy policy{plan.scope, plan.reach};
    WarnOfUndialableSeeds(plan, policy);
    Frontier frontier{policy, plan.retry_policy};
    const auto known = Writing(plan.db_path, [&] { return crawl.database->LoadAddresses(); });
    CrawlResult result;
    result.crawl_id = Writing(plan.db_path, [&] { return StartCrawlRow(crawl, frontier, known, round); });

    Crawler crawler{loop.Io(), plan.db_path, frontier, plan.settings, result.crawl_id, crawl.database->LoadNextIds()};
    const auto now = net::NowMs();
    if (round) {
        std::unordered_map<int64_t, const wire::Endpoint*> endpoints;
        for (const auto& address : known)
            endpoints[address.id] = &address.endpoint;
        for (const auto id : round->dial) {
            if (const auto found = endpoints.find(id); found != endpoints.end()) crawler.Learn(*found->second, now);
        }
    } else if (!crawl.resumed_crawl) {
        // docs/spec.md §1: a new crawl in an existing file re-crawls every address the file knows.
        for (const auto& address : known)
            crawler.Learn(address.endpoint, now);
    }
    for (const auto& seed : plan.seeds)
        crawler.Learn(seed, now);
    loop.Run(crawler);
    const auto store_error = crawler.CloseStore();
    loop.Drain();
    if (store_error) {
        throw StoreError{fmt::format("cannot write {}: {}", plan.db_path.string(), *store_error)};
    }
    result.reason = crawler.Reason();
    result.status = result.reason == StopReason::finished ? "finished" : "interrupted";
    result.counts = crawler.Counts();
    result.elapsed_seconds = crawler.ElapsedSeconds();
    Writing(plan.db_path,
            [&] { crawl.database->FinishCrawl(result.crawl_id, StoredEnd(result.reason), net::NowMs()); });
    return result;
}

}  // namespace crawl
