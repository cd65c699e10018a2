// Why this file exists: `btccrawl report`'s options (docs/spec.md §4); the work is report::RunReport.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "report/run.h"

namespace cli {

Run AddReportCommand(CLI::App& app)
{
    auto request = std::make_shared<report::ReportRequest>();
    CLI::App* command = app.add_subcommand("report", "Summarise one crawl: counts, outcomes, user agents, heights");
    command->add_option("--db", request->db, "Database file (default: newest crawl-*.sqlite here)");
    command->add_option("--crawl", request->crawl, "Crawl id (default: the newest in the file)");
    command->add_flag("--json", request->json, "Print one JSON object instead of tables");
    command->add_option("--compare", request->compare,
                        "Compare with this crawl id: nodes appeared, disappeared, changed user agent or height");
    command->add_option("--compare-db", request->compare_db,
                        "Compare with a crawl of this file (its newest, or --compare ID)");
    command->add_option("--html", request->html, "Write a self-contained HTML report with charts to this file");
    command->add_flag("--monitor", request->monitor, "The monitor run over time: per round up, full, churn");
    command->add_option("--node", request->node, "One node's monitor record and attempts (HOST[:PORT])");
    return [request] {
        return report::ExitCode(
            "report", [&] { report::RunReport(*request, std::cout); }, std::cerr);
    };
}

}  // namespace cli
