// Why this file exists: the database file is a contract (docs/spec.md §3) that reports, exports and users'
// own SQL rely on, and the open rules decide whether a user's file can be damaged. These tests pin
// both: exact columns, exact refusals, files left untouched, rows written exactly as given.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <vector>

#include "store/database.h"
#include "store_fixture.h"

namespace store_test {
namespace {

using store::Database;
using store::OpenMode;
using store::Outcome;
using store::UsageError;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr int APPLICATION_ID = 0x62746363;

std::vector<std::string> Columns(SQLite::Database& db, const std::string& table)
{
    std::vector<std::string> names;
    SQLite::Statement query{db, "SELECT name FROM pragma_table_info(?) ORDER BY cid"};
    query.bind(1, table);
    while (query.executeStep())
        names.push_back(query.getColumn(0).getString());
    return names;
}

std::vector<std::string> Indexes(SQLite::Database& db, const std::string& table)
{
    std::vector<std::string> names;
    SQLite::Statement query{db, "SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name"};
    query.bind(1, table);
    while (query.executeStep())
        names.push_back(query.getColumn(0).getString());
    return names;
}

// Expects `open` to throw UsageError with `message`.
template <typename F>
void ExpectUsageError(F open, const std::string& message)
{
    try {
        open();
        FAIL() << "no UsageError, expected: " << message;
    } catch (const UsageError& e) {
        EXPECT_EQ(e.what(), message);
    }
}

TEST_F(StoreTest, SchemaHasEveryColumnOfTheSpec)
{
    Database database{DbPath(), OpenMode::create_new};
    auto& db = database.Sql();
    EXPECT_THAT(Columns(db, "crawls"),
                ElementsAre("id", "chain", "started_at", "finished_at", "status", "settings", "stop_reason"));
    EXPECT_THAT(Columns(db, "addresses"), ElementsAre("id", "network", "host", "port", "first_seen_at"));
    EXPECT_THAT(Columns(db, "crawl_addresses"), ElementsAre("crawl_id", "address_id", "learned_at"));
    EXPECT_THAT(Columns(db, "connections"),
                ElementsAre("id", "crawl_id", "address_id", "attempt", "started_at", "connected_at", "handshake_at",
                            "finished_at", "outcome", "error", "transport", "v2_session_id", "fallback_from"));
    EXPECT_THAT(Columns(db, "version_messages"),
                ElementsAre("connection_id", "received_at", "raw", "version", "services", "timestamp", "nonce",
                            "user_agent", "start_height", "relay"));
    EXPECT_THAT(Columns(db, "addr_messages"),
                ElementsAre("id", "connection_id", "received_at", "command", "raw", "entry_count"));
    EXPECT_THAT(Columns(db, "addr_entries"),
                ElementsAre("addr_message_id", "position", "address_id", "timestamp", "services"));
    EXPECT_THAT(Indexes(db, "connections"), ElementsAre("connections_by_crawl_address"));
    EXPECT_THAT(Indexes(db, "addr_messages"), ElementsAre("addr_messages_by_connection"));
}

TEST_F(StoreTest, NewFileIsVersionedAndInWalMode)
{
    Database database{DbPath(), OpenMode::create_new};
    auto& db = database.Sql();
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
    EXPECT_EQ(db.execAndGet("PRAGMA application_id").getInt(), APPLICATION_ID);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(db.execAndGet("PRAGMA synchronous").getInt(), 1);  // NORMAL
    // The header alone identifies the file, even before a checkpoint: offset 68, big-endian.
    std::string header = ReadFile(DbPath()).substr(68, 4);
    EXPECT_EQ(header, std::string("btcc"));
}

TEST_F(StoreTest, CheckConstraintsRejectWordsOutsideTheSpec)
{
    Database database{DbPath(), OpenMode::create_new};
    auto& db = database.Sql();
    EXPECT_THROW(
        db.exec("INSERT INTO crawls (chain, started_at, status, settings) VALUES ('regtest', 1, 'done', '{}')"),
        SQLite::Exception);
    EXPECT_THROW(
        db.exec("INSERT INTO crawls (chain, started_at, status, settings) VALUES ('regtest', 1, 'running', 'x')"),
        SQLite::Exception);
    EXPECT_THROW(db.exec("INSERT INTO addresses VALUES (1, 'tor', 'x', 1, 1)"), SQLite::Exception);
    EXPECT_THROW(
        db.exec("INSERT INTO connections VALUES (1, 1, 1, 1, 1, NULL, NULL, 2, 'timeout', NULL, 'v1', NULL, NULL)"),
        SQLite::Exception);
    EXPECT_THROW(db.exec("INSERT INTO connections VALUES (1, 1, 1, 1, 1, NULL, NULL, 2, 'ok', NULL, 'v3', NULL, NULL)"),
                 SQLite::Exception);
    db.exec("INSERT INTO connections VALUES (1, 1, 1, 1, 1, NULL, NULL, 2, 'cancelled', NULL, 'v2', NULL, NULL)");
    EXPECT_EQ(Count(db, "connections"), 1);
}

TEST_F(StoreTest, CreateNewRefusesAnExistingFile)
{
    {
        Database database{DbPath(), OpenMode::create_new};
    }
    ExpectUsageError([&] { Database{DbPath(), OpenMode::create_new}; }, DbPath().string() + ": already exists");
}

TEST_F(StoreTest, OpenExistingAndReadOnlyRefuseAMissingFile)
{
    for (auto mode : {OpenMode::open_existing, OpenMode::read_only}) {
        ExpectUsageError([&] { Database{DbPath(), mode}; }, DbPath().string() + ": no such file");
    }
    EXPECT_FALSE(std::filesystem::exists(DbPath()));
}

TEST_F(StoreTest, UnopenablePathIsAUsageError)
{
    auto path = Dir() / "missing" / "crawl.sqlite";
    ExpectUsageError(
        [&] {
            Database{path, OpenMode::create_or_open};
        },
        path.string() + ": cannot open: unable to open database file");
    ExpectUsageError(
        [&] {
            Database{Dir(), OpenMode::create_or_open};
        },
        Dir().string() + ": not a btccrawl database (not a file)");
}

TEST_F(StoreTest, NonSqliteFileIsRefusedAndLeftIdentical)
{
    const std::string content = "address,port\n1.2.3.4,8333\n" + std::string(200, 'x');
    WriteFile(DbPath(), content);
    for (auto mode : {OpenMode::create_or_open, OpenMode::open_existing, OpenMode::read_only}) {
        ExpectUsageError(
            [&] {
                Database{DbPath(), mode};
            },
            DbPath().string() + ": not a btccrawl database (not an SQLite file)");
    }
    EXPECT_EQ(ReadFile(DbPath()), content);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator{Dir()}, {}), 1);  // no -wal, -shm
}

