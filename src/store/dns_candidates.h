#pragma once
// Why this file exists: the one query `btccrawl dns` asks of a file — which nodes it may hand out
// as a DNS seed. Everything of the DNS server sits behind it, so when the monitor's `good` view
// (issue 13) exists only this query changes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "wire/address.h"

namespace store {

// A node a seed may answer with: IPv4 or IPv6, on its chain's default port.
struct SeedCandidate {
    wire::Endpoint endpoint;
    uint64_t services{0};  // from the node's own `version` message
};

struct SeedCandidates {
    std::optional<std::string> chain;  // chain of the crawl they came from; nullopt: no crawl yet
    std::vector<SeedCandidate> nodes;
};

// Interim rule until the monitor's `good` view: the IPv4 and IPv6 nodes that completed the
// handshake in the newest crawl of the file (highest id, whatever its status), on that crawl's
// chain's default port, with the services of their newest such connection. Works on a read-only
// connection while another process writes the file (WAL).
SeedCandidates LoadSeedCandidates(Database& db);

}  // namespace store
