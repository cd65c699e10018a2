#pragma once
// Why this file exists: "the reachable nodes of a crawl" is what export writes row by row, what the
// summary's distributions count and what --compare diffs; one loader keeps them consistent.
#include <cstdint>
#include <vector>

#include "store/queries.h"

namespace report {

// One reachable node of a crawl, its user agent through PrintableText.
using NodeRow = store::NodeRow;

// Every reachable node of the crawl, ordered by network (ipv4, ipv6, onion, i2p, cjdns), then
// address (numerically for IP addresses), then port.
std::vector<NodeRow> LoadReachableNodes(store::Database& db, int64_t crawl_id);

}  // namespace report
