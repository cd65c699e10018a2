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

}  // namespace store
