// Why this file exists: the SQL of store::LoadSeedCandidates (the interim `good` rule of docs/dns.md).
#include "store/dns_candidates.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "wire/chain.h"

namespace store {

SeedCandidates LoadSeedCandidates(Database& db)
{
    SeedCandidates result;
    SQLite::Statement newest(db.Sql(), "SELECT id, chain FROM crawls ORDER BY id DESC LIMIT 1");
    if (!newest.executeStep()) return result;
    const int64_t crawl_id = newest.getColumn(0).getInt64();
    result.chain = newest.getColumn(1).getString();
    const wire::ChainParams* chain = wire::FindChain(*result.chain);
    if (chain == nullptr) return result;
    // max(c.id) makes SQLite take the other columns from the newest handshake of each address.
    SQLite::Statement nodes(db.Sql(),
                            "SELECT a.host, v.services, max(c.id) FROM connections c "
                            "JOIN addresses a ON a.id = c.address_id "
                            "JOIN version_messages v ON v.connection_id = c.id "
                            "WHERE c.crawl_id = ? AND c.handshake_at IS NOT NULL AND a.port = ? "
                            "AND a.network IN ('ipv4', 'ipv6') AND v.services IS NOT NULL "
                            "GROUP BY c.address_id ORDER BY c.address_id");
    nodes.bind(1, crawl_id);
    nodes.bind(2, chain->default_port);
    while (nodes.executeStep()) {
        const auto address = wire::TryParseHost(nodes.getColumn(0).getString());
        if (!address) continue;
        result.nodes.push_back({{*address, chain->default_port}, static_cast<uint64_t>(nodes.getColumn(1).getInt64())});
    }
    return result;
}

}  // namespace store
