// Why this file exists: `btccrawl export`'s options (docs/spec.md §4); the work is report::RunExport.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "report/export.h"
#include "report/run.h"

namespace cli {

Run AddExportCommand(CLI::App& app)
{
    auto request = std::make_shared<report::ExportRequest>();
    CLI::App* command = app.add_subcommand("export", "Write one row per reachable node of a crawl");
    command->add_option("--db", request->db, "Database file (default: newest crawl-*.sqlite here)");
    command->add_option("--crawl", request->crawl, "Crawl id (default: the newest in the file)");
    command
        ->add_option("--format", request->format,
                     "csv, json, bitnodes (the bitnodes.io snapshot shape) or seeds (the sipa seeder dump)")
        ->required()
        ->check(CLI::IsMember(report::ExportFormatNames()));
    command->add_option("-o,--output", request->output, "Output file (default: standard output)");
    return [request] {
        return report::ExitCode(
            "export", [&] { report::RunExport(*request, std::cout); }, std::cerr);
    };
}

}  // namespace cli
