#pragma once
// Why this file exists: `btccrawl report` answers "what did this crawl see?" (docs/spec.md §4). The numbers
// are computed once, here, as data; text.cpp and SummaryToJson only present them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/nodes.h"
#include "report/source.h"
#include "store/database.h"
#include "store/queries.h"

namespace report {

// (key, count) pairs in presentation order.
using Counts = std::vector<std::pair<std::string, int64_t>>;

constexpr size_t TOP_USER_AGENTS = 20;

struct HeightStats {
    int32_t min{0};
    int32_t median{0};  // the lower middle value when the count is even: always a reported height
    int32_t max{0};
};

// One node seen reachable through several addresses (e.g. IPv4 and Tor): the same non-zero
// version nonce and protocol version on each. Counting it once per address would inflate totals.
struct MultiAddressNode {
    uint64_t nonce{0};
    int32_t version{0};
    std::vector<std::string> addresses;  // "network host:port", in the order of LoadReachableNodes
};

struct Summary {
    CrawlInfo crawl;
    // finished_at - started_at; without finished_at (running, or killed) the duration so far: up
    // to the crawl's newest row (store::NewestRowAt), 0 before its first.
    double duration_s{0};
    int64_t addresses_known{0};    // every row of `addresses`, whichever crawl learned it
    int64_t addresses_learned{0};  // crawl_addresses of this crawl
    Counts by_network;             // learned addresses; every network listed, zeros included
    int64_t attempted{0};          // distinct addresses dialed
    int64_t reachable{0};          // distinct addresses with a handshaken connection
    Counts reachable_by_network;   // every network listed, zeros included
    std::vector<MultiAddressNode> multi_address_nodes;
    int64_t reachable_distinct{0};  // reachable, each multi-address node counted once
    Counts outcomes;                // by the newest attempt of each attempted address; every outcome listed
    Counts attempt_outcomes;        // every attempt, most frequent first (the HTML chart)
    int64_t addr_messages{0};
    int64_t addr_entries{0};  // sum of entry_count: entries the messages carried
    // Over reachable nodes whose version message decoded (the rest are counted in
    // version_undecoded), each described by its session (nodes.h); by count, then key.
    int64_t version_undecoded{0};
    Counts user_agents;        // top TOP_USER_AGENTS, through PrintableText
    Counts protocol_versions;  // decimal version
    Counts services;           // decimal services value
    Counts service_flags;      // nodes per named flag (NODE_NETWORK…), every flag listed; "bit N" else
    std::optional<HeightStats> start_height;
    // BIP324 per network (store::LoadTransportCounts): only networks with a reachable node.
    std::vector<store::TransportCounts> transports;
    // Reachable nodes that completed a v2 handshake, over all reachable nodes (0 when none).
    double V2Share() const;
};

Summary ComputeSummary(store::Database& db, const CrawlInfo& crawl);
// As ComputeSummary, with the nodes already loaded by the caller (LoadReachableNodes).
Summary ComputeSummary(store::Database& db, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes);

// "60.5 s", or "2.1 s so far" for a crawl without finished_at: the text and HTML form.
std::string DurationText(const Summary& summary);

// Most frequent first, ties by key; at most `limit` entries.
Counts ByCount(const std::map<std::string, int64_t>& found, size_t limit = SIZE_MAX);

// The crawl's status as a reader needs it: "finished", "interrupted (a signal)", "running", or
// "died: ..." for a 'running' crawl no process writes (CrawlInfo::alive): the text and HTML form.
std::string StatusText(const CrawlInfo& crawl);

// The `report --json` object, keys in the order of Summary (docs/reports.md).
nlohmann::ordered_json SummaryToJson(const Summary& summary);

// The BIP324 table of text and HTML: a header row, then one row per network.
std::vector<std::vector<std::string>> TransportRows(const Summary& summary);

}  // namespace report
