// Why this file exists: every row of every export format on the known database (fixture.h).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/export.h"
#include "report/run.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

// Rows in network order, IPv4 numerically (.2 before .10); connect = connected - started,
// handshake = handshake - connected; the onion node's version did not decode.
TEST(Export, CsvHeaderAndEveryRow)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string expected =
        "address,port,network,version,user_agent,services,height,connect_ms,handshake_ms,addresses_advertised\n"
        "127.0.0.1,18444,ipv4,70016,/Satoshi:27.0.0/,1033,800000,10,20,4\n"
        "127.0.0.2,18444,ipv4,70015,/Satoshi:0.21.0/,9,800010,5,15,2\n"
        "127.0.0.10,18444,ipv4,70016,\"/bad\\xFF\\x01agent,\"\"q\"\"/\",1033,799990,3,47,0\n"
        "::1,18444,ipv6,70016,/Satoshi:27.0.0/,1033,800005,1,3,5\n" +
        std::string(ONION) + ",18444,onion,,,,,100,200,0\n";
    EXPECT_EQ(ExportOutput({.db = db, .format = "csv"}), expected);
}

TEST(Export, JsonEveryRow)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    auto expected = nlohmann::ordered_json::parse(R"([
        {"address": "127.0.0.1", "port": 18444, "network": "ipv4", "version": 70016,
         "user_agent": "/Satoshi:27.0.0/", "services": 1033, "height": 800000, "connect_ms": 10,
         "handshake_ms": 20, "addresses_advertised": 4},
        {"address": "127.0.0.2", "port": 18444, "network": "ipv4", "version": 70015,
         "user_agent": "/Satoshi:0.21.0/", "services": 9, "height": 800010, "connect_ms": 5,
         "handshake_ms": 15, "addresses_advertised": 2},
        {"address": "127.0.0.10", "port": 18444, "network": "ipv4", "version": 70016,
         "user_agent": "/bad\\xFF\\x01agent,\"q\"/", "services": 1033, "height": 799990, "connect_ms": 3,
         "handshake_ms": 47, "addresses_advertised": 0},
        {"address": "::1", "port": 18444, "network": "ipv6", "version": 70016,
         "user_agent": "/Satoshi:27.0.0/", "services": 1033, "height": 800005, "connect_ms": 1,
         "handshake_ms": 3, "addresses_advertised": 5},
        {"address": "ONION", "port": 18444, "network": "onion", "version": null,
         "user_agent": null, "services": null, "height": null, "connect_ms": 100,
         "handshake_ms": 200, "addresses_advertised": 0}
    ])");
    expected[4]["address"] = ONION;
    const std::string text = ExportOutput({.db = db, .format = "json"});
    EXPECT_EQ(text, expected.dump(2) + "\n");
}

// The bitnodes.io snapshot: timestamp in seconds (the crawl's end), the highest height, and
// per node [version, agent, connected since (s), services, height] + 8 unknown fields.
TEST(Export, BitnodesSnapshot)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string tail = ",null,null,null,null,null,null,null,null]";
    const std::string expected = R"({"timestamp":1700000060,"total_nodes":5,"latest_height":800010,"nodes":{)"
                                 R"("127.0.0.1:18444":[70016,"/Satoshi:27.0.0/",1700000001,1033,800000)" +
                                 tail +
                                 ","
                                 R"("127.0.0.2:18444":[70015,"/Satoshi:0.21.0/",1700000007,9,800010)" +
                                 tail +
                                 ","
                                 R"("127.0.0.10:18444":[70016,"/bad\\xFF\\x01agent,\"q\"/",1700000002,1033,799990)" +
                                 tail +
                                 ","
                                 R"("[::1]:18444":[70016,"/Satoshi:27.0.0/",1700000003,1033,800005)" +
                                 tail + ",\"" + ONION + R"(:18444":[null,null,1700000005,null,null)" + tail + "}}\n";
    EXPECT_EQ(ExportOutput({.db = db, .format = "bitnodes"}), expected);
}

