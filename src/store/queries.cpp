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

std::vector<TransportCounts> LoadTransportCounts(Database& db, int64_t crawl_id)
{
    // NODE_P2P_V2 is service bit 11 (2048).
    SQLite::Statement query{db.Sql(), R"sql(
WITH nodes AS (
    SELECT a.network,
           max(c.transport = 'v2' AND c.handshake_at IS NOT NULL) AS spoke_v2,
           max(c.transport = 'v2') AS dialed_v2,
           max(coalesce(v.services, 0) & 2048 != 0) AS advertised_v2
    FROM connections c
    JOIN addresses a ON a.id = c.address_id
    LEFT JOIN version_messages v ON v.connection_id = c.id
    WHERE c.crawl_id = ?
    GROUP BY c.address_id
    HAVING max(c.handshake_at IS NOT NULL) = 1
)
SELECT network, count(*), sum(spoke_v2), sum(advertised_v2 AND dialed_v2 AND NOT spoke_v2),
       sum(spoke_v2 AND NOT advertised_v2)
FROM nodes
GROUP BY network
ORDER BY CASE network WHEN 'ipv4' THEN 0 WHEN 'ipv6' THEN 1 WHEN 'onion' THEN 2 WHEN 'i2p' THEN 3 ELSE 4 END
)sql"};
    query.bind(1, crawl_id);
    std::vector<TransportCounts> counts;
    while (query.executeStep()) {
        counts.push_back(TransportCounts{query.getColumn(0).getString(), query.getColumn(1).getInt64(),
                                         query.getColumn(2).getInt64(), query.getColumn(3).getInt64(),
                                         query.getColumn(4).getInt64()});
    }
    return counts;
}

}  // namespace store
