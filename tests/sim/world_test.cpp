// Why this file exists: the simulated network's rules (addresses, books, fault kinds, limits) are
// what the end-to-end tests compare a crawl against; a silent change here would make them lie.
#include "sim/world.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace sim {
namespace {

constexpr uint32_t IP(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    return a << 24 | b << 16 | c << 8 | d;
}

Config Small()
{
    Config config;
    config.nodes = 100;
    config.book = 30;
    config.dead = 150;
    config.exotic = 40;
    config.faults = 0.2;
    config.seed = 42;
    return config;
}

void ExpectUsageError(const Config& config, const std::string& message)
{
    try {
        World world{config};
        FAIL() << "no error, expected: " << message;
    } catch (const UsageError& error) {
        EXPECT_EQ(error.what(), message);
    }
}

TEST(NthAddress, SkipsDotZeroAndDot255)
{
    EXPECT_EQ(NthAddress(IP(127, 10, 0, 1), 0), IP(127, 10, 0, 1));
    EXPECT_EQ(NthAddress(IP(127, 10, 0, 1), 253), IP(127, 10, 0, 254));
    EXPECT_EQ(NthAddress(IP(127, 10, 0, 1), 254), IP(127, 10, 1, 1));
    EXPECT_EQ(NthAddress(IP(127, 10, 0, 200), 100), IP(127, 10, 1, 46));
}

TEST(AddressOffset, InvertsNthAddress)
{
    for (uint32_t n : {0u, 1u, 253u, 254u, 99'999u}) {
        EXPECT_EQ(AddressOffset(IP(127, 10, 0, 7), NthAddress(IP(127, 10, 0, 7), n)), n);
    }
    EXPECT_EQ(AddressOffset(IP(127, 10, 0, 1), IP(127, 10, 1, 0)), std::nullopt);
    EXPECT_EQ(AddressOffset(IP(127, 10, 0, 1), IP(127, 10, 0, 255)), std::nullopt);
    EXPECT_EQ(AddressOffset(IP(127, 10, 0, 2), IP(127, 10, 0, 1)), std::nullopt);
}

TEST(World, CountsFaultNodesAndCyclesTheirKinds)
{
    const World world{Small()};
    EXPECT_EQ(world.GoodNodes(), 100u);
    EXPECT_EQ(world.FaultNodes(), 20u);
    EXPECT_EQ(world.AddressCount(), 100u + 20 + 150 + 40);
    EXPECT_EQ(world.KindOf(99), NodeKind::good);
    EXPECT_EQ(world.KindOf(100), NodeKind::silent);
    EXPECT_EQ(world.KindOf(108), NodeKind::flood);
    EXPECT_EQ(world.KindOf(109), NodeKind::silent);
    EXPECT_EQ(world.FaultOrdinal(109), 1u);
    EXPECT_EQ(KindName(world.KindOf(104)), "badchecksum");
}

TEST(World, MapsNodeAddressesBothWays)
{
    const World world{Small()};
    EXPECT_EQ(world.NodeIPv4(0), IP(127, 10, 0, 1));
    EXPECT_EQ(world.NodeIPv4(119), IP(127, 10, 0, 120));
    EXPECT_EQ(world.NodeOfIPv4(IP(127, 10, 0, 120)), 119u);
    EXPECT_EQ(world.NodeOfIPv4(IP(127, 10, 0, 121)), std::nullopt);
    EXPECT_EQ(world.NodeOfIPv4(IP(127, 9, 255, 254)), std::nullopt);
    EXPECT_EQ(world.EndpointOf(5).ToString(), "127.10.0.6:18444");
}

TEST(World, PlacesDeadAndExoticAddresses)
{
    const World world{Small()};
    EXPECT_EQ(world.EndpointOf(world.FirstDead()).ToString(), "127.200.0.1:18445");
    EXPECT_EQ(world.EndpointOf(world.FirstDead() + 149).ToString(), "127.200.0.150:18445");
    const std::array<wire::Network, 4> cycle = {wire::Network::onion, wire::Network::i2p, wire::Network::cjdns,
                                                wire::Network::ipv6};
    for (uint32_t e = 0; e < 8; ++e) {
        const auto endpoint = world.EndpointOf(world.FirstExotic() + e);
        EXPECT_EQ(endpoint.address.GetNetwork(), cycle[e % 4]);
        EXPECT_EQ(endpoint.port, cycle[e % 4] == wire::Network::i2p ? 0 : 18444);
        EXPECT_TRUE(endpoint.address.IsValid()) << endpoint.ToString();
        EXPECT_FALSE(endpoint.address.IsLoopback());
    }
    EXPECT_EQ(world.EndpointOf(world.FirstExotic() + 2).address.Raw()[0], 0xfc);
}

TEST(World, EntryTimeDependsOnTheOwner)
{
    const World world{Small()};
    EXPECT_LE(world.TimeOf(7), TIME_BASE);
    EXPECT_GT(world.TimeOf(7), TIME_BASE - 7 * 86400);
    const auto entry = world.EntryOf(7, 3605);
    EXPECT_EQ(entry.time, world.TimeOf(7) - 5);
    EXPECT_EQ(entry.services, world.VersionOf(7).services);
    EXPECT_EQ(world.ServicesOf(7), world.VersionOf(7).services);
}

TEST(World, VersionFieldsAreDeterministicPerNode)
{
    const World world{Small()};
    const auto a = world.VersionOf(3);
    const auto b = World{Small()}.VersionOf(3);
    EXPECT_EQ(a.nonce, b.nonce);
    EXPECT_EQ(a.user_agent, b.user_agent);
    EXPECT_EQ(a.version, 70016);
    EXPECT_NE(a.nonce, world.VersionOf(4).nonce);
    EXPECT_TRUE(a.user_agent.starts_with("/Satoshi:"));
    EXPECT_GE(a.start_height, 840'000);
}

TEST(World, BooksAreDeterministicDistinctAndNeverSelf)
{
    const World world{Small()};
    auto other = Small();
    other.seed = 43;
    EXPECT_EQ(world.Book(17), World{Small()}.Book(17));
    EXPECT_NE(world.Book(17), World{other}.Book(17));
    for (uint32_t node = 0; node < world.TotalNodes(); ++node) {
        const auto book = world.Book(node);
        ASSERT_EQ(book.size(), 30u);
        EXPECT_EQ(std::set(book.begin(), book.end()).size(), 30u);
        EXPECT_EQ(std::count(book.begin(), book.end(), node), 0);
        EXPECT_TRUE(std::all_of(book.begin(), book.end(), [&](uint32_t a) { return a < world.AddressCount(); }));
    }
}

TEST(World, GoodBooksChainTheNodesAndAdvertiseEveryOtherAddress)
{
    const World world{Small()};
    std::set<uint32_t> advertised;
    for (uint32_t node = 0; node < world.GoodNodes(); ++node) {
        const auto book = world.Book(node);
        if (node + 1 < world.GoodNodes()) {
            EXPECT_EQ(std::count(book.begin(), book.end(), node + 1), 1) << node;
        }
        advertised.insert(book.begin(), book.end());
    }
    for (uint32_t address = 1; address < world.AddressCount(); ++address)
        EXPECT_TRUE(advertised.count(address)) << address;
}

TEST(World, BookIsCappedByTheAddressesThatExist)
{
    Config config;
    config.nodes = 3;
    config.book = 1000;
    const World world{config};
    EXPECT_EQ(world.BookSize(), 2u);
    EXPECT_EQ(world.AnswerSize(), 2u);
    auto book = world.Book(2);
    std::sort(book.begin(), book.end());
    EXPECT_EQ(book, std::vector<uint32_t>({0, 1}));
    config.nodes = 2000;
    config.book = 1500;
    EXPECT_EQ(World{config}.AnswerSize(), 1000u);
}

TEST(World, ExoticMixSetsHowManyOfEachNetwork)
{
    auto config = Small();
    config.exotic = 2 * 7 + 3;  // two cycles of 4 onion, 1 I2P, 0 CJDNS, 2 IPv6, then 3 onion
    config.exotic_mix = {4, 1, 0, 2};
    config.ipv6 = 3;
    const World world{config};
    EXPECT_EQ(world.ExoticCount(ExoticNetwork::onion), 11u);
    EXPECT_EQ(world.ExoticCount(ExoticNetwork::i2p), 2u);
    EXPECT_EQ(world.ExoticCount(ExoticNetwork::cjdns), 0u);
    EXPECT_EQ(world.ExoticCount(ExoticNetwork::ipv6), 4u);
    std::array<std::set<uint32_t>, 4> ranks;
    for (uint32_t e = 0; e < config.exotic; ++e) {
        const auto network = world.NetworkOfExotic(e);
        EXPECT_TRUE(ranks[size_t(network)].insert(world.RankOfExotic(e)).second);
        const auto expected = network == ExoticNetwork::onion ? wire::Network::onion
                              : network == ExoticNetwork::i2p ? wire::Network::i2p
                                                              : wire::Network::ipv6;
        EXPECT_EQ(world.EndpointOf(world.FirstExotic() + e).address.GetNetwork(), expected);
    }
    EXPECT_EQ(world.NetworkOfExotic(5), ExoticNetwork::ipv6);
    EXPECT_EQ(world.RankOfExotic(12), 2u);  // the second cycle's first IPv6
    EXPECT_EQ(world.EndpointOf(world.FirstExotic() + 12).ToString(), "[::1]:18448");
    EXPECT_EQ(world.RankOfExotic(13), 3u);
    EXPECT_FALSE(world.EndpointOf(world.FirstExotic() + 13).address.IsLoopback());  // rank 3, not under --ipv6
    EXPECT_EQ(*ranks[3].rbegin(), 3u);
    EXPECT_TRUE(world.AliasOf(world.FirstExotic() + 5).has_value());    // IPv6 rank 0 < --ipv6
    EXPECT_FALSE(world.AliasOf(world.FirstExotic() + 13).has_value());  // IPv6 rank 3
}

TEST(World, AReachableExoticAddressAdvertisesItsAliasNodesServices)
{
    auto config = Small();
    config.exotic = 40;
    config.ipv6 = 2;
    config.v2 = 0.5;  // some aliases speak v1 only: their other addresses must not advertise v2
    const World world{config};
    size_t v1_aliases = 0;
    for (uint32_t address = world.FirstExotic(); address < world.AddressCount(); ++address) {
        const auto alias = world.AliasOf(address);
        if (!alias) continue;
        EXPECT_EQ(world.ServicesOf(address), world.VersionOf(*alias).services) << address;
        v1_aliases += world.TransportOf(*alias) == NodeTransport::v1;
    }
    EXPECT_GT(v1_aliases, 0u);
}

TEST(World, DefaultExoticMixCyclesTheFourNetworks)
{
    const World world{Small()};
    for (uint32_t e = 0; e < 12; ++e) {
        EXPECT_EQ(world.NetworkOfExotic(e), ExoticNetwork(e % 4));
        EXPECT_EQ(world.RankOfExotic(e), e / 4);
    }
    EXPECT_EQ(world.ExoticCount(ExoticNetwork::ipv6), 10u);
}

TEST(World, DeadAddressesSplitIntoSilentUnreachableAndRefusedRuns)
{
    auto config = Small();
    config.dead = 100;
    config.dead_silent = 0.7;
    config.dead_unreachable = 0.05;
    const World world{config};
    EXPECT_EQ(world.DeadCount(DeadKind::silent), 70u);
    EXPECT_EQ(world.DeadCount(DeadKind::unreachable), 5u);
    EXPECT_EQ(world.DeadCount(DeadKind::refused), 25u);
    EXPECT_EQ(world.DeadKindOf(0), DeadKind::silent);
    EXPECT_EQ(world.DeadKindOf(69), DeadKind::silent);
    EXPECT_EQ(world.DeadKindOf(70), DeadKind::unreachable);
    EXPECT_EQ(world.DeadKindOf(74), DeadKind::unreachable);
    EXPECT_EQ(world.DeadKindOf(75), DeadKind::refused);
    EXPECT_EQ(world.DeadKindOf(99), DeadKind::refused);
    EXPECT_EQ(World{Small()}.DeadKindOf(0), DeadKind::refused);
}

TEST(World, LatencyAndCircuitDelayAreDeterministicAndInRange)
{
    auto config = Small();
    config.latency = {20, 300};
    config.socks5_delay = {1000, 5000};
    const World world{config};
    std::set<int64_t> latencies;
    for (uint32_t node = 0; node < 100; ++node) {
        const auto latency = world.LatencyOf(node).count();
        EXPECT_GE(latency, 20);
        EXPECT_LE(latency, 300);
        latencies.insert(latency);
        const auto circuit = world.CircuitDelayOf(node * 7919ULL).count();
        EXPECT_GE(circuit, 1000);
        EXPECT_LE(circuit, 5000);
    }
    EXPECT_GT(latencies.size(), 50u);  // each node its own
    EXPECT_EQ(world.LatencyOf(5), World{config}.LatencyOf(5));
    EXPECT_EQ(world.CircuitDelayOf(5), World{config}.CircuitDelayOf(5));
    EXPECT_EQ(World{Small()}.LatencyOf(5).count(), 0);
}

TEST(World, CoreTimesKeepTheLivingFreshAndAgeTheDead)
{
    auto config = Small();
    config.core_times = true;
    const World world{config};
    for (uint32_t node = 0; node < world.TotalNodes(); ++node) {
        EXPECT_LE(world.TimeOf(node), TIME_BASE);
        EXPECT_GT(world.TimeOf(node), TIME_BASE - 86400);
    }
    for (uint32_t address = world.FirstDead(); address < world.FirstExotic(); ++address) {
        EXPECT_LE(world.TimeOf(address), TIME_BASE - 86400);
        EXPECT_GT(world.TimeOf(address), TIME_BASE - 29 * 86400);
    }
    EXPECT_GT(world.TimeOf(world.FirstExotic()), TIME_BASE - 86400);      // onion: an alias, alive
    EXPECT_LE(world.TimeOf(world.FirstExotic() + 2), TIME_BASE - 86400);  // CJDNS: never reached
}

TEST(ParseRange, ReadsMinDashMaxOrOneNumber)
{
    EXPECT_EQ(ParseRange("20-300")->min, 20u);
    EXPECT_EQ(ParseRange("20-300")->max, 300u);
    EXPECT_EQ(ParseRange("7")->min, 7u);
    EXPECT_EQ(ParseRange("7")->max, 7u);
    for (const char* bad : {"", "-", "300-20", "a-3", "1-", "-5", "1-2-3", "9999999999"})
        EXPECT_FALSE(ParseRange(bad)) << bad;
}

TEST(World, RejectsNetworksThatCannotBeBuilt)
{
    auto config = Small();
    config.book = 4;
    ExpectUsageError(
        config, "--book 4 is too small: node 0 must advertise 5 addresses (next node, fault, dead and exotic shares)");
    config = Small();
    config.base = IP(10, 0, 0, 1);
    ExpectUsageError(config, "--base must be in 127.0.0.0/8");
    config.base = IP(127, 10, 0, 0);
    ExpectUsageError(config, "--base must not end in .0 or .255");
    config = Small();
    config.base = IP(127, 199, 255, 200);
    ExpectUsageError(config, "--base/--nodes: the nodes overlap the dead range 127.200.0.0/16");
    config = Small();
    config.base = IP(127, 255, 255, 200);
    ExpectUsageError(config, "--nodes: the nodes do not fit in 127.0.0.0/8 from --base");
    config = Small();
    config.faults = 1.5;
    ExpectUsageError(config, "--faults must be a share between 0 and 1");
    config = Small();
    config.dead = DEAD_MAX + 1;
    ExpectUsageError(config, "--dead must be at most 65024 (127.200.0.0/16)");
    config = Small();
    config.nodes = 0;
    ExpectUsageError(config, "--nodes must be at least 1");
    config = Small();
    config.dead_silent = 0.7;
    config.dead_unreachable = 0.5;
    ExpectUsageError(config, "--dead-silent and --dead-unreachable must be shares adding up to at most 1");
    config = Small();
    config.exotic_mix = {0, 0, 0, 0};
    ExpectUsageError(config, "--exotic-mix must name at least one address");
    config = Small();
    config.exotic_mix = {1, 1, 1, 0};
    config.ipv6 = 1;
    ExpectUsageError(config, "--ipv6 must be at most the exotic IPv6 addresses (--exotic and --exotic-mix)");
}

}  // namespace
}  // namespace sim
