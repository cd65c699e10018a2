#pragma once
// Why this file exists: report and export must agree on which file and which crawl they describe,
// and must refuse a wrong choice with the same one-line messages (store::UsageError, exit 1).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "store/queries.h"

namespace report {

// The `crawl-*.sqlite` in `folder` whose newest crawl started last (a tie, or files that hold no
// crawl: the greatest name). Throws store::UsageError when there is none.
std::filesystem::path FindDefaultDatabase(const std::filesystem::path& folder);

// `--db FILE` when given, else FindDefaultDatabase(current folder), opened read-only.
store::Database OpenForReport(const std::optional<std::filesystem::path>& db_option);

using CrawlInfo = store::CrawlInfo;

// `requested` when it exists, else the newest crawl (highest id). Throws store::UsageError
// ("crawl 7 not found in FILE", "FILE holds no crawl").
CrawlInfo SelectCrawl(store::Database& db, std::optional<int64_t> requested);

}  // namespace report
