#pragma once
// Why this file exists: btccrawl's subcommands, one file each, registered by main.cpp's table.
#include <CLI/CLI.hpp>
#include <functional>

namespace cli {

// Each Add*Command adds its subcommand and options to `app` and returns the function that runs it
// (returning the process exit code) once the command line has been parsed.
using Run = std::function<int()>;

Run AddCrawlCommand(CLI::App& app);
Run AddReportCommand(CLI::App& app);
Run AddExportCommand(CLI::App& app);
Run AddDnsCommand(CLI::App& app);
Run AddMonitorCommand(CLI::App& app);

}  // namespace cli
