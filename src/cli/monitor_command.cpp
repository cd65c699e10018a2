// Why this file exists: `btccrawl monitor` (docs/spec.md §1, docs/monitor.md): its options declared
// and checked, the rounds run by the library (crawl/monitor.h), one line per round, and how it
// ended mapped to an exit code.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/crawl_options.h"
#include "crawl/monitor.h"

namespace cli {
namespace {

void PrintRound(const crawl::RoundResult& result)
{
    const auto& counts = result.crawl.counts;
    std::cout << fmt::format("round {} (crawl {}) {} after {:.1f} s: dialed {} known, connections {}, reachable {}\n",
                             result.round, result.crawl.crawl_id, result.crawl.status, result.crawl.elapsed_seconds,
                             result.dialed, counts.done, counts.reachable)
              << std::flush;
    if (result.overran) {
        std::cerr << fmt::format("btccrawl: round {} took longer than --interval: the next starts at once\n",
                                 result.round);
    }
}

int RunMonitor(const crawl::MonitorOptions& options, const std::set<std::string>& given)
{
    return WithExitCodes([&] {
        auto monitor = crawl::OpenMonitor(options, given);
        crawl::Loop loop;
        crawl::RunMonitor(monitor, options, loop, PrintRound);
        return 0;
    });
}

}  // namespace

Run AddMonitorCommand(CLI::App& app)
{
    auto options = std::make_shared<crawl::MonitorOptions>();
    auto* command = app.add_subcommand("monitor", "Crawl the same file round after round, keeping per-node uptime");
    command->add_option("--db", options->crawl.db, "Database file of the monitor run (created or continued)")
        ->required();
    command->add_option("--interval", options->interval_seconds, "Seconds from one round's start to the next's")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command->add_option("--rounds", options->rounds, "Rounds to run, then exit (default: until stopped)")
        ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
    command
        ->add_option("--getaddr-interval", options->getaddr_interval_seconds,
                     "Seconds before a node is asked for addresses again")
        ->capture_default_str()
        ->check(NumberCheck(true));
    AddCrawlOptions(*command, options->crawl);
    return [options, command] { return RunMonitor(*options, GivenOptions(*command)); };
}

}  // namespace cli
