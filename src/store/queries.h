#pragma once
// Why this file exists: the reads of finished rows that report/ presents, here so that SQL stays
// in store/ (report/ only computes and formats). Each returns plain values.
#include <optional>

#include "store/database.h"
#include "store/records.h"

namespace store {

// started_at of the file's newest crawl (highest id, the one a report shows by default); nullopt
// when the file holds no crawl.
std::optional<TimeMs> NewestCrawlStart(Database& db);

// The time of the crawl's newest row: its last finished connection or learned address; nullopt
// before it wrote any. How far a crawl without finished_at (running, or killed) has got.
std::optional<TimeMs> NewestRowAt(Database& db, int64_t crawl_id);

}  // namespace store