TEST_F(StoreTest, ShortNonSqliteFileIsRefused)
{
    WriteFile(DbPath(), "hi");
    ExpectUsageError(
        [&] {
            Database{DbPath(), OpenMode::create_or_open};
        },
        DbPath().string() + ": not a btccrawl database (not an SQLite file)");
    EXPECT_EQ(ReadFile(DbPath()), "hi");
}

TEST_F(StoreTest, ForeignSqliteDatabaseIsRefusedAndLeftIdentical)
{
    {
        SQLite::Database foreign{DbPath(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
        foreign.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    }
    const std::string before = ReadFile(DbPath());
    for (auto mode : {OpenMode::create_or_open, OpenMode::open_existing, OpenMode::read_only}) {
        ExpectUsageError(
            [&] {
                Database{DbPath(), mode};
            },
            DbPath().string() + ": not a btccrawl database (an SQLite database of another application)");
    }
    EXPECT_EQ(ReadFile(DbPath()), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator{Dir()}, {}), 1);
}

TEST_F(StoreTest, ForeignSqliteDatabaseWithOnlyAUserVersionIsRefused)
{
    {
        SQLite::Database foreign{DbPath(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
        foreign.exec("PRAGMA user_version = 7");
    }
    const std::string before = ReadFile(DbPath());
    ExpectUsageError(
        [&] {
            Database{DbPath(), OpenMode::create_or_open};
        },
        DbPath().string() + ": not a btccrawl database (an SQLite database of another application)");
    EXPECT_EQ(ReadFile(DbPath()), before);
}

TEST_F(StoreTest, EmptyFileBecomesADatabaseOnlyWhenCreationIsAllowed)
{
    WriteFile(DbPath(), "");
    ExpectUsageError(
        [&] {
            Database{DbPath(), OpenMode::open_existing};
        },
        DbPath().string() + ": not a btccrawl database (empty file)");
    EXPECT_EQ(ReadFile(DbPath()), "");
    Database database{DbPath(), OpenMode::create_or_open};
    EXPECT_EQ(database.Sql().execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
}

TEST_F(StoreTest, CreateOrOpenReusesOurDatabase)
{
    {
        Database database{DbPath(), OpenMode::create_or_open};
        database.StartCrawl("regtest", "{}", 1);
    }
    Database database{DbPath(), OpenMode::create_or_open};
    EXPECT_EQ(Count(database.Sql(), "crawls"), 1);
}

TEST_F(StoreTest, MigratesAFileAtVersionZeroWithOurApplicationId)
{
    {
        SQLite::Database empty{DbPath(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
        empty.exec("PRAGMA application_id = " + std::to_string(APPLICATION_ID));
    }
    ExpectUsageError(
        [&] {
            Database{DbPath(), OpenMode::read_only};
        },
        DbPath().string() +
            fmt::format(": schema version 0 is older than {}; open it once with `crawl --db` to migrate it",
                        store::SCHEMA_VERSION));
    Database database{DbPath(), OpenMode::open_existing};
    EXPECT_EQ(database.Sql().execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
    EXPECT_TRUE(database.Sql().tableExists("addr_entries"));
}

// A version-1 file is today's file without the BIP324 columns (SQLite drops them back out): its
// connections were all v1, and it takes v2 rows after the migration.
TEST_F(StoreTest, MigratesAVersionOneFileToTransportColumns)
{
    {
        Database database{DbPath(), OpenMode::create_new};
        auto& db = database.Sql();
        for (const char* column : {"fallback_from", "v2_session_id", "transport"})
            db.exec(fmt::format("ALTER TABLE connections DROP COLUMN {}", column));
        db.exec(
            "DROP VIEW good_nodes; DROP TABLE node_reliability; DROP TABLE monitor_rounds; DROP TABLE monitor_runs");
        db.exec("ALTER TABLE crawls DROP COLUMN stop_reason");
        db.exec("PRAGMA user_version = 1");
        db.exec("INSERT INTO crawls VALUES (1, 'regtest', 1, 2, 'finished', '{}')");
        db.exec("INSERT INTO addresses VALUES (1, 'ipv4', '127.0.0.1', 18444, 1)");
        db.exec("INSERT INTO connections VALUES (1, 1, 1, 1, 1, 1, 1, 2, 'ok', NULL)");
    }
    Database database{DbPath(), OpenMode::open_existing};
    auto& db = database.Sql();
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
    EXPECT_EQ(db.execAndGet("SELECT transport FROM connections WHERE id = 1").getString(), "v1");
    EXPECT_TRUE(db.execAndGet("SELECT v2_session_id IS NULL AND fallback_from IS NULL FROM connections").getInt());
    db.exec(
        "INSERT INTO connections (id, crawl_id, address_id, attempt, started_at, finished_at, outcome, "
        "transport, fallback_from) VALUES (2, 1, 1, 1, 3, 4, 'ok', 'v2', 1)");
    EXPECT_THROW(db.exec("INSERT INTO connections (id, crawl_id, address_id, attempt, started_at, finished_at, "
                         "outcome, transport) VALUES (3, 1, 1, 1, 3, 4, 'ok', 'v3')"),
                 SQLite::Exception);
}

// A version-3 file is today's file without crawls.stop_reason: its crawls say NULL (not
// recorded), and later ones record theirs.
TEST_F(StoreTest, MigratesAVersionThreeFileToStopReasons)
{
    {
        Database database{DbPath(), OpenMode::create_new};
        auto& db = database.Sql();
        db.exec("ALTER TABLE crawls DROP COLUMN stop_reason");
        db.exec("PRAGMA user_version = 3");
        db.exec("INSERT INTO crawls VALUES (1, 'regtest', 1, 2, 'finished', '{}')");
    }
    Database database{DbPath(), OpenMode::open_existing};
    auto& db = database.Sql();
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), store::SCHEMA_VERSION);
    EXPECT_TRUE(db.execAndGet("SELECT stop_reason IS NULL FROM crawls WHERE id = 1").getInt());
    database.FinishCrawl(database.StartCrawl("regtest", "{}", 3), store::CrawlEnd::max_duration, 4);
    EXPECT_EQ(db.execAndGet("SELECT status || ' ' || stop_reason FROM crawls WHERE id = 2").getString(),
              "interrupted max_duration");
    EXPECT_THROW(db.exec("UPDATE crawls SET stop_reason = 'tired' WHERE id = 1"), SQLite::Exception);
}

TEST_F(StoreTest, RefusesANewerSchemaVersion)
{
    {
        Database database{DbPath(), OpenMode::create_new};
        database.Sql().exec(fmt::format("PRAGMA user_version = {}", store::SCHEMA_VERSION + 1));
    }
    const std::string before = ReadFile(DbPath());
    for (auto mode : {OpenMode::create_or_open, OpenMode::open_existing, OpenMode::read_only}) {
        ExpectUsageError(
            [&] {
                Database{DbPath(), mode};
            },
            DbPath().string() + fmt::format(": schema version {} is newer than this btccrawl supports ({})",
                                            store::SCHEMA_VERSION + 1, store::SCHEMA_VERSION));
    }
    EXPECT_EQ(ReadFile(DbPath()), before);
}

TEST_F(StoreTest, ReadOnlySeesCommittedRowsDuringAWriteTransaction)
{
    Database writer{DbPath(), OpenMode::create_new};
    int64_t crawl = writer.StartCrawl("regtest", "{}", 1);
    writer.WriteBatch(AddrBatch(crawl, 1, 5, 1, 1));
    writer.Sql().exec(
        "BEGIN IMMEDIATE; INSERT INTO crawls (chain, started_at, status, settings) "
        "VALUES ('regtest', 2, 'running', '{}')");

    Database reader{DbPath(), OpenMode::read_only};
    EXPECT_EQ(Count(reader.Sql(), "addresses"), 5);
    EXPECT_EQ(Count(reader.Sql(), "crawls"), 1);  // the open transaction is invisible
    EXPECT_THROW(reader.StartCrawl("regtest", "{}", 3), SQLite::Exception);
    writer.Sql().exec("COMMIT");
    EXPECT_EQ(Count(reader.Sql(), "crawls"), 2);
}

TEST_F(StoreTest, CrawlLifecycle)
{
    Database database{DbPath(), OpenMode::create_new};
    EXPECT_EQ(database.NewestUnfinishedCrawl(), std::nullopt);
    int64_t first = database.StartCrawl("regtest", R"({"concurrency":10})", 1000);
    int64_t second = database.StartCrawl("signet", "{}", 2000);
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 2);
    EXPECT_EQ(database.NewestUnfinishedCrawl(), 2);
    database.FinishCrawl(second, store::CrawlEnd::exhausted, 3000);
    EXPECT_EQ(database.NewestUnfinishedCrawl(), 1);
    database.FinishCrawl(first, store::CrawlEnd::signal, 4000);
    EXPECT_EQ(database.NewestUnfinishedCrawl(), 1);  // an interrupted crawl can be resumed
    EXPECT_EQ(database.CrawlChain(first), "regtest");
    EXPECT_EQ(database.CrawlChain(second), "signet");
    EXPECT_EQ(database.CrawlChain(99), std::nullopt);

    SQLite::Statement row{
        database.Sql(),
        "SELECT chain, started_at, finished_at, status, settings, stop_reason FROM crawls WHERE id = 1"};
    ASSERT_TRUE(row.executeStep());
    EXPECT_EQ(row.getColumn(0).getString(), "regtest");
    EXPECT_EQ(row.getColumn(1).getInt64(), 1000);
    EXPECT_EQ(row.getColumn(2).getInt64(), 4000);
    EXPECT_EQ(row.getColumn(3).getString(), "interrupted");
    EXPECT_EQ(row.getColumn(4).getString(), R"({"concurrency":10})");
    EXPECT_EQ(row.getColumn(5).getString(), "signal");
    EXPECT_EQ(database.Sql().execAndGet("SELECT status || ' ' || stop_reason FROM crawls WHERE id = 2").getString(),
              "finished exhausted");

    try {
        database.FinishCrawl(99, store::CrawlEnd::exhausted, 5000);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "FinishCrawl: no crawl 99");
    }
}

// The statements of tests/store/data/research_queries.sql (comment lines dropped).
std::vector<std::string> ResearchQueries()
{
    std::ifstream file{TEST_DATA_DIR "/research_queries.sql"};
    std::vector<std::string> queries{""};
    for (std::string line; std::getline(file, line);) {
        if (line.starts_with("--")) continue;
        queries.back() += line + "\n";
        if (line.ends_with(";")) queries.emplace_back();
    }
    queries.pop_back();
    return queries;
}

TEST_F(StoreTest, ResearchQueriesSearchIndexesOnceACrawlHasFinished)
{
    Database database{DbPath(), OpenMode::create_new};
    const auto queries = ResearchQueries();
    ASSERT_EQ(queries.size(), 3u);
    const auto scans = [&] {
        std::vector<std::string> found;
        for (const auto& query : queries) {
            SQLite::Statement plan{database.Sql(), "EXPLAIN QUERY PLAN " + query};
            while (plan.executeStep()) {
                const std::string step = plan.getColumn(3).getString();
                if (step.starts_with("SCAN")) found.push_back(step);
            }
        }
        return found;
    };
    EXPECT_THAT(scans(), ::testing::Not(::testing::IsEmpty()));  // without the indexes they scan
    database.FinishCrawl(database.StartCrawl("regtest", "{}", 1000), store::CrawlEnd::exhausted, 2000);
    EXPECT_THAT(scans(), ::testing::IsEmpty());
    EXPECT_THAT(Indexes(database.Sql(), "addr_entries"), ElementsAre("addr_entries_by_address"));
}

TEST_F(StoreTest, ResumeMarksAnInterruptedCrawlRunningAgain)
{
    Database database{DbPath(), OpenMode::create_new};
    const int64_t crawl = database.StartCrawl("regtest", "{}", 1000);
    database.FinishCrawl(crawl, store::CrawlEnd::signal, 2000);
    database.ResumeCrawl(crawl);
    SQLite::Statement row{database.Sql(), "SELECT status, finished_at, stop_reason FROM crawls WHERE id = 1"};
    ASSERT_TRUE(row.executeStep());
    EXPECT_EQ(row.getColumn(0).getString(), "running");
    EXPECT_TRUE(row.getColumn(1).isNull());
    EXPECT_TRUE(row.getColumn(2).isNull());
    database.FinishCrawl(crawl, store::CrawlEnd::exhausted, 3000);
    EXPECT_EQ(database.NewestUnfinishedCrawl(), std::nullopt);
    try {
        database.ResumeCrawl(99);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "ResumeCrawl: no crawl 99");
    }
}

class WriteBatchTest : public StoreTest {
protected:
    static constexpr uint64_t TOP_BIT_SERVICES = 0x8000000000000409;

    // Three addresses on three networks, two connections: one complete with a version and two addr
    // messages, one refused; and an unparsable version on a third.
    store::Batch Sample()
    {
        store::Batch batch;
        onion = wire::Endpoint{wire::NetAddress::FromTorV3(std::array<uint8_t, 32>{1, 2, 3}), 8333};
        batch.addresses = {{1, IPv4(127, 10, 0, 1), 100},
                           {2, wire::Endpoint{wire::ParseHost("2001:db8::1"), 8333}, 101},
                           {3, onion, 102}};
        batch.crawl_addresses = {{crawl, 1, 100}, {crawl, 2, 101}, {crawl, 3, 102}, {crawl, 1, 150}};

        store::ConnectionRecord ok{};
        ok.id = 1;
        ok.crawl_id = crawl;
        ok.address_id = 1;
        ok.attempt = 1;
        ok.started_at = 1000;
        ok.connected_at = 1010;
        ok.handshake_at = 1020;
        ok.finished_at = 2050;
        ok.outcome = Outcome::ok;
        wire::VersionMessage version;
        version.version = 70016;
        version.services = TOP_BIT_SERVICES;
        version.timestamp = 1700000000;
        version.nonce = 0xfedcba9876543210;
        version.user_agent = "/Satoshi:27.0.0/";
        version.start_height = 840000;
        version.relay = true;
        ok.version = store::VersionRow{1015, wire::Bytes{1, 2, 3, 4}, version};
        ok.addr_messages.push_back({1, 1030, "addrv2", wire::Bytes{9, 9}, 1, {{1, 1699999999, 0x409}}});
        ok.addr_messages.push_back({2,
                                    1040,
                                    "addr",
                                    wire::Bytes{7},
                                    4,
                                    {{2, 1699999998, TOP_BIT_SERVICES}, {3, 1699999997, 0}, {2, 1699999996, 1}}});

        store::ConnectionRecord refused{};
        refused.id = 2;
        refused.crawl_id = crawl;
        refused.address_id = 2;
        refused.attempt = 1;
        refused.started_at = 1100;
        refused.finished_at = 1101;
        refused.outcome = Outcome::refused;
        refused.error = "Connection refused";
        refused.transport = wire::TransportKind::v2;
        refused.v2_session_id = wire::SessionId{};
        refused.v2_session_id->fill(0xab);

        store::ConnectionRecord garbled = refused;
        garbled.id = 3;
        garbled.address_id = 3;
        garbled.outcome = Outcome::protocol_error;
        garbled.error = "version: 3 bytes left over";
        garbled.connected_at = 1100;
        garbled.version = store::VersionRow{1100, wire::Bytes{0xff, 0xfe}, std::nullopt};
        garbled.transport = wire::TransportKind::v1;
        garbled.v2_session_id.reset();

        batch.connections = {std::move(ok), std::move(refused), std::move(garbled)};
        return batch;
    }

    void SetUp() override
    {
        StoreTest::SetUp();
        database.emplace(DbPath(), OpenMode::create_new);
        crawl = database->StartCrawl("regtest", "{}", 1);
    }
    void TearDown() override
    {
        database.reset();
        StoreTest::TearDown();
    }

    std::optional<Database> database;
    int64_t crawl{0};
    wire::Endpoint onion;
};

TEST_F(WriteBatchTest, RowCountCountsEveryRow)
{
    // 3 addresses + 4 learned + 3 connections + 2 versions + 2 messages + 4 entries
    EXPECT_EQ(Sample().RowCount(), 18u);
}

TEST_F(WriteBatchTest, WritesExactlyTheRows)
{
    database->WriteBatch(Sample());
    auto& db = database->Sql();
    EXPECT_EQ(Count(db, "addresses"), 3);
    EXPECT_EQ(Count(db, "crawl_addresses"), 3);  // the second learning of address 1 is ignored
    EXPECT_EQ(Count(db, "connections"), 3);
    EXPECT_EQ(Count(db, "version_messages"), 2);
    EXPECT_EQ(Count(db, "addr_messages"), 2);
    EXPECT_EQ(Count(db, "addr_entries"), 4);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt(), 0);

    std::vector<std::string> addresses;
    SQLite::Statement address_rows{db, "SELECT id, network, host, port, first_seen_at FROM addresses ORDER BY id"};
    while (address_rows.executeStep()) {
        addresses.push_back(fmt::format("{} {} {} {} {}", address_rows.getColumn(0).getInt64(),
                                        address_rows.getColumn(1).getString(), address_rows.getColumn(2).getString(),
                                        address_rows.getColumn(3).getInt(), address_rows.getColumn(4).getInt64()));
    }
    EXPECT_THAT(addresses, ElementsAre("1 ipv4 127.10.0.1 18444 100", "2 ipv6 2001:db8::1 8333 101",
                                       "3 onion " + onion.address.ToString() + " 8333 102"));
    EXPECT_EQ(db.execAndGet("SELECT learned_at FROM crawl_addresses WHERE address_id = 1").getInt64(), 100);

    SQLite::Statement connection{db,
                                 "SELECT crawl_id, address_id, attempt, started_at, connected_at, handshake_at, "
                                 "finished_at, outcome, error FROM connections WHERE id = 1"};
    ASSERT_TRUE(connection.executeStep());
    EXPECT_EQ(connection.getColumn(0).getInt64(), crawl);
    EXPECT_EQ(connection.getColumn(1).getInt64(), 1);
    EXPECT_EQ(connection.getColumn(2).getInt(), 1);
    EXPECT_EQ(connection.getColumn(3).getInt64(), 1000);
    EXPECT_EQ(connection.getColumn(4).getInt64(), 1010);
    EXPECT_EQ(connection.getColumn(5).getInt64(), 1020);
    EXPECT_EQ(connection.getColumn(6).getInt64(), 2050);
    EXPECT_EQ(connection.getColumn(7).getString(), "ok");
    EXPECT_TRUE(connection.isColumnNull(8));

    SQLite::Statement refused{db, "SELECT connected_at, handshake_at, outcome, error FROM connections WHERE id = 2"};
    ASSERT_TRUE(refused.executeStep());
    EXPECT_TRUE(refused.isColumnNull(0));
    EXPECT_TRUE(refused.isColumnNull(1));
    EXPECT_EQ(refused.getColumn(2).getString(), "refused");
    EXPECT_EQ(refused.getColumn(3).getString(), "Connection refused");

    SQLite::Statement transports{db,
                                 "SELECT id, transport, hex(v2_session_id), fallback_from FROM connections "
                                 "ORDER BY id"};
    std::vector<std::string> transport_rows;
    while (transports.executeStep()) {
        transport_rows.push_back(fmt::format("{} {} {} {}", transports.getColumn(0).getInt64(),
                                             transports.getColumn(1).getString(), transports.getColumn(2).getString(),
                                             transports.getColumn(3).getString()));
    }
    std::string session_id_hex;
    for (int i = 0; i < 32; ++i)
        session_id_hex += "AB";
    EXPECT_THAT(transport_rows, ElementsAre("1 v1  ", "2 v2 " + session_id_hex + " ", "3 v1  "));

    SQLite::Statement version{db,
                              "SELECT received_at, raw, version, services, timestamp, nonce, user_agent, "
                              "start_height, relay FROM version_messages WHERE connection_id = 1"};
    ASSERT_TRUE(version.executeStep());
    EXPECT_EQ(version.getColumn(0).getInt64(), 1015);
    EXPECT_EQ(version.getColumn(1).getString(), std::string("\x01\x02\x03\x04"));
    EXPECT_EQ(version.getColumn(2).getInt(), 70016);
    EXPECT_EQ(static_cast<uint64_t>(version.getColumn(3).getInt64()), TOP_BIT_SERVICES);
    EXPECT_EQ(version.getColumn(4).getInt64(), 1700000000);
    EXPECT_EQ(static_cast<uint64_t>(version.getColumn(5).getInt64()), 0xfedcba9876543210);
    EXPECT_EQ(version.getColumn(6).getString(), "/Satoshi:27.0.0/");
    EXPECT_EQ(version.getColumn(7).getInt(), 840000);
    EXPECT_EQ(version.getColumn(8).getInt(), 1);

    SQLite::Statement garbled{db,
                              "SELECT raw, version IS NULL AND services IS NULL AND timestamp IS NULL AND nonce "
                              "IS NULL AND user_agent IS NULL AND start_height IS NULL AND relay IS NULL "
                              "FROM version_messages WHERE connection_id = 3"};
    ASSERT_TRUE(garbled.executeStep());
    EXPECT_EQ(garbled.getColumn(0).getString(), std::string("\xff\xfe"));
    EXPECT_EQ(garbled.getColumn(1).getInt(), 1);

    std::vector<std::string> messages;
    SQLite::Statement message_rows{db,
                                   "SELECT id, connection_id, received_at, command, hex(raw), entry_count "
                                   "FROM addr_messages ORDER BY id"};
    while (message_rows.executeStep()) {
        messages.push_back(fmt::format("{} {} {} {} {} {}", message_rows.getColumn(0).getInt64(),
                                       message_rows.getColumn(1).getInt64(), message_rows.getColumn(2).getInt64(),
                                       message_rows.getColumn(3).getString(), message_rows.getColumn(4).getString(),
                                       message_rows.getColumn(5).getInt()));
    }
    EXPECT_THAT(messages, ElementsAre("1 1 1030 addrv2 0909 1", "2 1 1040 addr 07 4"));

    std::vector<std::string> entries;
    SQLite::Statement entry_rows{db,
                                 "SELECT addr_message_id, position, address_id, timestamp, services "
                                 "FROM addr_entries ORDER BY addr_message_id, position"};
    while (entry_rows.executeStep()) {
        entries.push_back(fmt::format("{} {} {} {} {:x}", entry_rows.getColumn(0).getInt64(),
                                      entry_rows.getColumn(1).getInt(), entry_rows.getColumn(2).getInt64(),
                                      entry_rows.getColumn(3).getInt64(),
                                      static_cast<uint64_t>(entry_rows.getColumn(4).getInt64())));
    }
    EXPECT_THAT(entries, ElementsAre("1 0 1 1699999999 409", "2 0 2 1699999998 8000000000000409", "2 1 3 1699999997 0",
                                     "2 2 2 1699999996 1"));
    // services stays testable bit by bit in SQL, the top bit included
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM addr_entries WHERE services & 1").getInt(), 3);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM addr_entries WHERE services < 0").getInt(), 1);
}

