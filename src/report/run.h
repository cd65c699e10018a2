#pragma once
// Why this file exists: everything `btccrawl report` and `btccrawl export` do after their command
// line is parsed, as library functions writing to a stream, so that tests drive the commands
// exactly as the CLI does, without a process. src/cli/ only declares the options.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace report {

struct ReportRequest {
    std::optional<std::filesystem::path> db;  // default: newest crawl-*.sqlite in the current folder
    std::optional<int64_t> crawl;             // default: the newest crawl of the file
    bool json{false};
    // --compare ID / --compare-db FILE: the "before" crawl (default file: db, default crawl: newest).
    std::optional<int64_t> compare;
    std::optional<std::filesystem::path> compare_db;
    std::optional<std::filesystem::path> html;  // write the HTML report there instead
    // --node HOST[:PORT]: one node's monitor record and attempts instead (port: the chain's default).
    std::optional<std::string> node;
    bool monitor{false};  // --monitor: the file's monitor run over time instead
};

struct ExportRequest {
    std::optional<std::filesystem::path> db;
    std::optional<int64_t> crawl;
    std::string format;                           // csv, json, bitnodes
    std::optional<std::filesystem::path> output;  // default: `out`
};

// Throw store::UsageError for a user's mistake (missing file, unknown crawl…).
void RunReport(const ReportRequest& request, std::ostream& out);
void RunExport(const ExportRequest& request, std::ostream& out);

// Runs `body` and turns its outcome into docs/spec.md §1 exit codes: 0, 1 for store::UsageError, 2 for any
// other failure (unreadable database, disk full…), with a one-line "btccrawl <command>: <what>"
// on `err`.
int ExitCode(std::string_view command, const std::function<void()>& body, std::ostream& err);

}  // namespace report
