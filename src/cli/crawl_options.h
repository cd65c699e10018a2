#pragma once
// Why this file exists: the options `crawl` and `monitor` share (a monitor round is a crawl),
// declared once so both commands say and check them the same way.
#include <CLI/CLI.hpp>
#include <functional>
#include <set>
#include <string>

#include "crawl/plan.h"

namespace cli {

// CLI11's PositiveNumber and NonNegativeNumber print their range up to DBL_MAX in 300 digits;
// this says in one short line what the value must be.
CLI::Validator NumberCheck(bool allow_zero);

// Every option of crawl::CrawlOptions but --db and --resume.
void AddCrawlOptions(CLI::App& command, crawl::CrawlOptions& options);

// Runs a crawling command's `step` and maps how it ended to docs/spec.md §1's exit codes, saying
// why in one line: 2 when the database cannot be written (crawl::StoreError), 1 for a usage error
// (store::UsageError, SQLite's refusal of the file), else what `step` returns.
int WithExitCodes(const std::function<int()>& step);

// The names ("--scope") of the options given on the command line, parsed.
std::set<std::string> GivenOptions(const CLI::App& command);

}  // namespace cli
