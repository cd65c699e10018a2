#include "store/reliability.h"

#include <cmath>

#include "store_fixture.h"

namespace {

using store::Database;
using store::OpenMode;
using store_test::StoreTest;

// Rows written directly: the verdict query reads what a crawl writes, whatever wrote it.
class ReliabilityTest : public StoreTest {
protected:
    void SetUp() override
    {
        StoreTest::SetUp();
        m_database.emplace(DbPath(), OpenMode::create_new);
        Sql().exec(
            "INSERT INTO addresses VALUES (1, 'ipv4', '10.0.0.1', 8333, 0), (2, 'ipv4', '10.0.0.2', 8333, 0),"
            " (3, 'ipv4', '10.0.0.3', 8333, 0), (4, 'ipv4', '10.0.0.4', 8333, 0)");
        m_run = store::StartMonitorRun(*m_database, "{}", 0);
    }

    SQLite::Database& Sql() { return m_database->Sql(); }

    int64_t Round(int64_t round)
    {
        const int64_t crawl = m_database->StartCrawl("main", "{}", round * 600'000);
        store::AddMonitorRound(*m_database, m_run, crawl, round);
        return crawl;
    }

    // A connection finishing at `finished_s` (Unix seconds).
    void Connection(int64_t crawl, int64_t address, const std::string& outcome, bool connected, bool version,
                    int64_t finished_s, bool addr = false)
    {
        const int64_t id = ++m_connection;
        const int64_t at = finished_s * 1000;
        SQLite::Statement insert{
            Sql(),
            "INSERT INTO connections (id, crawl_id, address_id, attempt, started_at, connected_at, "
            "handshake_at, finished_at, outcome, error) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, NULL)"};
        insert.bind(1, id);
        insert.bind(2, crawl);
        insert.bind(3, address);
        insert.bind(4, at - 100);
        if (connected) insert.bind(5, at - 50);
        if (version) insert.bind(6, at - 10);
        insert.bind(7, at);
        insert.bind(8, outcome);
        insert.exec();
        if (version) {
            Sql().exec("INSERT INTO version_messages VALUES (" + std::to_string(id) + ", " + std::to_string(at) +
                       ", x'00', 70016, 1033, 0, 0, '/Satoshi:27.0.0/', 850000, 1)");
        }
        if (addr) {
            Sql().exec("INSERT INTO addr_messages VALUES (" + std::to_string(id) + ", " + std::to_string(id) + ", " +
                       std::to_string(at) + ", 'addr', x'00', 0)");
        }
    }

    double Column(int64_t address, const std::string& column)
    {
        return Sql()
            .execAndGet("SELECT " + column + " FROM node_reliability WHERE address_id = " + std::to_string(address))
            .getDouble();
    }

    std::optional<Database> m_database;
    int64_t m_run{0};
    int64_t m_connection{0};
};

TEST_F(ReliabilityTest, RunAndRoundsAreFoundAgain)
{
    EXPECT_EQ(store::FindMonitorRun(*m_database)->last_round, 0);
    EXPECT_FALSE(store::FindMonitorRun(*m_database)->last_crawl_id);
    m_database->FinishCrawl(Round(1), store::CrawlEnd::exhausted, 700'000);
    const int64_t second = Round(2);
    auto run = store::FindMonitorRun(*m_database);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->id, m_run);
    EXPECT_EQ(run->settings, "{}");
    EXPECT_EQ(run->last_round, 2);
    EXPECT_EQ(run->last_crawl_id, second);
    EXPECT_TRUE(run->last_crawl_running);  // a monitor killed during round 2

    m_database->FinishCrawl(second, store::CrawlEnd::signal, 1'300'000);
    EXPECT_FALSE(store::FindMonitorRun(*m_database)->last_crawl_running);
}

TEST_F(ReliabilityTest, NoRunInAFreshFile)
{
    Sql().exec("DELETE FROM monitor_runs");
    EXPECT_FALSE(store::FindMonitorRun(*m_database));
}

TEST_F(ReliabilityTest, OneRoundRecordsEachVerdict)
{
    const int64_t crawl = Round(1);
    Connection(crawl, 1, "ok", true, true, 10'000, true);
    Connection(crawl, 2, "peer_closed", true, false, 10'000);
    Connection(crawl, 3, "refused", false, false, 10'000);
    Connection(crawl, 4, "cancelled", true, true, 10'000);
    store::UpdateReliability(*m_database, crawl);

    EXPECT_EQ(store_test::Count(Sql(), "node_reliability"), 3);  // the cancelled one says nothing
    EXPECT_EQ(Sql().execAndGet("SELECT last_presence FROM node_reliability WHERE address_id = 2").getString(),
              "up_full");
    EXPECT_EQ(Column(1, "successes"), 1);
    EXPECT_EQ(Column(2, "successes"), 1);  // full counts up
    EXPECT_EQ(Column(3, "successes"), 0);
    EXPECT_EQ(Column(3, "failures_in_a_row"), 1);
    EXPECT_EQ(Column(1, "last_success_at"), 10'000'000);
    EXPECT_EQ(Column(1, "last_getaddr_answer_at"), 10'000'000);
    EXPECT_TRUE(Sql().execAndGet("SELECT last_getaddr_answer_at FROM node_reliability WHERE address_id = 2").isNull());
    EXPECT_NEAR(Column(1, "reliability_2h"), 1 - std::exp(-1000.0 / 7200), 1e-12);
    EXPECT_EQ(Column(3, "reliability_2h"), 0);
    EXPECT_EQ(Column(1, "last_round"), 1);
    // Good: handshake, version 70016, services 1033 (NETWORK | WITNESS | NETWORK_LIMITED), young record.
    EXPECT_EQ(Column(1, "good"), 1);
    EXPECT_EQ(Column(2, "good"), 0);
    EXPECT_EQ(store_test::Count(Sql(), "good_nodes"), 1);
    EXPECT_EQ(Sql().execAndGet("SELECT user_agent FROM good_nodes").getString(), "/Satoshi:27.0.0/");
}

TEST_F(ReliabilityTest, RoundsAccumulateAndTheNewestAttemptOfARoundCounts)
{
    const int64_t first = Round(1);
    Connection(first, 1, "ok", true, true, 10'000, true);
    store::UpdateReliability(*m_database, first);
    const int64_t second = Round(2);
    Connection(second, 1, "connect_timeout", false, false, 10'600);
    Connection(second, 1, "refused", false, false, 10'605);  // a retry: the newest is the verdict
    store::UpdateReliability(*m_database, second);
    store::UpdateReliability(*m_database, second);  // twice: no change

    EXPECT_EQ(Column(1, "attempts"), 2);
    EXPECT_EQ(Column(1, "successes"), 1);
    EXPECT_EQ(Column(1, "failures_in_a_row"), 1);
    EXPECT_EQ(Column(1, "last_success_at"), 10'000'000);
    EXPECT_EQ(Column(1, "first_attempt_at"), 10'000'000);
    EXPECT_EQ(Column(1, "last_attempt_at"), 10'605'000);
    EXPECT_EQ(Column(1, "last_round"), 2);
    // r = (1 − e^(−1000/τ))·e^(−605/τ), τ = 7200
    EXPECT_NEAR(Column(1, "reliability_2h"), (1 - std::exp(-1000.0 / 7200)) * std::exp(-605.0 / 7200), 1e-12);
    EXPECT_NEAR(Column(1, "count_2h"), std::exp(-605.0 / 7200) + 1, 1e-12);
    EXPECT_EQ(Column(1, "good"), 0);  // not up now
    // The version of the last handshake is kept for the seeds dump.
    EXPECT_EQ(Column(1, "version_connection_id"), 1);
}

TEST_F(ReliabilityTest, SeedNodesAreTheOnesEverUpBestFirst)
{
    const int64_t first = Round(1);
    Connection(first, 1, "ok", true, true, 10'000);
    Connection(first, 2, "refused", false, false, 10'000);
    Connection(first, 3, "ok", true, true, 10'000);
    store::UpdateReliability(*m_database, first);
    const int64_t second = Round(2);
    Connection(second, 1, "refused", false, false, 10'600);
    Connection(second, 3, "ok", true, true, 10'600);
    store::UpdateReliability(*m_database, second);

    const auto nodes = store::LoadSeedNodes(*m_database);
    ASSERT_EQ(nodes.size(), 2u);  // address 2 was never up
    EXPECT_EQ(nodes[0].host, "10.0.0.3");
    EXPECT_TRUE(nodes[0].good);
    EXPECT_EQ(nodes[0].last_success_at, 10'600);
    EXPECT_NEAR(nodes[0].reliability[4], Column(3, "reliability_30d"), 1e-15);
    EXPECT_EQ(nodes[0].blocks, 850000);
    EXPECT_EQ(nodes[0].services, 1033u);
    EXPECT_EQ(nodes[0].version, 70016);
    EXPECT_EQ(nodes[0].user_agent, "/Satoshi:27.0.0/");
    EXPECT_EQ(nodes[1].host, "10.0.0.1");
    EXPECT_FALSE(nodes[1].good);
    EXPECT_EQ(nodes[1].last_success_at, 10'000);
    EXPECT_EQ(nodes[1].port, 8333);
    EXPECT_EQ(nodes[1].network, "ipv4");
}

TEST_F(ReliabilityTest, KnownNodesCarryTheirHistoryInSeconds)
{
    const int64_t first = Round(1);
    Connection(first, 1, "ok", true, true, 10'000, true);
    Connection(first, 2, "refused", false, false, 10'001);
    store::UpdateReliability(*m_database, first);

    const auto nodes = store::LoadKnownNodes(*m_database);
    ASSERT_EQ(nodes.size(), 4u);
    EXPECT_EQ(nodes[0].address_id, 1);
    EXPECT_EQ(nodes[0].history.attempts, 1);
    EXPECT_EQ(nodes[0].history.failures_in_a_row, 0);
    EXPECT_EQ(nodes[0].history.last_attempt_round, 1);
    EXPECT_EQ(nodes[0].history.first_attempt_at, 10'000);
    EXPECT_EQ(nodes[0].history.last_success_at, 10'000);
    EXPECT_EQ(nodes[0].last_getaddr_answer_at, 10'000);
    EXPECT_EQ(nodes[0].services, 1033u);  // of its version message
    EXPECT_EQ(nodes[1].history.attempts, 1);
    EXPECT_EQ(nodes[1].history.failures_in_a_row, 1);
    EXPECT_EQ(nodes[1].history.first_attempt_at, 10'001);
    EXPECT_FALSE(nodes[1].history.last_success_at);
    EXPECT_FALSE(nodes[1].last_getaddr_answer_at);
    EXPECT_FALSE(nodes[1].services);
    EXPECT_EQ(nodes[3].address_id, 4);
    EXPECT_EQ(nodes[3].history.attempts, 0);  // never folded in: a new address
}

TEST_F(ReliabilityTest, AVersionTwoFileGainsTheTables)
{
    m_database.reset();
    {
        SQLite::Database raw{DbPath().string(), SQLite::OPEN_READWRITE};
        raw.exec(
            "DROP VIEW good_nodes; DROP TABLE node_reliability; DROP TABLE monitor_rounds;"
            " DROP TABLE monitor_runs; ALTER TABLE crawls DROP COLUMN stop_reason; PRAGMA user_version = 2");
    }
    Database reopened{DbPath(), OpenMode::open_existing};
    EXPECT_EQ(reopened.Sql().execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
    EXPECT_EQ(store_test::Count(reopened.Sql(), "node_reliability"), 0);
    EXPECT_FALSE(store::FindMonitorRun(reopened));
}

}  // namespace
