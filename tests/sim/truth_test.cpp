// Why this file exists: the truth file is the contract between btcsim and the end-to-end tests;
// this pins its shape and checks that it says exactly what the World serves.
#include "sim/truth.h"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sim {
namespace {

TEST(WriteTruth, DescribesEveryNodeBookAndAddress)
{
    Config config;
    config.nodes = 20;
    config.book = 12;
    config.dead = 6;
    config.exotic = 4;
    config.faults = 0.5;
    config.dead_silent = 0.5;
    config.dead_unreachable = 0.2;
    const World world{config};
    const std::string path = ::testing::TempDir() + "/btcsim_truth_test.json";
    WriteTruth(world, *wire::FindChain("regtest"), path);
    std::ifstream file{path};
    const auto truth = nlohmann::json::parse(file);
    std::remove(path.c_str());

    EXPECT_EQ(truth["format"], "btcsim-truth-1");
    EXPECT_EQ(truth["magic"], "fabfb5da");
    EXPECT_EQ(truth["dead_port"], 18445);
    EXPECT_EQ(truth["answer_size"], 12);
    EXPECT_EQ(truth["counts"], nlohmann::json::parse(R"({"good":20,"fault":10,"dead":6,"exotic":4,"addresses":40})"));
    EXPECT_EQ(truth["expected_outcomes"]["noaddr"], "no_addr");
    ASSERT_EQ(truth["addresses"].size(), 40u);
    for (uint32_t a = 0; a < 40; ++a) {
        const auto endpoint = world.EndpointOf(a);
        const auto& entry = truth["addresses"][a];
        EXPECT_EQ(entry["host"], endpoint.address.ToString());
        EXPECT_EQ(entry["port"], endpoint.port);
        EXPECT_EQ(entry["network"], wire::NetworkName(endpoint.address.GetNetwork()));
        EXPECT_EQ(entry["services"], world.ServicesOf(a));
        EXPECT_EQ(entry["time"], world.TimeOf(a));
    }
    ASSERT_EQ(truth["nodes"].size(), 30u);
    for (uint32_t node = 0; node < 30; ++node) {
        const auto& entry = truth["nodes"][node];
        const auto fields = world.VersionOf(node);
        EXPECT_EQ(entry["index"], node);
        EXPECT_EQ(entry["kind"], KindName(world.KindOf(node)));
        EXPECT_EQ(entry["nonce"].get<uint64_t>(), fields.nonce);
        EXPECT_EQ(entry["user_agent"], fields.user_agent);
        EXPECT_EQ(entry["relay"], fields.relay);
        EXPECT_EQ(entry["book"].get<std::vector<uint32_t>>(), world.Book(node));
    }
    EXPECT_EQ(truth["dead"], nlohmann::json::parse("[30,31,32,33,34,35]"));
    EXPECT_EQ(truth["exotic"], nlohmann::json::parse("[36,37,38,39]"));
    EXPECT_EQ(truth["dead_ranges"], nlohmann::json::parse(R"({
        "silent":{"first":"127.200.0.1","last":"127.200.0.3","count":3},
        "unreachable":{"first":"127.200.0.4","last":"127.200.0.4","count":1},
        "refused":{"first":"127.200.0.5","last":"127.200.0.6","count":2}})"));
}

nlohmann::json TruthOf(const World& world, const std::optional<ChurnClock>& churn)
{
    const std::string path = ::testing::TempDir() + "/btcsim_truth_churn_test.json";
    WriteTruth(world, *wire::FindChain("regtest"), path, churn);
    std::ifstream file{path};
    auto truth = nlohmann::json::parse(file);
    std::remove(path.c_str());
    return truth;
}

TEST(WriteTruth, UnderChurnGivesTheClockAndEveryNodesSchedule)
{
    Config config;
    config.nodes = 40;
    config.faults = 0.25;
    config.seed = 3;
    const World world{config};
    const ChurnClock clock{250.0};
    const auto truth = TruthOf(world, clock);
    EXPECT_EQ(truth["churn"]["time_scale"], 250.0);
    EXPECT_EQ(truth["churn"]["started_at_ms"], clock.StartedAtMs());
    ASSERT_EQ(truth["nodes"].size(), 50u);
    for (uint32_t node = 0; node < 50; ++node) {
        const auto schedule = ChurnOf(config.seed, node);
        EXPECT_EQ(truth["nodes"][node]["churn"], nlohmann::json({{"kind", ChurnKindName(schedule.kind)},
                                                                 {"period_s", schedule.period_seconds},
                                                                 {"at_s", schedule.at_seconds}}))
            << node;
    }
}

TEST(WriteTruth, WithoutChurnHasNoChurnField)
{
    Config config;
    config.nodes = 5;
    const auto truth = TruthOf(World{config}, std::nullopt);
    EXPECT_FALSE(truth.contains("churn"));
    EXPECT_FALSE(truth["nodes"][0].contains("churn"));
}

TEST(WriteTruth, NamesTheFileItCannotWrite)
{
    Config config;
    config.nodes = 2;
    try {
        WriteTruth(World{config}, *wire::FindChain("regtest"), "/nonexistent-dir/t.json");
        FAIL() << "no error";
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "cannot write truth file /nonexistent-dir/t.json: No such file or directory");
    }
}

}  // namespace
}  // namespace sim
