// Why this file exists: the one loader of the reachable nodes of a crawl (see nodes.h).
#include "report/nodes.h"

#include <algorithm>
#include <tuple>

#include "report/escape.h"
#include "wire/address.h"

namespace report {
namespace {

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

std::vector<NodeRow> LoadReachableNodes(store::Database& db, int64_t crawl_id)
{
    auto nodes = store::ReachableNodes(db, crawl_id);
    for (auto& node : nodes) {
        if (node.user_agent) node.user_agent = PrintableText(*node.user_agent);
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
