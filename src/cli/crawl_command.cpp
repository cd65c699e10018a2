// Why this file exists: `btccrawl crawl` (docs/spec.md §1): its options declared and checked, the
// crawl opened and run by the library (crawl/run.h), and how it ended mapped to an exit code.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/crawl_options.h"
#include "crawl/run.h"

namespace cli {
namespace {

void PrintSummary(const crawl::CrawlResult& result, const std::filesystem::path& path)
{
    const auto& counts = result.counts;
    std::cout << fmt::format("crawl {} {} after {:.1f} s, database {}\n", result.crawl_id, result.status,
                             result.elapsed_seconds, path.string());
    std::cout << fmt::format("  learned {}  connections {}  reachable {}  failed {}\n", counts.known, counts.done,
                             counts.reachable, counts.failed);
    std::string outcomes;
    for (const auto& [outcome, count] : counts.outcomes) {
        outcomes += fmt::format(" {} {}", store::OutcomeName(outcome), count);
    }
    if (!outcomes.empty()) std::cout << "  outcomes" << outcomes << "\n";
    if (counts.reachable == 0 && result.reason == crawl::StopReason::finished) {
        std::cerr << "btccrawl: no node was reachable (the crawl finished: exit 0)\n";
    }
}

int RunCrawl(const crawl::CrawlOptions& options, const std::set<std::string>& given)
{
    return WithExitCodes([&] {
        const auto opened = crawl::OpenCrawl(options, given);
        if (opened.plan.db_path_chosen) std::cerr << "btccrawl: writing " << opened.plan.db_path.string() << "\n";
        crawl::Loop loop;
        PrintSummary(crawl::Run(opened, loop), opened.plan.db_path);
        return 0;
    });
}

}  // namespace

Run AddCrawlCommand(CLI::App& app)
{
    auto options = std::make_shared<crawl::CrawlOptions>();
    auto* command = app.add_subcommand("crawl", "Crawl the network from seeds into a SQLite file");
    command->add_option("--db", options->db, "Database file to create or reuse (default: a new crawl-*.sqlite)");
    command->add_flag("--resume", options->resume, "Continue the newest unfinished crawl in --db");
    AddCrawlOptions(*command, *options);
    return [options, command] { return RunCrawl(*options, GivenOptions(*command)); };
}

}  // namespace cli
