// Why this file exists: every key of `report --json` on the known database (fixture.h), for the
// default (newest) crawl and for --crawl, through the same entry point as the CLI.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "report/run.h"
#include "report/summary.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

std::string Normalised(const char* expected)
{
    return nlohmann::ordered_json::parse(expected).dump(2) + "\n";
}

TEST(Summary, NewestCrawlByDefaultEveryKey)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string expected = Normalised(R"({
        "crawl": 2, "chain": "regtest", "status": "finished",
        "stop_reason": "exhausted", "alive": false,
        "started_at": 1700000000000, "finished_at": 1700000060500, "duration_s": 60.5,
        "addresses_known": 7, "addresses_learned": 7,
        "by_network": {"ipv4": 5, "ipv6": 1, "onion": 1, "i2p": 0, "cjdns": 0},
        "attempted": 6, "reachable": 5,
        "reachable_by_network": {"ipv4": 3, "ipv6": 1, "onion": 1, "i2p": 0, "cjdns": 0},
        "reachable_distinct": 4,
        "multi_address_nodes": [{"nonce": "9223372036854775927", "version": 70016,
                                 "addresses": ["ipv4 127.0.0.1:18444", "ipv6 [::1]:18444"]}],
        "outcomes": {"ok": 4, "no_addr": 1, "refused": 0, "unreachable": 1, "connect_timeout": 0,
                     "handshake_timeout": 0, "peer_closed": 0, "protocol_error": 0, "proxy_error": 0,
                     "cancelled": 0},
        "addr_messages": 4, "addr_entries": 11, "version_undecoded": 1,
        "user_agents": {"/Satoshi:27.0.0/": 2, "/Satoshi:0.21.0/": 1, "/bad\\xFF\\x01agent,\"q\"/": 1},
        "protocol_versions": {"70016": 3, "70015": 1},
        "services": {"1033": 3, "9": 1},
        "service_flags": {"NODE_NETWORK": 4, "NODE_GETUTXO": 0, "NODE_BLOOM": 0, "NODE_WITNESS": 4,
                          "NODE_COMPACT_FILTERS": 0, "NODE_NETWORK_LIMITED": 3, "NODE_P2P_V2": 0},
        "start_height": {"min": 799990, "median": 800000, "max": 800010},
        "v2_share": 0.0,
        "transport_by_network": {"ipv4": {"reachable": 3, "v2": 0, "advertised_not_spoken": 0, "spoken_not_advertised": 0},
                                 "ipv6": {"reachable": 1, "v2": 0, "advertised_not_spoken": 0, "spoken_not_advertised": 0},
                                 "onion": {"reachable": 1, "v2": 0, "advertised_not_spoken": 0, "spoken_not_advertised": 0}}
    })");
    EXPECT_EQ(ReportOutput({.db = db, .json = true}), expected);
}

TEST(Summary, CrawlOptionSelectsAnOlderCrawl)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string expected = Normalised(R"({
        "crawl": 1, "chain": "regtest", "status": "finished",
        "stop_reason": "exhausted", "alive": false,
        "started_at": 1699999900000, "finished_at": 1699999950000, "duration_s": 50.0,
        "addresses_known": 7, "addresses_learned": 3,
        "by_network": {"ipv4": 3, "ipv6": 0, "onion": 0, "i2p": 0, "cjdns": 0},
        "attempted": 3, "reachable": 3,
        "reachable_by_network": {"ipv4": 3, "ipv6": 0, "onion": 0, "i2p": 0, "cjdns": 0},
        "reachable_distinct": 3, "multi_address_nodes": [],
        "outcomes": {"ok": 3, "no_addr": 0, "refused": 0, "unreachable": 0, "connect_timeout": 0,
                     "handshake_timeout": 0, "peer_closed": 0, "protocol_error": 0, "proxy_error": 0,
                     "cancelled": 0},
        "addr_messages": 0, "addr_entries": 0, "version_undecoded": 0,
        "user_agents": {"/Satoshi:0.21.0/": 1, "/Satoshi:25.0.0/": 1, "/Satoshi:26.0.0/": 1},
        "protocol_versions": {"70016": 2, "70015": 1},
        "services": {"1": 1, "1033": 1, "9": 1},
        "service_flags": {"NODE_NETWORK": 3, "NODE_GETUTXO": 0, "NODE_BLOOM": 0, "NODE_WITNESS": 2,
                          "NODE_COMPACT_FILTERS": 0, "NODE_NETWORK_LIMITED": 1, "NODE_P2P_V2": 0},
        "start_height": {"min": 798000, "median": 799000, "max": 800010},
        "v2_share": 0.0,
        "transport_by_network": {"ipv4": {"reachable": 3, "v2": 0, "advertised_not_spoken": 0, "spoken_not_advertised": 0}}
    })");
    EXPECT_EQ(ReportOutput({.db = db, .crawl = 1, .json = true}), expected);
}

