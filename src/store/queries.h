#pragma once
// Why this file exists: the reads of finished rows that report/ presents, here so that SQL stays
// in store/ (report/ only computes and formats). Each returns plain values.
#include <optional>
#include <string>
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
