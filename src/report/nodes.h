#pragma once
// Why this file exists: "the reachable nodes of a crawl" is what export writes row by row, what the
// summary's distributions count and what --compare diffs; one loader keeps them consistent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace report {

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
    std::optional<std::string> user_agent;  // through PrintableText
    std::optional<uint64_t> services;
    std::optional<int32_t> height;  // start_height
    int64_t started_at{0};
    std::optional<int64_t> connected_at;
    int64_t handshake_at{0};
    int64_t addresses_advertised{0};  // sum of entry_count over the session's address messages
    std::optional<uint64_t> nonce;    // the version message's nonce

    // connected_at - started_at: TCP (or proxy) connect time.
    std::optional<int64_t> ConnectMs() const;
    // handshake_at - connected_at: version/verack exchange alone, connect time excluded.
    std::optional<int64_t> HandshakeMs() const;
    // "host:port", IPv6 and CJDNS hosts in brackets, as bitnodes keys its nodes.
    std::string Key() const;
};

// "host:port", IPv6 and CJDNS hosts in brackets (bitnodes' keys, the sipa seeder's addresses).
std::string HostPortKey(std::string_view network, const std::string& host, int port);

// Every reachable node of the crawl, ordered by network (ipv4, ipv6, onion, i2p, cjdns), then
// address (numerically for IP addresses), then port.
std::vector<NodeRow> LoadReachableNodes(store::Database& db, int64_t crawl_id);

}  // namespace report
