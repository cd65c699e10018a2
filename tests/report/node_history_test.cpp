// Why this file exists: `report --node` on the known database (fixture.h), its two crawls folded
// into node_reliability as a monitor's writer does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/run.h"
#include "store/reliability.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

std::filesystem::path FoldedDatabase(const std::filesystem::path& folder)
{
    const auto path = BuildKnownDatabase(folder);
    store::Database db{path, store::OpenMode::open_existing};
    store::UpdateReliability(db, 1);
    store::UpdateReliability(db, 2);
    return path;
}

TEST(NodeHistory, JsonHasTheRecordAndOneAttemptPerCrawl)
{
    TempFolder folder;
    const auto db = FoldedDatabase(folder.Path());
    const auto json = nlohmann::json::parse(ReportOutput({.db = db, .json = true, .node = "127.0.0.2"}));
    EXPECT_EQ(json["address"], "127.0.0.2");
    EXPECT_EQ(json["port"], 18444);  // regtest's default port
    EXPECT_EQ(json["network"], "ipv4");
    EXPECT_EQ(json["last_presence"], "up");
    EXPECT_EQ(json["attempts"], 2);
    EXPECT_EQ(json["successes"], 2);
    EXPECT_GT(json["uptime_percent"]["2h"].get<double>(), 0);
    ASSERT_EQ(json["history"].size(), 2u);
    EXPECT_EQ(json["history"][0]["crawl"], 1);
    EXPECT_EQ(json["history"][1]["crawl"], 2);
    EXPECT_EQ(json["history"][1]["outcome"], "ok");      // the retry, not the timeout before it
    EXPECT_TRUE(json["history"][1]["round"].is_null());  // not a monitor round
    EXPECT_EQ(json["history"][1]["version"], 70015);
    EXPECT_EQ(json["history"][1]["user_agent"], "/Satoshi:0.21.0/");
}

TEST(NodeHistory, TextNamesTheNodeItsUptimeAndAttempts)
{
    TempFolder folder;
    const auto db = FoldedDatabase(folder.Path());
    const std::string text = ReportOutput({.db = db, .node = "127.0.0.2:18444"});
    EXPECT_EQ(text.rfind("node 127.0.0.2:18444 (ipv4), first seen ", 0), 0u) << text;
    EXPECT_NE(text.find("monitor: up (good), up 2 of 2 rounds, last success "), std::string::npos) << text;
    EXPECT_NE(text.find("uptime  2h "), std::string::npos) << text;
    EXPECT_NE(text.find("30d "), std::string::npos) << text;
    EXPECT_NE(text.find("\nattempts\n  crawl  round  started"), std::string::npos) << text;
    EXPECT_NE(text.find("/Satoshi:0.21.0/"), std::string::npos) << text;
}

TEST(NodeHistory, ANodeNoRoundReached)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string text = ReportOutput({.db = db, .node = "127.0.0.1"});
    EXPECT_NE(text.find("monitor: no round reached it\n"), std::string::npos) << text;
}

TEST(NodeHistory, UnknownOrMalformedNodeIsAUsageError)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    std::ostringstream err;
    EXPECT_EQ(ExitCode(
                  "report", [&] { ReportOutput({.db = db, .node = "10.9.9.9"}); }, err),
              1);
    EXPECT_EQ(err.str(), "btccrawl report: node 10.9.9.9 not found in " + db.string() + "\n");
    std::ostringstream bad;
    EXPECT_EQ(ExitCode(
                  "report", [&] { ReportOutput({.db = db, .node = "not an address"}); }, bad),
              1);
    EXPECT_EQ(bad.str().rfind("btccrawl report: --node not an address: ", 0), 0u) << bad.str();
}

}  // namespace
}  // namespace report::test