// A crawl without finished_at is dated by its newest handshake, so re-exports agree.
TEST(Export, BitnodesTimestampOfARunningCrawl)
{
    TempFolder folder;
    const auto path = folder.Path() / "running.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        const int64_t address = builder.Address(V4(127, 0, 0, 1, 18444));
        builder.Connection(crawl, address, 1, 0, 1000, 4321, 5000, store::Outcome::ok,
                           Builder::Version{70016, 1, "/x/", 5});
    }
    const std::string expected = R"({"timestamp":1700000004,"total_nodes":1,"latest_height":5,"nodes":{)"
                                 R"("127.0.0.1:18444":[70016,"/x/",1700000001,1,5,)"
                                 R"(null,null,null,null,null,null,null,null]}})"
                                 "\n";
    EXPECT_EQ(ExportOutput({.db = path, .format = "bitnodes"}), expected);
}

TEST(Export, EmptyCrawlWritesHeaderOnlyAndNullHeight)
{
    TempFolder folder;
    const auto path = folder.Path() / "empty.sqlite";
    {
        Builder builder(path);
        builder.Db().StartCrawl("regtest", "{}", BASE);
    }
    EXPECT_EQ(ExportOutput({.db = path, .format = "csv"}),
              "address,port,network,version,user_agent,services,height,connect_ms,handshake_ms,addresses_advertised\n");
    EXPECT_EQ(ExportOutput({.db = path, .format = "json"}), "[]\n");
    EXPECT_EQ(ExportOutput({.db = path, .format = "bitnodes"}),
              R"({"timestamp":1700000000,"total_nodes":0,"latest_height":null,"nodes":{}})"
              "\n");
}

TEST(Export, CrawlOptionAndOutputFile)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const auto output = folder.Path() / "nodes.csv";
    EXPECT_EQ(ExportOutput({.db = db, .crawl = 1, .format = "csv", .output = output}), "");
    std::ifstream file(output);
    const std::string written((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written,
              "address,port,network,version,user_agent,services,height,connect_ms,handshake_ms,addresses_advertised\n"
              "10.0.0.1,8333,ipv4,70016,/Satoshi:25.0.0/,1,798000,10,20,0\n"
              "127.0.0.1,18444,ipv4,70016,/Satoshi:26.0.0/,1033,799000,10,20,0\n"
              "127.0.0.2,18444,ipv4,70015,/Satoshi:0.21.0/,9,800010,10,20,0\n");
}

TEST(Export, UnwritableOutputIsAUsageError)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const auto output = folder.Path() / "missing-folder" / "nodes.csv";
    std::ostringstream err;
    const int code = ExitCode(
        "export", [&] { ExportOutput({.db = db, .format = "csv", .output = output}); }, err);
    EXPECT_EQ(code, 1);
    EXPECT_EQ(err.str(), "btccrawl export: cannot write " + output.string() + ": No such file or directory\n");
}

// The known database has no monitor round: the dump is its header alone.
TEST(Export, SeedsOfAFileWithoutRoundsIsTheHeader)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string text = ExportOutput({.db = db, .format = "seeds"});
    EXPECT_EQ(text.rfind("# address", 0), 0u);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(Export, FormatTable)
{
    EXPECT_EQ(ExportFormatNames(), (std::vector<std::string>{"csv", "json", "bitnodes", "seeds"}));
    EXPECT_EQ(FindExportFormat(SEEDS_FORMAT), nullptr);
    EXPECT_EQ(FindExportFormat("xml"), nullptr);
    ASSERT_NE(FindExportFormat("bitnodes"), nullptr);
    EXPECT_EQ(FindExportFormat("bitnodes")->write, &WriteBitnodes);
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    std::ostringstream err;
    EXPECT_EQ(ExitCode(
                  "export", [&] { ExportOutput({.db = db, .format = "xml"}); }, err),
              1);
    EXPECT_EQ(err.str(), "btccrawl export: unknown export format 'xml'\n");
}

}  // namespace
}  // namespace report::test
