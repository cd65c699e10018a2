#pragma once
// Why this file exists: the reads of finished rows that report/ presents, here so that SQL stays
// in store/ (report/ only computes and formats). Each returns plain values.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace store {

// started_at of the file's newest crawl (highest id, the one a report shows by default); nullopt
// when the file holds no crawl.
std::optional<TimeMs> NewestCrawlStart(Database& db);

// The time of the crawl's newest row: its last finished connection or learned address; nullopt
// before it wrote any. How far a crawl without finished_at (running, or killed) has got.
std::optional<TimeMs> NewestRowAt(Database& db, int64_t crawl_id);

// A crawl's row of `crawls`.
struct CrawlInfo {
    int64_t id{0};
    std::string chain;
    std::string status;  // 'running', 'finished', 'interrupted'
    TimeMs started_at{0};
    std::optional<TimeMs> finished_at;
    std::optional<std::string> stop_reason;  // CrawlEnd's name; nullopt while running, or from before schema 4
    // 'running' and a process writes it now (its WriterLock is held); 'running' without: it died.
    bool alive{false};
};

// Crawl `id`, or without an id the newest crawl (highest id); nullopt when there is none.
std::optional<CrawlInfo> FindCrawl(Database& db, std::optional<int64_t> id);

// "host:port" of a stored address, IPv6 and CJDNS hosts in brackets (bitnodes' keys, the sipa
// seeder's addresses).
std::string HostPortKey(std::string_view network, const std::string& host, int port);

// One reachable node of a crawl, described by its session: the newest connection of the crawl to
// the address that completed the handshake, that connection's `version` message and the entries
// of its address messages.
struct NodeRow {
    int64_t address_id{0};
    std::string network;  // addresses.network
    std::string host;     // canonical host text (docs/spec.md §3)
    int port{0};
    // NULL in the database when the version payload did not decode.
    std::optional<int32_t> version;
    std::optional<std::string> user_agent;  // ReachableNodes: the bytes stored; report's loader: printable
    std::optional<uint64_t> services;
    std::optional<int32_t> height;  // start_height
    TimeMs started_at{0};
    std::optional<TimeMs> connected_at;
    TimeMs handshake_at{0};
    int64_t addresses_advertised{0};  // sum of entry_count over the session's address messages
    std::optional<uint64_t> nonce;    // the version message's nonce

    // connected_at - started_at: TCP (or proxy) connect time.
    std::optional<int64_t> ConnectMs() const;
    // handshake_at - connected_at: version/verack exchange alone, connect time excluded.
    std::optional<int64_t> HandshakeMs() const;
    // "host:port", IPv6 and CJDNS hosts in brackets, as bitnodes keys its nodes.
    std::string Key() const;
};

// Every reachable node of the crawl, in no particular order.
std::vector<NodeRow> ReachableNodes(Database& db, int64_t crawl_id);

// The counts of one crawl that report/ shows, each answered by an index on crawl_id or
// connection_id; addr_entries (tens of millions of rows) is never read: its per-crawl total is the
// sum of addr_messages.entry_count.
struct CrawlTotals {
    int64_t addresses_known{0};                       // every row of `addresses`, whichever crawl learned it
    std::map<std::string, int64_t> learned;           // crawl_addresses of this crawl, by network
    int64_t attempted{0};                             // distinct addresses dialed
    std::map<std::string, int64_t> outcomes;          // by the newest attempt of each attempted address
    std::map<std::string, int64_t> attempt_outcomes;  // every connection
    int64_t addr_messages{0};
    int64_t addr_entries{0};  // sum of entry_count: entries the messages carried
};

CrawlTotals LoadCrawlTotals(Database& db, int64_t crawl_id);

// When each address of the crawl was learned, finished (its last attempt) and first reachable,
// each sorted: the crawl's progress over time.
struct CrawlProgress {
    std::vector<TimeMs> learned;
    std::vector<TimeMs> done;
    std::vector<TimeMs> reachable;
};

CrawlProgress LoadCrawlProgress(Database& db, int64_t crawl_id);
// BIP324 on one network, over the crawl's reachable nodes (addresses with a handshaken connection).
// "Advertised" is NODE_P2P_V2 in a version message the node sent us in this crawl.
struct TransportCounts {
    std::string network;
    int64_t reachable{0};
    int64_t v2{0};  // completed a v2 handshake
    // Advertised NODE_P2P_V2, were dialed over v2 and never completed a v2 handshake.
    int64_t advertised_not_spoken{0};
    // Completed a v2 handshake without advertising NODE_P2P_V2.
    int64_t spoken_not_advertised{0};
};

// One entry per network with a reachable node, in network order (ipv4, ipv6, onion, i2p, cjdns).
std::vector<TransportCounts> LoadTransportCounts(Database& db, int64_t crawl_id);

}  // namespace store
