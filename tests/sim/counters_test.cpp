// Why this file exists: the counters file is what an end-to-end monitor test reads to prove what the
// crawler did to each node; this pins its shape and its atomic replacement.
#include "sim/counters.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sim {
namespace {

TEST(CountersJson, EveryNodeByHostAndPortInIndexOrder)
{
    Config config;
    config.nodes = 3;
    config.faults = 0.34;  // one fault node
    const World world{config};
    std::vector<NodeCounters> counters(world.TotalNodes());
    counters[1] = {5, 4, 1};
    counters[3] = {2, 0, 0};
    const std::string text = CountersJson(world, counters, 1'700'000'000'123);
    EXPECT_EQ(text,
              "{\"format\":\"btcsim-counters-1\",\"written_at_ms\":1700000000123,\"nodes\":{\n"
              "\"127.10.0.1:18444\":{\"connections\":0,\"versions\":0,\"getaddrs\":0},\n"
              "\"127.10.0.2:18444\":{\"connections\":5,\"versions\":4,\"getaddrs\":1},\n"
              "\"127.10.0.3:18444\":{\"connections\":0,\"versions\":0,\"getaddrs\":0},\n"
              "\"127.10.0.4:18444\":{\"connections\":2,\"versions\":0,\"getaddrs\":0}}}\n");
    EXPECT_EQ(nlohmann::json::parse(text)["nodes"].size(), 4u);
}

std::string Read(const std::string& path)
{
    std::ifstream file{path};
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(WriteFileAtomically, ReplacesTheFileAndLeavesNoTemporary)
{
    const std::string path = ::testing::TempDir() + "/btcsim_counters_test.json";
    WriteFileAtomically(path, "first");
    WriteFileAtomically(path, "second");
    EXPECT_EQ(Read(path), "second");
    EXPECT_FALSE(std::ifstream{path + ".tmp"}.good());
    std::remove(path.c_str());
}

TEST(WriteFileAtomically, NamesTheFileItCannotWrite)
{
    try {
        WriteFileAtomically("/nonexistent-dir/c.json", "x");
        FAIL() << "no error";
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "cannot write /nonexistent-dir/c.json: No such file or directory");
    }
}

}  // namespace
}  // namespace sim
