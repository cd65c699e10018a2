// Why this file exists: `report --monitor` on three hand-made rounds: who was up, full or down in
// each, and the churn and uptime spread that follow.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/run.h"
#include "store/reliability.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

using store::Outcome;

// Round 1: a and b up, c full. Round 2: a up, b down, c full. Round 3: a and b up (b came back),
// d (IPv6) joins, c down.
std::filesystem::path ThreeRounds(const std::filesystem::path& folder)
{
    const auto path = folder / "monitor.sqlite";
    Builder builder(path);
    const int64_t a = builder.Address(V4(127, 0, 0, 1, 18444));
    const int64_t b = builder.Address(V4(127, 0, 0, 2, 18444));
    const int64_t c = builder.Address(V4(127, 0, 0, 3, 18444));
    std::array<uint8_t, 16> loopback{};
    loopback[15] = 1;
    const int64_t d = builder.Address({wire::NetAddress::FromIPv6(loopback), 18444});
    const Builder::Version version{70016, WITNESS_NODE, "/Satoshi:27.0.0/", 800000};
    const int64_t run = store::StartMonitorRun(builder.Db(), "{}", BASE);
    const auto up = [&](int64_t crawl, int64_t address, int64_t base) {
        builder.Connection(crawl, address, 1, 0, 10, 20, 100, Outcome::ok, version, {}, false, base);
    };
    const auto full = [&](int64_t crawl, int64_t address, int64_t base) {
        builder.Connection(crawl, address, 1, 0, 10, std::nullopt, 20, Outcome::peer_closed, std::nullopt, {}, false,
                           base);
    };
    const auto down = [&](int64_t crawl, int64_t address, int64_t base) {
        builder.Connection(crawl, address, 1, 0, std::nullopt, std::nullopt, 20, Outcome::refused, std::nullopt, {},
                           false, base);
    };
    for (int64_t round = 1; round <= 3; ++round) {
        const int64_t base = BASE + (round - 1) * 600'000;
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", base);
        store::AddMonitorRound(builder.Db(), run, crawl, round);
        up(crawl, a, base);
        if (round == 2) {
            down(crawl, b, base);
        } else {
            up(crawl, b, base);
        }
        if (round == 3) {
            down(crawl, c, base);
            up(crawl, d, base);
        } else {
            full(crawl, c, base);
        }
        store::UpdateReliability(builder.Db(), crawl);
    }
    return path;
}

TEST(MonitorReport, JsonRoundsChurnAndUptimes)
{
    TempFolder folder;
    const auto db = ThreeRounds(folder.Path());
    const auto json = nlohmann::json::parse(ReportOutput({.db = db, .json = true, .monitor = true}));
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
    int nodes = 0;
    for (const auto& count : json["uptime_1d_deciles"])
        nodes += count.get<int>();
    EXPECT_EQ(nodes, 4);
    EXPECT_EQ(json["uptime_1d_deciles"][0], 4);  // 30 minutes of history: every 1-day figure is low
}

TEST(MonitorReport, TextHasOneLinePerRound)
{
    TempFolder folder;
    const auto db = ThreeRounds(folder.Path());
    const std::string text = ReportOutput({.db = db, .monitor = true});
    EXPECT_EQ(text.rfind("monitor run: 3 rounds\n", 0), 0u) << text;
    EXPECT_NE(text.find("ipv4 2, ipv6 1"), std::string::npos) << text;
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