// Entries go 100 to an INSERT and the rest one by one: 250 exercise both, in order.
TEST_F(WriteBatchTest, AMessageOfMoreEntriesThanOneInsertTakesIsStoredInOrder)
{
    auto batch = Sample();
    auto& entries = batch.connections[0].addr_messages[1].entries;
    entries.clear();
    for (int i = 0; i < 250; ++i)
        entries.push_back({1 + i % 3, uint32_t(1'700'000'000 - i), uint64_t(i) << 3});
    database->WriteBatch(batch);
    auto& db = database->Sql();
    SQLite::Statement rows{db,
                           "SELECT position, address_id, timestamp, services FROM addr_entries "
                           "WHERE addr_message_id = 2 ORDER BY position"};
    int expected = 0;
    while (rows.executeStep()) {
        EXPECT_EQ(rows.getColumn(0).getInt(), expected);
        EXPECT_EQ(rows.getColumn(1).getInt64(), 1 + expected % 3);
        EXPECT_EQ(rows.getColumn(2).getInt64(), 1'700'000'000 - expected);
        EXPECT_EQ(rows.getColumn(3).getInt64(), int64_t{expected} << 3);
        ++expected;
    }
    EXPECT_EQ(expected, 250);
}

TEST_F(WriteBatchTest, RelayAbsentIsNull)
{
    auto batch = Sample();
    batch.connections[0].version->parsed->relay.reset();
    database->WriteBatch(batch);
    EXPECT_EQ(database->Sql().execAndGet("SELECT relay IS NULL FROM version_messages WHERE connection_id = 1").getInt(),
              1);
}

TEST_F(WriteBatchTest, EmptyPayloadStaysAnEmptyBlob)
{
    auto batch = Sample();
    batch.connections[0].addr_messages[0].raw.clear();
    database->WriteBatch(batch);
    EXPECT_EQ(database->Sql().execAndGet("SELECT length(raw) FROM addr_messages WHERE id = 1").getInt(), 0);
}

TEST_F(WriteBatchTest, AFailedBatchLeavesNothingAndTheNextOneIsWritten)
{
    auto batch = Sample();
    batch.connections[0].addr_messages[1].id = 1;  // duplicate message id: fails after many inserts
    try {
        database->WriteBatch(batch);
        FAIL();
    } catch (const SQLite::Exception& e) {
        EXPECT_STREQ(e.what(), "UNIQUE constraint failed: addr_messages.id");
    }
    auto& db = database->Sql();
    EXPECT_EQ(Count(db, "addresses"), 0);
    EXPECT_EQ(Count(db, "connections"), 0);
    database->WriteBatch(Sample());
    EXPECT_EQ(Count(db, "addr_entries"), 4);
}

TEST_F(WriteBatchTest, LoadAddressesRoundTripsEveryNetwork)
{
    auto batch = Sample();
    database->WriteBatch(batch);
    auto loaded = database->LoadAddresses();
    ASSERT_EQ(loaded.size(), 3u);
    for (size_t i = 0; i < loaded.size(); ++i) {
        EXPECT_EQ(loaded[i].id, batch.addresses[i].id);
        EXPECT_EQ(loaded[i].endpoint, batch.addresses[i].endpoint);
    }
}

// A 'cjdns' row is IPv6 text: it must load as the CJDNS address the wire decoder gave (also one
// outside fc00::/8 or with IPv4-mapped bytes), or the frontier would not know it as the same
// endpoint when a peer advertises it again.
TEST_F(WriteBatchTest, LoadAddressesKeepsCjdnsAndIPv6InFc00Apart)
{
    const auto bytes = [](uint8_t first, uint8_t eleventh) {
        return std::array<uint8_t, 16>{first, 0, 0, 0, 0, 0, 0, 0, 0, 0, eleventh, eleventh, 1, 2, 3, 4};
    };
    store::Batch batch;
    batch.addresses = {
        {1, {wire::NetAddress::FromBip155(wire::BIP155_CJDNS, bytes(0xfc, 7)), 8333}, 100},
        {2, {wire::NetAddress::FromBip155(wire::BIP155_IPV6, bytes(0xfc, 7)), 8333}, 100},
        {3, {wire::NetAddress::FromBip155(wire::BIP155_CJDNS, bytes(0xfd, 7)), 8333}, 100},
        {4, {wire::NetAddress::FromBip155(wire::BIP155_CJDNS, bytes(0, 0xff)), 8333}, 100},
    };
    database->WriteBatch(batch);
    const auto loaded = database->LoadAddresses();
    ASSERT_EQ(loaded.size(), batch.addresses.size());
    for (size_t i = 0; i < loaded.size(); ++i)
        EXPECT_EQ(loaded[i].endpoint, batch.addresses[i].endpoint) << batch.addresses[i].endpoint.ToString();
    EXPECT_EQ(loaded[0].endpoint.address.GetNetwork(), wire::Network::cjdns);
    EXPECT_EQ(loaded[1].endpoint.address.GetNetwork(), wire::Network::ipv6);
}

TEST_F(WriteBatchTest, NextIdsFollowTheHighestIds)
{
    auto ids = database->LoadNextIds();
    EXPECT_EQ(ids.connection, 1);
    EXPECT_EQ(ids.addr_message, 1);
    database->WriteBatch(Sample());
    database->WriteBatch(AddrBatch(crawl, 10, 2, 7, 5));
    ids = database->LoadNextIds();
    EXPECT_EQ(ids.connection, 8);
    EXPECT_EQ(ids.addr_message, 6);
}

// What --resume needs: what the crawl learned, and per address how often it was tried and how the
// newest try ended; connections of other crawls do not count.
TEST_F(WriteBatchTest, CrawlStateSummarisesAttemptsOfThatCrawlOnly)
{
    database->WriteBatch(Sample());
    int64_t other = database->StartCrawl("regtest", "{}", 5000);

    auto retry = [](int64_t id, int64_t crawl_id, int64_t address_id, int attempt, Outcome outcome) {
        store::ConnectionRecord record{};
        record.id = id;
        record.crawl_id = crawl_id;
        record.address_id = address_id;
        record.attempt = attempt;
        record.started_at = 3000 + id;
        record.finished_at = 3001 + id;
        record.outcome = outcome;
        return record;
    };
    store::Batch more;
    more.crawl_addresses = {{other, 1, 5000}};
    more.connections = {retry(4, crawl, 2, 2, Outcome::connect_timeout), retry(5, crawl, 2, 3, Outcome::ok),
                        retry(6, other, 1, 1, Outcome::refused), retry(7, other, 1, 2, Outcome::peer_closed),
                        retry(8, other, 1, 2, Outcome::refused)};
    // Attempt 2 was a v2 connection a v1-only peer closed, then its v1 reconnection: one attempt.
    more.connections[3].transport = wire::TransportKind::v2;
    more.connections[4].fallback_from = 7;
    database->WriteBatch(more);
    EXPECT_EQ(database->Sql().execAndGet("SELECT fallback_from FROM connections WHERE id = 8").getInt64(), 7);

    auto state = database->LoadCrawlState(crawl);
    EXPECT_EQ(state.crawl_id, crawl);
    EXPECT_THAT(state.learned, UnorderedElementsAre(1, 2, 3));
    std::map<int64_t, std::pair<int, Outcome>> attempts;
    for (const auto& summary : state.attempts)
        attempts[summary.address_id] = {summary.attempts, summary.last_outcome};
    EXPECT_EQ(attempts, (std::map<int64_t, std::pair<int, Outcome>>{
                            {1, {1, Outcome::ok}}, {2, {3, Outcome::ok}}, {3, {1, Outcome::protocol_error}}}));

    auto other_state = database->LoadCrawlState(other);
    EXPECT_THAT(other_state.learned, ElementsAre(1));
    ASSERT_EQ(other_state.attempts.size(), 1u);
    EXPECT_EQ(other_state.attempts[0].address_id, 1);
    EXPECT_EQ(other_state.attempts[0].attempts, 2);
    EXPECT_EQ(other_state.attempts[0].last_outcome, Outcome::refused);
}

TEST_F(WriteBatchTest, MovedDatabaseKeepsWorking)
{
    Database moved = std::move(*database);
    moved.WriteBatch(Sample());
    Database target{Dir() / "other.sqlite", OpenMode::create_new};
    target = std::move(moved);
    target.WriteBatch(AddrBatch(crawl, 10, 2, 7, 5));
    EXPECT_EQ(Count(target.Sql(), "addresses"), 5);
    EXPECT_EQ(target.Path(), DbPath());
}

}  // namespace
}  // namespace store_test
