// Why this file exists: the chain facts are copied from Bitcoin Core; this pins them, and derives
// the default signet magic from its challenge as Core does, so a typo cannot slip in.
#include <gtest/gtest.h>

#include "wire/address.h"
#include "wire/chain.h"
#include "wire_test_util.h"

namespace wire {
namespace {

TEST(Chain, FactsFromBitcoinCoreChainparams)
{
    struct Expected {
        const char* name;
        const char* magic;
        uint16_t port;
        size_t seeds;
    };
    const Expected expected[] = {
        {"mainnet", "f9beb4d9", 8333, 8}, {"testnet3", "0b110907", 18333, 5}, {"testnet4", "1c163f28", 48333, 2},
        {"signet", "0a03cf40", 38333, 2}, {"regtest", "fabfb5da", 18444, 0},
    };
    ASSERT_EQ(AllChains().size(), std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        const ChainParams* chain = FindChain(expected[i].name);
        ASSERT_NE(chain, nullptr) << expected[i].name;
        EXPECT_EQ(chain, &AllChains()[i]);
        EXPECT_EQ(chain->name, expected[i].name);
        EXPECT_EQ(HexStr(chain->magic), expected[i].magic);
        EXPECT_EQ(chain->default_port, expected[i].port);
        EXPECT_EQ(chain->dns_seeds.size(), expected[i].seeds);
    }
    EXPECT_EQ(FindChain("mainnet")->dns_seeds.front(), "seed.bitcoin.sipa.be");
    EXPECT_EQ(FindChain("testnet4")->dns_seeds.back(), "seed.testnet4.wiz.biz");
    EXPECT_EQ(FindChain("main"), nullptr);
    EXPECT_EQ(FindChain(""), nullptr);
}

TEST(Chain, SignetMagicIsDerivedFromTheDefaultChallenge)
{
    // Core SigNetParams: message start = first 4 bytes of SHA256d(serialized challenge), the
    // challenge being a CompactSize-prefixed script.
    Writer writer;
    const Bytes challenge = ParseHex(
        "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96"
        "883fe3b278760f048f5189f2e6c452ae");
    writer.CompactSize(challenge.size());
    writer.Append(challenge);
    EXPECT_EQ(HexStr(PayloadChecksum(writer.Data())), HexStr(FindChain("signet")->magic));
}

TEST(Chain, SeedNamesAreHostNames)
{
    for (const ChainParams& chain : AllChains()) {
        for (std::string_view seed : chain.dns_seeds) {
            EXPECT_FALSE(seed.empty());
            EXPECT_NE(seed.back(), '.') << seed;
            EXPECT_FALSE(TryParseHost(seed)) << seed;
        }
    }
}

}  // namespace
}  // namespace wire
