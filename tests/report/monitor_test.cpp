// Why this file exists: `report --monitor` on three hand-made rounds: who was up, full or down in
// each, and the churn and uptime spread that follow.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/run.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

TEST(MonitorReport, JsonRoundsChurnAndUptimes)
{
    TempFolder folder;
    const auto db = BuildMonitorDatabase(folder.Path());
    const auto json = nlohmann::ordered_json::parse(ReportOutput({.db = db, .json = true, .monitor = true}));
    const auto& rounds = json["rounds"];
    ASSERT_EQ(rounds.size(), 3u);
    EXPECT_EQ(rounds[0]["round"], 1);
    EXPECT_EQ(rounds[0]["up"], 3);  // full counts up
    EXPECT_EQ(rounds[0]["full"], 1);
    EXPECT_EQ(rounds[0]["joined"], 3);
    EXPECT_EQ(rounds[1]["up"], 2);
    EXPECT_EQ(rounds[1]["down"], 1);
    EXPECT_EQ(rounds[1]["left"], 1);
    EXPECT_EQ(rounds[2]["up"], 3);
    EXPECT_EQ(rounds[2]["joined"], 1);
    EXPECT_EQ(rounds[2]["came_back"], 1);
    EXPECT_EQ(rounds[2]["left"], 1);
    EXPECT_EQ(rounds[2]["up_by_network"]["ipv4"], 2);
    EXPECT_EQ(rounds[2]["up_by_network"]["ipv6"], 1);
    // Transports, agents and versions count the handshaken nodes (full ones have none).
    EXPECT_EQ(rounds[0]["handshaken"], 2);
    EXPECT_EQ(rounds[0]["v2"], 0);
    EXPECT_EQ(rounds[0]["v1"], 2);
    EXPECT_EQ(rounds[0]["user_agents"].dump(), R"({"/Satoshi:27.0.0/":2})");
    EXPECT_EQ(rounds[0]["protocol_versions"].dump(), R"({"70016":2})");
    EXPECT_EQ(rounds[1]["handshaken"], 1);
    EXPECT_EQ(rounds[2]["handshaken"], 3);
    EXPECT_EQ(rounds[2]["v2"], 1);
    EXPECT_EQ(rounds[2]["v1"], 2);
    EXPECT_EQ(rounds[2]["user_agents"].dump(), R"({"/Satoshi:27.0.0/":2,"/Satoshi:26.0.0/":1})");
    EXPECT_EQ(rounds[2]["protocol_versions"].dump(), R"({"70016":2,"70015":1})");
    int nodes = 0;
    for (const auto& count : json["uptime_1d_deciles"])
        nodes += count.get<int>();
    EXPECT_EQ(nodes, 4);
    EXPECT_EQ(json["uptime_1d_deciles"][0], 4);  // 30 minutes of history: every 1-day figure is low
}

TEST(MonitorReport, TextHasOneLinePerRound)
{
    TempFolder folder;
    const auto db = BuildMonitorDatabase(folder.Path());
    const std::string text = ReportOutput({.db = db, .monitor = true});
    EXPECT_EQ(text.rfind("monitor run: 3 rounds\n", 0), 0u) << text;
    EXPECT_NE(text.find("ipv4 2, ipv6 1"), std::string::npos) << text;
    EXPECT_NE(text.find("  round  handshaken      v2      v1  protocol versions\n"
                        "      1           2       0       2  70016 2\n"
                        "      2           1       0       1  70016 1\n"
                        "      3           3       1       2  70016 2, 70015 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("user agents by round (top 5)\n"
                        "      1  /Satoshi:27.0.0/ 2\n"
                        "      2  /Satoshi:27.0.0/ 1\n"
                        "      3  /Satoshi:27.0.0/ 2, /Satoshi:26.0.0/ 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("nodes by 1-day uptime"), std::string::npos) << text;
}

TEST(MonitorReport, AFileWithoutAMonitorRunIsAUsageError)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    std::ostringstream err;
    EXPECT_EQ(ExitCode(
                  "report", [&] { ReportOutput({.db = db, .monitor = true}); }, err),
              1);
    EXPECT_EQ(err.str(), "btccrawl report: " + db.string() + " holds no monitor run\n");
}

}  // namespace
}  // namespace report::test
