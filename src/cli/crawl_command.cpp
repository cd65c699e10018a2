// Why this file exists: `btccrawl crawl` (docs/spec.md §1): its options declared and checked, the
// crawl opened and run by the library (crawl/run.h), and how it ended mapped to an exit code.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/crawl_options.h"
#include "crawl/run.h"
#include "report/summary.h"
#include "store/queries.h"

namespace cli {
namespace {

// The closing summary is `btccrawl report`'s own computation (report::ComputeSummary) of the
// whole crawl — a resumed one included — so the two never disagree (docs/spec.md §1).
void PrintSummary(const crawl::CrawlResult& result, store::Database& database)
{
    const auto crawl = store::FindCrawl(database, result.crawl_id);
    if (!crawl) return;
    const auto summary = report::ComputeSummary(database, *crawl);
    std::cout << fmt::format("crawl {} {} after {}, database {}\n", crawl->id, crawl->status,
                             report::DurationText(summary), database.Path().string());
    std::cout << fmt::format("  addresses learned {}  attempted {}  reachable {}\n", summary.addresses_learned,
                             summary.attempted, summary.reachable);
    std::string outcomes;
    for (const auto& [outcome, count] : summary.outcomes) {
        if (count > 0) outcomes += fmt::format(" {} {}", outcome, count);
    }
    if (!outcomes.empty()) std::cout << "  newest attempt per address:" << outcomes << "\n";
    if (summary.reachable == 0 && result.reason == crawl::StopReason::finished) {
        std::cerr << "btccrawl: no node was reachable (the crawl finished: exit 0)\n";
    }
}

int RunCrawl(const crawl::CrawlOptions& options, const std::set<std::string>& given)
{
    return WithExitCodes([&] {
        const auto opened = crawl::OpenCrawl(options, given);
        if (opened.plan.db_path_chosen) std::cerr << "btccrawl: writing " << opened.plan.db_path.string() << "\n";
        crawl::Loop loop;
        PrintSummary(crawl::Run(opened, loop), *opened.database);
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
