// store::LoadSeedCandidates (docs/dns.md "Which nodes it serves"): with a monitor run, the good
// IPv4/IPv6 nodes on the run's chain's default port; without one, the handshaken IPv4/IPv6 nodes
// of the newest crawl on its chain's default port, with the services of their newest handshake.
#include <gtest/gtest.h>

#include "store/dns_candidates.h"
#include "store/reliability.h"
#include "store_fixture.h"

namespace {

using store_test::IPv4;

class SeedCandidatesTest : public store_test::StoreTest {
protected:
    // One connection to `address_id`; `services` set means the handshake completed.
    static store::ConnectionRecord Connection(int64_t id, int64_t crawl_id, int64_t address_id,
                                              std::optional<uint64_t> services)
    {
        store::ConnectionRecord connection{};
        connection.id = id;
        connection.crawl_id = crawl_id;
        connection.address_id = address_id;
        connection.attempt = 1;
        connection.started_at = 1000;
        connection.connected_at = 1100;
        connection.finished_at = 2000;
        connection.outcome = services ? store::Outcome::ok : store::Outcome::handshake_timeout;
        if (services) {
            connection.handshake_at = 1200;
            wire::VersionMessage version;
            version.services = *services;
            connection.version = store::VersionRow{1200, wire::Bytes(86, 0), version};
        }
        return connection;
    }
};

TEST_F(SeedCandidatesTest, AFileWithoutACrawlHasNone)
{
    store::Database db{DbPath(), store::OpenMode::create_or_open};
    const auto candidates = store::LoadSeedCandidates(db);
    EXPECT_EQ(candidates.chain, std::nullopt);
    EXPECT_TRUE(candidates.nodes.empty());
}

TEST_F(SeedCandidatesTest, WithoutAMonitorRunHandshakenNodesOfTheNewestCrawlOnTheDefaultPort)
{
    store::Database db{DbPath(), store::OpenMode::create_or_open};
    const int64_t old_crawl = db.StartCrawl("regtest", "{}", 1000);
    const int64_t crawl = db.StartCrawl("regtest", "{}", 2000);
    const wire::Endpoint v6{wire::ParseHost("::1"), 18444};
    store::Batch batch;
    batch.addresses = {{1, IPv4(127, 0, 0, 1), 1000},
                       {2, IPv4(127, 0, 0, 2), 1000},
                       {3, IPv4(127, 0, 0, 3, 18445), 1000},
                       {4, IPv4(127, 0, 0, 4), 1000},
                       {5, v6, 1000}};
    batch.connections.push_back(Connection(1, old_crawl, 1, 9));  // only in the older crawl
    batch.connections.push_back(Connection(2, crawl, 2, 1));
    batch.connections.push_back(Connection(3, crawl, 2, 0x409));         // its newer handshake
    batch.connections.push_back(Connection(4, crawl, 3, 9));             // not the default port
    batch.connections.push_back(Connection(5, crawl, 4, std::nullopt));  // no handshake
    batch.connections.push_back(Connection(6, crawl, 5, 9));
    db.WriteBatch(batch);

    const auto candidates = store::LoadSeedCandidates(db);
    EXPECT_EQ(candidates.chain, "regtest");
    EXPECT_FALSE(candidates.from_monitor);
    ASSERT_EQ(candidates.nodes.size(), 2u);
    EXPECT_EQ(candidates.nodes[0].endpoint, IPv4(127, 0, 0, 2));
    EXPECT_EQ(candidates.nodes[0].services, 0x409u);
    EXPECT_EQ(candidates.nodes[1].endpoint, v6);
    EXPECT_EQ(candidates.nodes[1].services, 9u);
}

TEST_F(SeedCandidatesTest, AMonitorRunWithoutRoundsHasTheChainOfItsSettingsAndNoNodes)
{
    store::Database db{DbPath(), store::OpenMode::create_or_open};
    const int64_t crawl = db.StartCrawl("mainnet", "{}", 1000);  // a plain crawl before the monitor
    store::Batch batch;
    batch.addresses = {{1, IPv4(127, 0, 0, 1, 8333), 1000}};
    batch.connections.push_back(Connection(1, crawl, 1, 9));
    db.WriteBatch(batch);
    store::StartMonitorRun(db, R"({"chain": "regtest"})", 2000);

    const auto candidates = store::LoadSeedCandidates(db);
    EXPECT_TRUE(candidates.from_monitor);
    EXPECT_EQ(candidates.chain, "regtest");
    EXPECT_TRUE(candidates.nodes.empty());
}

TEST_F(SeedCandidatesTest, WithAMonitorRunTheGoodIPNodesOnTheDefaultPort)
{
    store::Database db{DbPath(), store::OpenMode::create_or_open};
    const int64_t run = store::StartMonitorRun(db, R"({"chain": "mainnet"})", 1000);
    const int64_t first = db.StartCrawl("regtest", "{}", 1000);  // the round's chain wins
    store::AddMonitorRound(db, run, first, 1);
    const wire::Endpoint v6{wire::ParseHost("::1"), 18444};
    store::Batch batch;
    batch.addresses = {{1, IPv4(127, 0, 0, 1), 1000},
                       {2, IPv4(127, 0, 0, 2), 1000},
                       {3, IPv4(127, 0, 0, 3, 18445), 1000},
                       {4, IPv4(127, 0, 0, 4), 1000},
                       {5, v6, 1000},
                       {6, {wire::ParseHost(wire::Network::cjdns, "fc00::1"), 18444}, 1000},
                       {7, IPv4(127, 0, 0, 7), 1000}};
    batch.connections.push_back(Connection(1, first, 1, 9));
    batch.connections.push_back(Connection(2, first, 2, 1));             // up, but not NODE_WITNESS: not good
    batch.connections.push_back(Connection(3, first, 3, 9));             // good, but not on the default port
    batch.connections.push_back(Connection(4, first, 4, std::nullopt));  // down
    batch.connections.push_back(Connection(5, first, 5, 0x409));
    batch.connections.push_back(Connection(6, first, 6, 9));  // good, but CJDNS
    batch.connections.push_back(Connection(7, first, 7, 9));  // good now, down next round
    db.WriteBatch(batch);
    store::UpdateReliability(db, first);
    const int64_t second = db.StartCrawl("regtest", "{}", 3000);
    store::AddMonitorRound(db, run, second, 2);
    store::Batch next;
    next.connections.push_back(Connection(8, second, 1, 9));
    next.connections.push_back(Connection(9, second, 5, 0x409));
    next.connections.push_back(Connection(10, second, 7, std::nullopt));
    db.WriteBatch(next);
    store::UpdateReliability(db, second);
    // A plain crawl after the monitor's rounds changes nothing: the good view decides.
    db.StartCrawl("regtest", "{}", 4000);

    const auto candidates = store::LoadSeedCandidates(db);
    EXPECT_TRUE(candidates.from_monitor);
    EXPECT_EQ(candidates.chain, "regtest");
    ASSERT_EQ(candidates.nodes.size(), 2u);
    EXPECT_EQ(candidates.nodes[0].endpoint, IPv4(127, 0, 0, 1));
    EXPECT_EQ(candidates.nodes[0].services, 9u);
    EXPECT_EQ(candidates.nodes[1].endpoint, v6);
    EXPECT_EQ(candidates.nodes[1].services, 0x409u);
}

}  // namespace
