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

std::optional<TimeMs> NewestRowAt(Database& db, int64_t crawl_id)
{
    SQLite::Statement query{db.Sql(),
                            "SELECT max(at) FROM (SELECT max(finished_at) AS at FROM connections WHERE crawl_id = ?1 "
                            "UNION ALL SELECT max(learned_at) FROM crawl_addresses WHERE crawl_id = ?1)"};
    query.bind(1, crawl_id);
    query.executeStep();
    if (query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getInt64();
}

}  // namespace store
