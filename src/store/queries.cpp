// Why this file exists: the SQL of the reads declared in queries.h.
#include "store/queries.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "store/writer_lock.h"

namespace store {
namespace {

// The session of each reachable address: its newest handshaken connection in the crawl. Served by
// the connections(crawl_id, address_id) index; version and address messages by connection_id
// (the version's primary key, the address messages' index).
constexpr const char* NODES_QUERY = R"sql(
WITH session AS (
    SELECT id, address_id, started_at, connected_at, handshake_at FROM (
        SELECT id, address_id, started_at, connected_at, handshake_at,
               ROW_NUMBER() OVER (PARTITION BY address_id ORDER BY handshake_at DESC, id DESC) AS newest
        FROM connections WHERE crawl_id = ? AND handshake_at IS NOT NULL)
    WHERE newest = 1)
SELECT s.address_id, a.network, a.host, a.port, v.version, v.user_agent, v.services, v.start_height,
       s.started_at, s.connected_at, s.handshake_at,
       (SELECT COALESCE(SUM(m.entry_count), 0) FROM addr_messages m WHERE m.connection_id = s.id),
       v.nonce
FROM session s
JOIN addresses a ON a.id = s.address_id
LEFT JOIN version_messages v ON v.connection_id = s.id
)sql";

// The newest attempt of each address (highest attempt number, then newest start, then id).
constexpr const char* NEWEST_OUTCOMES_QUERY = R"sql(
SELECT outcome, COUNT(*) FROM (
    SELECT outcome, ROW_NUMBER() OVER (
        PARTITION BY address_id ORDER BY attempt DESC, started_at DESC, id DESC) AS newest
    FROM connections WHERE crawl_id = ?)
WHERE newest = 1 GROUP BY outcome
)sql";

constexpr const char* LEARNED_QUERY = R"sql(
SELECT a.network, COUNT(*) FROM crawl_addresses ca JOIN addresses a ON a.id = ca.address_id
WHERE ca.crawl_id = ? GROUP BY a.network
)sql";

template <typename T>
std::optional<T> Optional(const SQLite::Column& column)
{
    if (column.isNull()) return std::nullopt;
    if constexpr (std::is_same_v<T, std::string>) {
        return column.getString();
    } else {
        return static_cast<T>(column.getInt64());
    }
}

std::map<std::string, int64_t> GroupCount(Database& db, const char* sql, int64_t crawl_id)
{
    SQLite::Statement query(db.Sql(), sql);
    query.bind(1, crawl_id);
    std::map<std::string, int64_t> counts;
    while (query.executeStep())
        counts[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
    return counts;
}

std::vector<TimeMs> Times(Database& db, const char* sql, int64_t crawl_id)
{
    SQLite::Statement query(db.Sql(), sql);
    query.bind(1, crawl_id);
    std::vector<TimeMs> times;
    while (query.executeStep())
        times.push_back(query.getColumn(0).getInt64());
    return times;  // the queries sort them
}

}  // namespace

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

std::optional<CrawlInfo> FindCrawl(Database& db, std::optional<int64_t> id)
{
    constexpr const char* COLUMNS = "SELECT id, chain, status, started_at, finished_at, stop_reason FROM crawls";
    SQLite::Statement query(db.Sql(), fmt::format("{} {}", COLUMNS, id ? "WHERE id = ?" : "ORDER BY id DESC LIMIT 1"));
    if (id) query.bind(1, *id);
    if (!query.executeStep()) return std::nullopt;
    CrawlInfo crawl;
    crawl.id = query.getColumn(0).getInt64();
    crawl.chain = query.getColumn(1).getString();
    crawl.status = query.getColumn(2).getString();
    crawl.started_at = query.getColumn(3).getInt64();
    crawl.finished_at = Optional<TimeMs>(query.getColumn(4));
    crawl.stop_reason = Optional<std::string>(query.getColumn(5));
    // A writer holds the file's lock while it writes one crawl, the newest running one (a resume
    // continues the newest unfinished); an older 'running' row beside it died.
    if (crawl.status == "running" && IsBeingWritten(db.Path())) {
        crawl.alive = db.Sql().execAndGet("SELECT max(id) FROM crawls WHERE status = 'running'").getInt64() == crawl.id;
    }
    return crawl;
}

