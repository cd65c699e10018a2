// Why this file exists: the figures of `btccrawl report`, computed once from the rows
// store::LoadCrawlTotals and LoadReachableNodes read.
#include "report/summary.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <bit>
#include <map>

#include "report/json_value.h"
#include "store/queries.h"
#include "store/records.h"
#include "wire/address.h"

namespace report {
namespace {

struct ServiceFlag {
    const char* name;
    uint64_t bit;
};
// Bitcoin Core src/protocol.h ServiceFlags.
constexpr std::array SERVICE_FLAGS = {
    ServiceFlag{"NODE_NETWORK", 1ULL << 0},
    ServiceFlag{"NODE_GETUTXO", 1ULL << 1},  // BIP64
    ServiceFlag{"NODE_BLOOM", 1ULL << 2},
    ServiceFlag{"NODE_WITNESS", 1ULL << 3},           // BIP111, BIP144
    ServiceFlag{"NODE_COMPACT_FILTERS", 1ULL << 6},   // BIP157
    ServiceFlag{"NODE_NETWORK_LIMITED", 1ULL << 10},  // BIP159
    ServiceFlag{"NODE_P2P_V2", 1ULL << 11},           // BIP324
};

// `fixed` keys first, in their order and with zeros, then any other key the database holds.
Counts WithVocabulary(const std::vector<std::string>& fixed, std::map<std::string, int64_t> found)
{
    Counts counts;
    for (const auto& key : fixed) {
        const auto entry = found.find(key);
        counts.emplace_back(key, entry == found.end() ? 0 : entry->second);
        if (entry != found.end()) found.erase(entry);
    }
    for (const auto& [key, count] : found)
        counts.emplace_back(key, count);
    return counts;
}

std::vector<std::string> NetworkNames()
{
    std::vector<std::string> names;
    for (const auto network : wire::STORED_NETWORKS)
        names.emplace_back(wire::NetworkName(network));
    return names;
}

}  // namespace

Counts ByCount(const std::map<std::string, int64_t>& found, size_t limit)
{
    Counts counts(found.begin(), found.end());
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (counts.size() > limit) counts.resize(limit);
    return counts;
}

namespace {

void AddVersionDistributions(Summary& summary, const std::vector<NodeRow>& nodes)
{
    std::map<std::string, int64_t> agents, versions, services, flags;
    std::vector<int32_t> heights;
    for (const auto& node : nodes) {
        if (!node.version) {
            ++summary.version_undecoded;
            continue;
        }
        ++agents[node.user_agent.value_or("")];
        ++versions[std::to_string(*node.version)];
        const uint64_t value = node.services.value_or(0);
        ++services[std::to_string(value)];
        for (int bit = 0; bit < 64; ++bit) {
            if (!(value & (1ULL << bit))) continue;
            const auto named = std::find_if(SERVICE_FLAGS.begin(), SERVICE_FLAGS.end(),
                                            [&](const ServiceFlag& flag) { return flag.bit == 1ULL << bit; });
            ++flags[named != SERVICE_FLAGS.end() ? named->name : "bit " + std::to_string(bit)];
        }
        heights.push_back(node.height.value_or(0));
    }
    summary.user_agents = ByCount(agents, TOP_USER_AGENTS);
    summary.protocol_versions = ByCount(versions);
    summary.services = ByCount(services);
    std::vector<std::string> flag_names;
    for (const auto& flag : SERVICE_FLAGS)
        flag_names.emplace_back(flag.name);
    summary.service_flags = WithVocabulary(flag_names, flags);
    if (!heights.empty()) {
        std::sort(heights.begin(), heights.end());
        summary.start_height = HeightStats{heights.front(), heights[(heights.size() - 1) / 2], heights.back()};
    }
}

void AddMultiAddressNodes(Summary& summary, const std::vector<NodeRow>& nodes)
{
    std::map<std::pair<uint64_t, int32_t>, std::vector<const NodeRow*>> by_identity;
    for (const auto& node : nodes) {
        if (node.nonce.value_or(0) != 0 && node.version) by_identity[{*node.nonce, *node.version}].push_back(&node);
    }
    summary.reachable_distinct = summary.reachable;
    for (const auto& [identity, group] : by_identity) {
        if (group.size() < 2) continue;
        MultiAddressNode multi{identity.first, identity.second, {}};
        for (const auto* node : group)
            multi.addresses.push_back(node->network + " " + node->Key());
        summary.reachable_distinct -= static_cast<int64_t>(group.size()) - 1;
        summary.multi_address_nodes.push_back(std::move(multi));
    }
}

}  // namespace

Summary ComputeSummary(store::Database& db, const CrawlInfo& crawl)
{
    return ComputeSummary(db, crawl, LoadReachableNodes(db, crawl.id));
}

Summary ComputeSummary(store::Database& db, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes)
{
    Summary summary;
    summary.crawl = crawl;
    const store::TimeMs end = crawl.finished_at.value_or(
        std::max(store::NewestRowAt(db, crawl.id).value_or(crawl.started_at), crawl.started_at));
    summary.duration_s = static_cast<double>(end - crawl.started_at) / 1000.0;
    const auto totals = store::LoadCrawlTotals(db, crawl.id);
    summary.addresses_known = totals.addresses_known;
    for (const auto& [network, count] : totals.learned)
        summary.addresses_learned += count;
    summary.by_network = WithVocabulary(NetworkNames(), totals.learned);

    summary.attempted = totals.attempted;
    summary.reachable = static_cast<int64_t>(nodes.size());
    std::map<std::string, int64_t> reachable_networks;
    for (const auto& node : nodes)
        ++reachable_networks[node.network];
    summary.reachable_by_network = WithVocabulary(NetworkNames(), reachable_networks);
    AddMultiAddressNodes(summary, nodes);

    std::vector<std::string> outcome_names;
    for (const auto outcome : store::AllOutcomes())
        outcome_names.emplace_back(store::OutcomeName(outcome));
    summary.outcomes = WithVocabulary(outcome_names, totals.outcomes);
    summary.attempt_outcomes = ByCount(totals.attempt_outcomes);
    summary.addr_messages = totals.addr_messages;
    summary.addr_entries = totals.addr_entries;

    AddVersionDistributions(summary, nodes);
    summary.transports = store::LoadTransportCounts(db, crawl.id);
    return summary;
}

std::vector<std::vector<std::string>> TransportRows(const Summary& summary)
{
    std::vector<std::vector<std::string>> rows{
        {"network", "reachable", "v2", "v2 share", "NODE_P2P_V2, no v2", "v2, no NODE_P2P_V2"}};
    for (const auto& network : summary.transports) {
        const double share = network.reachable > 0 ? 100.0 * static_cast<double>(network.v2) / network.reachable : 0;
        rows.push_back({network.network, std::to_string(network.reachable), std::to_string(network.v2),
                        fmt::format("{:.1f} %", share), std::to_string(network.advertised_not_spoken),
                        std::to_string(network.spoken_not_advertised)});
    }
    return rows;
}

double Summary::V2Share() const
{
    int64_t v2 = 0;
    for (const auto& network : transports)
        v2 += network.v2;
    return reachable > 0 ? static_cast<double>(v2) / static_cast<double>(reachable) : 0.0;
}

std::string DurationText(const Summary& summary)
{
    return fmt::format("{:.1f} s{}", summary.duration_s, summary.crawl.finished_at ? "" : " so far");
}

std::string StatusText(const CrawlInfo& crawl)
{
    if (crawl.status == "running") {
        return crawl.alive ? "running" : "died: no process writes it, killed or crashed; --resume continues it";
    }
    if (crawl.status != "interrupted" || !crawl.stop_reason) return crawl.status;
    const std::map<std::string, std::string, std::less<>> reasons{
        {"max_duration", "at --max-duration"}, {"signal", "by a signal"}, {"killed", "when its process died"}};
    const auto reason = reasons.find(*crawl.stop_reason);
    return fmt::format("interrupted {}", reason == reasons.end() ? *crawl.stop_reason : reason->second);
}

nlohmann::ordered_json SummaryToJson(const Summary& summary)
{
    const auto object = [](const Counts& counts) {
        auto json = nlohmann::ordered_json::object();
        for (const auto& [key, count] : counts)
            json[key] = count;
        return json;
    };
    nlohmann::ordered_json json;
    json["crawl"] = summary.crawl.id;
    json["chain"] = summary.crawl.chain;
    json["status"] = summary.crawl.status;
    json["stop_reason"] = OrNull(summary.crawl.stop_reason);
    json["alive"] = summary.crawl.alive;
    json["started_at"] = summary.crawl.started_at;
    json["finished_at"] = OrNull(summary.crawl.finished_at);
    json["duration_s"] = summary.duration_s;
    json["addresses_known"] = summary.addresses_known;
    json["addresses_learned"] = summary.addresses_learned;
    json["by_network"] = object(summary.by_network);
    json["attempted"] = summary.attempted;
    json["reachable"] = summary.reachable;
    json["reachable_by_network"] = object(summary.reachable_by_network);
    json["reachable_distinct"] = summary.reachable_distinct;
    auto multi = nlohmann::ordered_json::array();
    for (const auto& node : summary.multi_address_nodes) {
        // The nonce as text: JSON readers lose precision on 64-bit integers.
        multi.push_back(
            {{"nonce", std::to_string(node.nonce)}, {"version", node.version}, {"addresses", node.addresses}});
    }
    json["multi_address_nodes"] = multi;
    json["outcomes"] = object(summary.outcomes);
    json["addr_messages"] = summary.addr_messages;
    json["addr_entries"] = summary.addr_entries;
    json["version_undecoded"] = summary.version_undecoded;
    json["user_agents"] = object(summary.user_agents);
    json["protocol_versions"] = object(summary.protocol_versions);
    json["services"] = object(summary.services);
    json["service_flags"] = object(summary.service_flags);
    const auto height = [&](int32_t HeightStats::*field) {
        return summary.start_height ? nlohmann::ordered_json(*summary.start_height.*field)
                                    : nlohmann::ordered_json(nullptr);
    };
    json["start_height"] = {
        {"min", height(&HeightStats::min)},
        {"median", height(&HeightStats::median)},
        {"max", height(&HeightStats::max)},
    };
    json["v2_share"] = summary.V2Share();
    auto transports = nlohmann::ordered_json::object();
    for (const auto& network : summary.transports) {
        transports[network.network] = {
            {"reachable", network.reachable},
            {"v2", network.v2},
            {"advertised_not_spoken", network.advertised_not_spoken},
            {"spoken_not_advertised", network.spoken_not_advertised},
        };
    }
    json["transport_by_network"] = transports;
    return json;
}

}  // namespace report
