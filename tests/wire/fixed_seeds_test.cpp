// Why this file exists: Bitcoin Core's fixed seeds are embedded as text; every entry must parse
// into the network it is written for, with the chain's port (0 for I2P), and none twice.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "wire/chain.h"
#include "wire/fixed_seeds.h"

namespace {

std::map<wire::Network, size_t> CountByNetwork(const std::vector<wire::Endpoint>& seeds)
{
    std::map<wire::Network, size_t> counts;
    for (const auto& seed : seeds)
        ++counts[seed.address.GetNetwork()];
    return counts;
}

TEST(FixedSeeds, MainnetHasEveryNetwork)
{
    const auto seeds = wire::FixedSeeds("mainnet");
    ASSERT_EQ(seeds.size(), 56u);
    const std::map<wire::Network, size_t> expected{{wire::Network::ipv4, 12},
                                                   {wire::Network::ipv6, 12},
                                                   {wire::Network::onion, 12},
                                                   {wire::Network::i2p, 12},
                                                   {wire::Network::cjdns, 8}};
    EXPECT_EQ(CountByNetwork(seeds), expected);
    EXPECT_EQ(seeds.front().ToString(), "[fc1f:22c3:95dc:a3af:4a93:8251:beb9:1858]:8333");
    EXPECT_EQ(seeds.back().ToString(), "yqrnkmnwp23adyswjvnvw7uyss7vtbfcickq6ug7i35dafmgfjd3bnyd.onion:8333");
}

TEST(FixedSeeds, PortsAreTheChainsAndZeroForI2p)
{
    for (const auto& chain : wire::AllChains()) {
        const auto seeds = wire::FixedSeeds(chain.name);
        EXPECT_EQ(std::set<wire::Endpoint>(seeds.begin(), seeds.end()).size(), seeds.size()) << chain.name;
        for (const auto& seed : seeds) {
            const uint16_t expected = seed.address.GetNetwork() == wire::Network::i2p ? 0 : chain.default_port;
            EXPECT_EQ(seed.port, expected) << seed.ToString();
            EXPECT_TRUE(seed.address.IsValid()) << seed.ToString();
        }
    }
}

TEST(FixedSeeds, ChainsWithoutThem)
{
    EXPECT_TRUE(wire::FixedSeeds("regtest").empty());
    EXPECT_TRUE(wire::FixedSeeds("testnet3").empty());
    EXPECT_TRUE(wire::FixedSeeds("nonsense").empty());
    EXPECT_EQ(wire::FixedSeeds("testnet4").size(), 25u);
    EXPECT_EQ(wire::FixedSeeds("signet").size(), 25u);
}

}  // namespace
