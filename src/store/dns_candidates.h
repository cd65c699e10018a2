#pragma once
// Why this file exists: the one query `btccrawl dns` asks of a file — which nodes it may hand out
// as a DNS seed. Everything of the DNS server sits behind it.
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
    std::optional<std::string> chain;  // chain of the monitor run or crawl; nullopt: neither yet
    bool from_monitor{false};          // the good rule (a monitor ran on the file), not the fallback
    std::vector<SeedCandidate> nodes;
};

// A file with a monitor run: the nodes of its `good_nodes` view (docs/monitor.md "The good rule")
// that are IPv4 or IPv6 on the default port of the run's chain (that of its newest round's crawl,
// else its settings' "chain"), with the services of their newest version message.
// A file no monitor ran on (a plain crawl file), the fallback: the IPv4 and IPv6 nodes that
// completed the handshake in the newest crawl (highest id, whatever its status), on that crawl's
// chain's default port, with the services of their newest such connection.
// Reads one snapshot, on a read-only connection while another process writes the file (WAL).
SeedCandidates LoadSeedCandidates(Database& db);

}  // namespace store
