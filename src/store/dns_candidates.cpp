// Why this file exists: the SQL of store::LoadSeedCandidates (docs/dns.md "Which nodes it serves"):
// the monitor's good nodes, or the handshakes of the newest crawl in a file no monitor ran on.
#include "store/dns_candidates.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "wire/chain.h"

namespace store {
namespace {

// The monitor run's chain: that of its newest round's crawl, else the one its settings name.
constexpr const char* MONITOR_CHAIN = R"sql(
SELECT coalesce((SELECT c.chain FROM monitor_rounds m JOIN crawls c ON c.id = m.crawl_id
                 WHERE m.monitor_run_id = r.id ORDER BY m.round DESC LIMIT 1),
                json_extract(r.settings, '$.chain'), '')
FROM monitor_runs r ORDER BY r.id LIMIT 1)sql";

// Services from the view: the node's newest version message.
constexpr const char* GOOD_NODES = R"sql(
SELECT host, services FROM good_nodes
WHERE port = ?1 AND network IN ('ipv4', 'ipv6') AND services IS NOT NULL
ORDER BY address_id)sql";

// max(c.id) makes SQLite take the other columns from the newest handshake of each address.
constexpr const char* NEWEST_CRAWL_HANDSHAKES = R"sql(
SELECT a.host, v.services, max(c.id) FROM connections c
JOIN addresses a ON a.id = c.address_id
JOIN version_messages v ON v.connection_id = c.id
WHERE c.crawl_id = (SELECT max(id) FROM crawls) AND c.handshake_at IS NOT NULL AND a.port = ?1
  AND a.network IN ('ipv4', 'ipv6') AND v.services IS NOT NULL
GROUP BY c.address_id ORDER BY c.address_id)sql";

std::optional<std::string> MonitorChain(SQLite::Database& db)
{
    SQLite::Statement query{db, MONITOR_CHAIN};
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}

std::optional<std::string> NewestCrawlChain(SQLite::Database& db)
{
    SQLite::Statement query{db, "SELECT chain FROM crawls ORDER BY id DESC LIMIT 1"};
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}

// Rows of (host, services) from `sql`, whose ?1 is the chain's default port.
std::vector<SeedCandidate> LoadNodes(SQLite::Database& db, const char* sql, uint16_t default_port)
{
    SQLite::Statement query{db, sql};
    query.bind(1, default_port);
    std::vector<SeedCandidate> nodes;
    while (query.executeStep()) {
        const auto address = wire::TryParseHost(query.getColumn(0).getString());
        if (!address) continue;
        nodes.push_back({{*address, default_port}, static_cast<uint64_t>(query.getColumn(1).getInt64())});
    }
    return nodes;
}

}  // namespace

SeedCandidates LoadSeedCandidates(Database& db)
{
    // One read transaction: the chain and the nodes come from the same snapshot of a file the
    // monitor is writing.
    SQLite::Transaction snapshot{db.Sql(), SQLite::TransactionBehavior::DEFERRED};
    SeedCandidates result;
    result.chain = MonitorChain(db.Sql());
    result.from_monitor = result.chain.has_value();
    if (!result.from_monitor) result.chain = NewestCrawlChain(db.Sql());
    const wire::ChainParams* chain = result.chain ? wire::FindChain(*result.chain) : nullptr;
    if (chain == nullptr) return result;
    result.nodes = LoadNodes(db.Sql(), result.from_monitor ? GOOD_NODES : NEWEST_CRAWL_HANDSHAKES, chain->default_port);
    return result;
}

}  // namespace store
