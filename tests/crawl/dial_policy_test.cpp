// Why this file exists: which networks a crawl dials given --scope, --proxy, --i2p-sam and
// --cjdns (docs/networks.md), and that a regtest scope keeps Bitcoin Core's fixed seeds undialed.
#include <gtest/gtest.h>

#include "crawl/frontier.h"
#include "wire/fixed_seeds.h"

namespace {

using crawl::DialPolicy;
using crawl::Reach;

const auto ONION = wire::ParseHost("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
const auto I2P = wire::ParseHost("ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p");

wire::NetAddress Cjdns()
{
    std::array<uint8_t, wire::ADDR_CJDNS_SIZE> bytes{0xfc, 0x1f, 0x22, 0xc3};
    bytes[15] = 1;
    return wire::NetAddress::FromCjdns(bytes);
}

std::vector<wire::Cidr> RegtestScope()
{
    return {wire::Cidr::Parse("127.0.0.0/8"), wire::Cidr::Parse("::1/128")};
}

TEST(DialPolicy, WithoutProxiesOnlyIpIsDialed)
{
    const DialPolicy policy{{}};
    EXPECT_TRUE(policy.IsDialable(wire::ParseHost("8.8.8.8")));
    EXPECT_FALSE(policy.IsDialable(ONION));
    EXPECT_FALSE(policy.IsDialable(I2P));
    EXPECT_FALSE(policy.IsDialable(Cjdns()));
}

TEST(DialPolicy, OnionNeedsProxyAndIgnoresTheIpScope)
{
    EXPECT_TRUE((DialPolicy{RegtestScope(), Reach{.onion = true}}.IsDialable(ONION)));
    EXPECT_FALSE((DialPolicy{RegtestScope(), Reach{.i2p = true, .cjdns = true}}.IsDialable(ONION)));
}

TEST(DialPolicy, I2pNeedsSamBridge)
{
    EXPECT_TRUE((DialPolicy{RegtestScope(), Reach{.i2p = true}}.IsDialable(I2P)));
    EXPECT_FALSE((DialPolicy{RegtestScope(), Reach{.onion = true}}.IsDialable(I2P)));
}

TEST(DialPolicy, CjdnsNeedsTheFlagAndStaysInsideTheScope)
{
    EXPECT_TRUE((DialPolicy{{}, Reach{.cjdns = true}}.IsDialable(Cjdns())));
    EXPECT_FALSE((DialPolicy{{}, Reach{}}.IsDialable(Cjdns())));
    // CJDNS addresses are IPv6 addresses: a scope restricts them like any other.
    EXPECT_FALSE((DialPolicy{RegtestScope(), Reach{.cjdns = true}}.IsDialable(Cjdns())));
    EXPECT_TRUE((DialPolicy{{wire::Cidr::Parse("fc00::/8")}, Reach{.cjdns = true}}.IsDialable(Cjdns())));
}

TEST(DialPolicy, RegtestScopeDialsNoFixedSeedWithoutProxies)
{
    const DialPolicy policy{RegtestScope(), Reach{.cjdns = true}};
    for (const auto chain : {"mainnet", "testnet4", "signet"}) {
        for (const auto& seed : wire::FixedSeeds(chain)) {
            EXPECT_FALSE(policy.IsDialable(seed.address)) << chain << " " << seed.ToString();
        }
    }
}

}  // namespace
