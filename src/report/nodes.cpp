// Why this file exists: the single query that describes each reachable node (see nodes.h).
#include "report/nodes.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <tuple>

#include "report/escape.h"
#include "wire/address.h"

namespace report {
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

template <typename T>
std::optional<T> Optional(const SQLite::Column& column)
{
    if (column.isNull()) return std::nullopt;
    return static_cast<T>(column.getInt64());
}

// Networks in the order of wire::Network, then addresses in NetAddress order (numeric for IPs);
// a host the wire library cannot parse sorts after the parsable ones of its network, by text.
auto SortKey(const NodeRow& node)
{
    const auto network = wire::NetworkFromName(node.network);
    const int network_rank = network ? static_cast<int>(*network) : static_cast<int>(wire::Network::unknown);
    const auto address = wire::TryParseHost(node.host);
    return std::make_tuple(network_rank, !address.has_value(), address.value_or(wire::NetAddress{}), node.host,
                           node.port);
}

}  // namespace

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

std::vector<NodeRow> LoadReachableNodes(store::Database& db, int64_t crawl_id)
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
            node.user_agent = PrintableText(
                std::string_view(static_cast<const char*>(agent.getBlob()), static_cast<size_t>(agent.getBytes())));
        }
        node.services = Optional<uint64_t>(query.getColumn(6));  // INTEGER holds the int64 cast
        node.height = Optional<int32_t>(query.getColumn(7));
        node.started_at = query.getColumn(8).getInt64();
        node.connected_at = Optional<int64_t>(query.getColumn(9));
        node.handshake_at = query.getColumn(10).getInt64();
        node.addresses_advertised = query.getColumn(11).getInt64();
        node.nonce = Optional<uint64_t>(query.getColumn(12));
        nodes.push_back(std::move(node));
    }
    // Keys computed once: parsing the host in the comparator would repeat it n log n times.
    std::vector<std::pair<decltype(SortKey(NodeRow{})), NodeRow>> keyed;
    keyed.reserve(nodes.size());
    for (auto& node : nodes)
        keyed.emplace_back(SortKey(node), std::move(node));
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    nodes.clear();
    for (auto& [key, node] : keyed)
        nodes.push_back(std::move(node));
    return nodes;
}

}  // namespace report