std::optional<int64_t> NodeRow::ConnectMs() const
{
    if (!connected_at) return std::nullopt;
    return *connected_at - started_at;
}

std::optional<int64_t> NodeRow::HandshakeMs() const
{
    if (!connected_at) return std::nullopt;
    return handshake_at - *connected_at;
}

std::string HostPortKey(std::string_view network, const std::string& host, int port)
{
    const bool bracketed = network == "ipv6" || network == "cjdns";
    return (bracketed ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string NodeRow::Key() const
{
    return HostPortKey(network, host, port);
}

std::vector<NodeRow> ReachableNodes(Database& db, int64_t crawl_id)
{
    SQLite::Statement query(db.Sql(), NODES_QUERY);
    query.bind(1, crawl_id);
    std::vector<NodeRow> nodes;
    while (query.executeStep()) {
        NodeRow node;
        node.address_id = query.getColumn(0).getInt64();
        node.network = query.getColumn(1).getString();
        node.host = query.getColumn(2).getString();
        node.port = query.getColumn(3).getInt();
        node.version = Optional<int32_t>(query.getColumn(4));
        if (!query.getColumn(5).isNull()) {
            const SQLite::Column agent = query.getColumn(5);
            // Read as bytes: a TEXT column may still hold invalid UTF-8.
            node.user_agent.emplace(static_cast<const char*>(agent.getBlob()), static_cast<size_t>(agent.getBytes()));
        }
        node.services = Optional<uint64_t>(query.getColumn(6));  // INTEGER holds the int64 cast
        node.height = Optional<int32_t>(query.getColumn(7));
        node.started_at = query.getColumn(8).getInt64();
        node.connected_at = Optional<TimeMs>(query.getColumn(9));
        node.handshake_at = query.getColumn(10).getInt64();
        node.addresses_advertised = query.getColumn(11).getInt64();
        node.nonce = Optional<uint64_t>(query.getColumn(12));
        nodes.push_back(std::move(node));
    }
    return nodes;
}

CrawlTotals LoadCrawlTotals(Database& db, int64_t crawl_id)
{
    CrawlTotals totals;
    totals.addresses_known = db.Sql().execAndGet("SELECT COUNT(*) FROM addresses").getInt64();
    totals.learned = GroupCount(db, LEARNED_QUERY, crawl_id);
    SQLite::Statement attempted(db.Sql(), "SELECT COUNT(DISTINCT address_id) FROM connections WHERE crawl_id = ?");
    attempted.bind(1, crawl_id);
    attempted.executeStep();
    totals.attempted = attempted.getColumn(0).getInt64();
    totals.outcomes = GroupCount(db, NEWEST_OUTCOMES_QUERY, crawl_id);
    totals.attempt_outcomes =
        GroupCount(db, "SELECT outcome, COUNT(*) FROM connections WHERE crawl_id = ? GROUP BY outcome", crawl_id);
    SQLite::Statement messages(db.Sql(),
                               "SELECT COUNT(*), COALESCE(SUM(m.entry_count), 0) FROM addr_messages m "
                               "JOIN connections c ON c.id = m.connection_id WHERE c.crawl_id = ?");
    messages.bind(1, crawl_id);
    messages.executeStep();
    totals.addr_messages = messages.getColumn(0).getInt64();
    totals.addr_entries = messages.getColumn(1).getInt64();
    return totals;
}

CrawlProgress LoadCrawlProgress(Database& db, int64_t crawl_id)
{
    return {
        Times(db, "SELECT learned_at FROM crawl_addresses WHERE crawl_id = ? ORDER BY 1", crawl_id),
        Times(db, "SELECT MAX(finished_at) FROM connections WHERE crawl_id = ? GROUP BY address_id ORDER BY 1",
              crawl_id),
        Times(db,
              "SELECT MIN(handshake_at) FROM connections WHERE crawl_id = ? AND handshake_at IS NOT NULL "
              "GROUP BY address_id ORDER BY 1",
              crawl_id),
    };
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