// A crawl still running (or killed): no finished_at, its duration so far; nothing reachable yet: no
// heights; only the top 20 user agents; unnamed service bits by number.
TEST(Summary, RunningCrawlWithManyAgentsAndUnnamedServiceBits)
{
    TempFolder folder;
    const auto path = folder.Path() / "running.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        for (int index = 0; index < 24; ++index) {
            const int64_t address = builder.Address(V4(127, 0, 1, static_cast<uint8_t>(index + 1), 18444));
            builder.Learn(crawl, address);
            // Agent a00 on 3 nodes, a01 on 2, a02..a20 on 1 each: 24 nodes, 21 agents.
            const int agent = index < 3 ? 0 : index < 5 ? 1 : index - 3;
            builder.Connection(crawl, address, 1, 0, 1, 2, 3, store::Outcome::ok,
                               Builder::Version{70016, (1ULL << 5) | (1ULL << 63), fmt::format("a{:02}", agent), 1});
        }
        const int64_t silent = builder.Address(V4(127, 0, 2, 1, 18444));
        builder.Learn(crawl, silent);
        builder.Connection(crawl, silent, 1, 0, 1, std::nullopt, 3, store::Outcome::handshake_timeout);
    }
    store::Database db(path, store::OpenMode::read_only);
    const Summary summary = ComputeSummary(db, SelectCrawl(db, std::nullopt));
    const auto json = SummaryToJson(summary);
    EXPECT_EQ(json["status"], "running");
    EXPECT_TRUE(json["stop_reason"].is_null());
    EXPECT_FALSE(json["alive"]);  // no process holds the file: it died
    EXPECT_TRUE(json["finished_at"].is_null());
    EXPECT_EQ(json["duration_s"], 0.003);  // up to its newest row, a connection finished at +3 ms
    EXPECT_EQ(json["attempted"], 25);
    EXPECT_EQ(json["reachable"], 24);
    EXPECT_EQ(json["outcomes"]["handshake_timeout"], 1);
    EXPECT_EQ(json["user_agents"].size(), TOP_USER_AGENTS);
    EXPECT_EQ(json["user_agents"].begin().key(), "a00");
    EXPECT_EQ(json["user_agents"]["a00"], 3);
    EXPECT_EQ(json["user_agents"]["a01"], 2);
    EXPECT_EQ(json["user_agents"]["a19"], 1);
    EXPECT_FALSE(json["user_agents"].contains("a20"));  // 21st by count, then name
    EXPECT_EQ(json["services"].dump(), R"({"9223372036854775840":24})");
    EXPECT_EQ(json["service_flags"]["bit 5"], 24);
    EXPECT_EQ(json["service_flags"]["bit 63"], 24);
    EXPECT_EQ(json["service_flags"]["NODE_NETWORK"], 0);
    EXPECT_EQ(json["start_height"].dump(), R"({"min":1,"median":1,"max":1})");
}

TEST(Summary, NoReachableNodeHasNullHeights)
{
    TempFolder folder;
    const auto path = folder.Path() / "empty.sqlite";
    {
        Builder builder(path);
        builder.Db().StartCrawl("regtest", "{}", BASE);
    }
    store::Database db(path, store::OpenMode::read_only);
    const auto json = SummaryToJson(ComputeSummary(db, SelectCrawl(db, std::nullopt)));
    EXPECT_EQ(json["start_height"].dump(), R"({"min":null,"median":null,"max":null})");
    EXPECT_EQ(json["user_agents"].dump(), "{}");
    EXPECT_EQ(json["addresses_learned"], 0);
}

}  // namespace
}  // namespace report::test
