#include "crawl/monitor.h"

#include <fmt/format.h>

#include <cmath>

#include "monitor/pacing.h"
#include "monitor/round_plan.h"
#include "net/clock.h"
#include "store/reliability.h"

namespace crawl {
namespace {

using store::UsageError;

nlohmann::json MonitorSettings(const MonitorOptions& options, const CrawlPlan& plan)
{
    return {{"chain", plan.chain->name},
            {"interval_s", options.interval_seconds},
            {"getaddr_interval_s", options.getaddr_interval_seconds},
            {"crawl", plan.settings_json}};
}

// The run of an earlier command on the file goes on: same chain, and its last round closed.
void ContinueRun(OpenedMonitor& monitor, const store::MonitorRun& run)
{
    auto& database = *monitor.crawl.database;
    const auto stored = nlohmann::json::parse(run.settings, nullptr, false);
    const std::string chain = stored.is_object() ? stored.value("chain", "") : "";
    const std::string wanted{monitor.crawl.plan.chain->name};
    if (chain != wanted) {
        throw UsageError{fmt::format("the monitor run in {} is on chain {}, not {}", database.Path().string(),
                                     chain.empty() ? "?" : chain, wanted)};
    }
    monitor.run_id = run.id;
    monitor.last_round = run.last_round;
    if (!run.last_crawl_id) return;
    if (run.last_crawl_running) database.FinishCrawl(*run.last_crawl_id, store::CrawlEnd::killed, net::NowMs());
    store::UpdateReliability(database, *run.last_crawl_id);  // a no-op when it was folded in already
}

MonitorRound PlanMonitorRound(store::Database& database, int64_t run_id, int64_t round, double getaddr_interval_seconds)
{
    const auto nodes = store::LoadKnownNodes(database);
    const auto plan = monitor::PlanRound(nodes, round, net::NowMs() / 1000,
                                         static_cast<int64_t>(std::llround(getaddr_interval_seconds)));
    MonitorRound planned{.run_id = run_id, .round = round};
    planned.dial.reserve(plan.dials.size());
    std::unordered_map<int64_t, uint64_t> services;
    for (const auto& node : nodes) {
        if (node.services) services[node.address_id] = *node.services;
    }
    for (const auto& dial : plan.dials) {
        planned.dial.push_back(dial.address_id);
        if (!dial.send_getaddr) planned.without_getaddr.insert(dial.address_id);
        if (const auto found = services.find(dial.address_id); found != services.end()) {
            planned.services.insert(*found);
        }
    }
    return planned;
}

}  // namespace

OpenedMonitor OpenMonitor(const MonitorOptions& options, const std::set<std::string>& given)
{
    if (options.crawl.db.empty()) throw UsageError{"monitor needs --db FILE: every round is kept in one file"};
    if (!(options.interval_seconds > 0)) throw UsageError{"--interval must be more than 0"};
    if (options.rounds && *options.rounds < 1) throw UsageError{"--rounds must be at least 1"};
    OpenedMonitor monitor;
    const std::filesystem::path path = options.crawl.db;
    monitor.crawl = OpenCrawl(options.crawl, given);
    auto& database = *monitor.crawl.database;
    const auto run = store::FindMonitorRun(database);
    Writing(path, [&] {
        if (run) {
            ContinueRun(monitor, *run);
        } else {
            monitor.run_id =
                store::StartMonitorRun(database, MonitorSettings(options, monitor.crawl.plan).dump(), net::NowMs());
        }
    });
    return monitor;
}

int64_t RunMonitor(OpenedMonitor& monitor, const MonitorOptions& options, Loop& loop,
                   const std::function<void(const RoundResult&)>& on_round)
{
    auto& opened = monitor.crawl;
    auto& database = *opened.database;
    const auto interval_ms = static_cast<int64_t>(std::llround(options.interval_seconds * 1000));
    const auto deadline =
        options.crawl.max_duration
            ? std::optional{SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                     std::chrono::duration<double>(*options.crawl.max_duration))}
            : std::nullopt;
    int64_t rounds_run = 0;
    while (!loop.Signalled() && (!options.rounds || rounds_run < *options.rounds)) {
        if (deadline) {
            if (SteadyClock::now() >= *deadline) break;
            opened.plan.settings.max_duration = *deadline - SteadyClock::now();
        }
        const auto started_at = net::NowMs();
        RoundResult result;
        result.round = monitor.last_round + 1;
        const auto round = Writing(opened.plan.db_path, [&] {
            return PlanMonitorRound(database, monitor.run_id, result.round, options.getaddr_interval_seconds);
        });
        result.dialed = round.dial.size();
        result.crawl = Run(opened, loop, &round);
        Writing(opened.plan.db_path, [&] { store::UpdateReliability(database, result.crawl.crawl_id); });
        monitor.last_round = result.round;
        ++rounds_run;

        const auto next = monitor::PlanNextRound(started_at, interval_ms, net::NowMs());
        // A signal, the time up or the rounds done: no next round to start.
        const bool last =
            result.crawl.reason != StopReason::finished || (options.rounds && rounds_run == *options.rounds);
        result.overran = next.overran && !last;
        on_round(result);
        if (last) break;
        const auto wait = std::chrono::milliseconds{next.start_at - net::NowMs()};
        auto until = SteadyClock::now() + wait;
        if (deadline && until > *deadline) until = *deadline;
        if (!loop.SleepUntil(until)) break;
    }
    return rounds_run;
}

}  // namespace crawl
