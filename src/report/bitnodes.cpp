// Why this file exists: the export in the snapshot shape bitnodes.io publishes
// (GET /api/v1/snapshots/<timestamp>/), so tools written for bitnodes read our crawls.
// Each node is "addr:port" -> [protocol version, user agent, connected since (s), services,
// height, hostname, city, country code, latitude, longitude, timezone, ASN, organization];
// a crawler does not know the last eight (no reverse DNS, no GeoIP database): they are null.
#include <algorithm>

#include "report/export.h"
#include "report/json_value.h"

namespace report {
namespace {

constexpr int UNKNOWN_FIELDS = 8;  // hostname … organization

std::optional<int64_t> Seconds(std::optional<int64_t> at_ms)
{
    if (!at_ms) return std::nullopt;
    return *at_ms / 1000;
}

}  // namespace

void WriteBitnodes(std::ostream& out, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes)
{
    // The snapshot's moment: the end of the crawl, or for one still running (or killed) the newest
    // handshake it recorded, so the same file always exports the same snapshot.
    int64_t moment = crawl.finished_at.value_or(crawl.started_at);
    std::optional<int32_t> latest_height;
    for (const auto& node : nodes) {
        if (!crawl.finished_at) moment = std::max(moment, node.handshake_at);
        if (node.height && (!latest_height || *node.height > *latest_height)) latest_height = node.height;
    }
    // Written piece by piece: an ordered_json object checks each new key against all the others,
    // which is quadratic in the number of nodes.
    const auto dump = [](const nlohmann::ordered_json& value) {
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    out << "{\"timestamp\":" << moment / 1000 << ",\"total_nodes\":" << nodes.size()
        << ",\"latest_height\":" << dump(OrNull(latest_height)) << ",\"nodes\":{";
    for (size_t index = 0; index < nodes.size(); ++index) {
        const NodeRow& node = nodes[index];
        auto fields = nlohmann::ordered_json::array({OrNull(node.version), OrNull(node.user_agent),
                                                     OrNull(Seconds(node.connected_at)), OrNull(node.services),
                                                     OrNull(node.height)});
        for (int unknown = 0; unknown < UNKNOWN_FIELDS; ++unknown)
            fields.push_back(nullptr);
        out << (index > 0 ? "," : "") << dump(node.Key()) << ':' << dump(fields);
    }
    out << "}}\n";
}

}  // namespace report
