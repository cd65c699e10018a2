// Why this file exists: the SQL of the reads declared in queries.h.
#include "store/queries.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace store {

std::optional<TimeMs> NewestCrawlStart(Database& db)
{
    SQLite::Statement query{db.Sql(), "SELECT started_at FROM crawls ORDER BY id DESC LIMIT 1"};
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getInt64();
}

}  // namespace store
