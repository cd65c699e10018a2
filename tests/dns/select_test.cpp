// Which nodes an answer carries: network, services, at most two per netgroup, at most N, random.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <set>

#include "dns/select.h"

namespace {

store::SeedCandidate Node(const char* host, uint64_t services)
{
    return {{wire::ParseHost(host), 8333}, services};
}

std::vector<store::SeedCandidate> SpreadNodes(int groups, int per_group, uint64_t services)
{
    std::vector<store::SeedCandidate> nodes;
    for (int group = 0; group < groups; ++group) {
        for (int host = 1; host <= per_group; ++host) {
            nodes.push_back(Node(fmt::format("10.{}.0.{}", group, host).c_str(), services));
        }
    }
    return nodes;
}

TEST(Netgroup, IsTheSlash16OfIPv4AndTheSlash32OfIPv6)
{
    using dns::NetgroupOf;
    EXPECT_EQ(NetgroupOf(wire::ParseHost("1.2.3.4")), NetgroupOf(wire::ParseHost("1.2.200.9")));
    EXPECT_FALSE(NetgroupOf(wire::ParseHost("1.2.3.4")) == NetgroupOf(wire::ParseHost("1.3.3.4")));
    EXPECT_EQ(NetgroupOf(wire::ParseHost("2001:db8:1::1")), NetgroupOf(wire::ParseHost("2001:db8:ffff::2")));
    EXPECT_FALSE(NetgroupOf(wire::ParseHost("2001:db8::1")) == NetgroupOf(wire::ParseHost("2001:db9::1")));
    // 1.2.0.0 and 102::/16 share their first bytes, not their network.
    EXPECT_FALSE(NetgroupOf(wire::ParseHost("1.2.0.0")) == NetgroupOf(wire::ParseHost("102::")));
}

TEST(SampleAddresses, TakesOnlyTheAskedNetwork)
{
    std::vector<store::SeedCandidate> nodes{Node("1.2.3.4", 9), Node("2001:db8::1", 9), Node("5.6.7.8", 9)};
    std::mt19937_64 random{1};
    auto v4 = dns::SampleAddresses(nodes, wire::Network::ipv4, 0, 25, random);
    EXPECT_EQ(std::set<wire::NetAddress>(v4.begin(), v4.end()),
              (std::set{wire::ParseHost("1.2.3.4"), wire::ParseHost("5.6.7.8")}));
    auto v6 = dns::SampleAddresses(nodes, wire::Network::ipv6, 0, 25, random);
    EXPECT_EQ(v6, std::vector{wire::ParseHost("2001:db8::1")});
}

TEST(SampleAddresses, TakesOnlyNodesWithEveryAskedServiceBit)
{
    std::vector<store::SeedCandidate> nodes{Node("1.0.0.1", 1), Node("2.0.0.1", 9), Node("3.0.0.1", 0x809),
                                            Node("4.0.0.1", 8), Node("5.0.0.1", 0x409)};
    std::mt19937_64 random{1};
    auto chosen = dns::SampleAddresses(nodes, wire::Network::ipv4, 9, 25, random);
    EXPECT_EQ(std::set<wire::NetAddress>(chosen.begin(), chosen.end()),
              (std::set{wire::ParseHost("2.0.0.1"), wire::ParseHost("3.0.0.1"), wire::ParseHost("5.0.0.1")}));
    EXPECT_TRUE(dns::SampleAddresses(nodes, wire::Network::ipv4, 0x40, 25, random).empty());
}

TEST(SampleAddresses, KeepsAtMostTwoPerNetgroup)
{
    const auto nodes = SpreadNodes(3, 10, 9);
    std::mt19937_64 random{7};
    for (int round = 0; round < 50; ++round) {
        auto chosen = dns::SampleAddresses(nodes, wire::Network::ipv4, 9, 25, random);
        EXPECT_EQ(chosen.size(), 6u);
        std::map<uint8_t, int> per_group;
        for (const auto& address : chosen)
            ++per_group[address.Raw()[1]];
        for (const auto& [group, count] : per_group)
            EXPECT_EQ(count, 2) << int(group);
    }
}

TEST(SampleAddresses, StopsAtTheAskedNumberWithoutRepeating)
{
    const auto nodes = SpreadNodes(100, 3, 9);
    std::mt19937_64 random{3};
    auto chosen = dns::SampleAddresses(nodes, wire::Network::ipv4, 0, 25, random);
    EXPECT_EQ(chosen.size(), 25u);
    EXPECT_EQ(std::set<wire::NetAddress>(chosen.begin(), chosen.end()).size(), 25u);
}

TEST(SampleAddresses, IsAFreshSampleEachTime)
{
    const auto nodes = SpreadNodes(100, 1, 9);
    std::mt19937_64 random{5};
    std::map<wire::NetAddress, int> seen;
    for (int round = 0; round < 400; ++round) {
        for (const auto& address : dns::SampleAddresses(nodes, wire::Network::ipv4, 0, 10, random))
            ++seen[address];
    }
    // 4000 picks among 100 nodes: every node shows up, none far more often than its share of 40.
    EXPECT_EQ(seen.size(), 100u);
    for (const auto& [address, count] : seen) {
        EXPECT_GT(count, 10) << address.ToString();
        EXPECT_LT(count, 90) << address.ToString();
    }
}

}  // namespace
