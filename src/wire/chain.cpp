// Why this file exists: the per-chain constants a crawler needs, copied as facts from Bitcoin
// Core's src/kernel/chainparams.cpp (bitcoin/bitcoin commit 284c42a3ceb9, 2025): pchMessageStart,
// nDefaultPort and vSeeds of CMainParams, CTestNetParams, CTestNet4Params, SigNetParams (default
// signet challenge) and CRegTestParams. Core writes the seed names with a trailing dot (fully
// qualified); they are kept without it here, which resolves the same.
#include "wire/chain.h"

#include <algorithm>
#include <array>

namespace wire {

namespace {

constexpr std::array<std::string_view, 8> MAINNET_SEEDS{
    "seed.bitcoin.sipa.be",           // Pieter Wuille
    "dnsseed.bluematt.me",            // Matt Corallo
    "seed.bitcoin.jonasschnelli.ch",  // Jonas Schnelli
    "seed.btc.petertodd.net",         // Peter Todd
    "seed.bitcoin.sprovoost.nl",      // Sjors Provoost
    "dnsseed.emzy.de",                // Stephan Oeste
    "seed.bitcoin.wiz.biz",           // Jason Maurice
    "seed.mainnet.achownodes.xyz",    // Ava Chow
};

constexpr std::array<std::string_view, 5> TESTNET3_SEEDS{
    "testnet-seed.bitcoin.jonasschnelli.ch", "seed.tbtc.petertodd.net",
    "seed.testnet.bitcoin.sprovoost.nl",     "testnet-seed.bluematt.me",
    "seed.testnet.achownodes.xyz",
};

constexpr std::array<std::string_view, 2> TESTNET4_SEEDS{
    "seed.testnet4.bitcoin.sprovoost.nl",
    "seed.testnet4.wiz.biz",
};

constexpr std::array<std::string_view, 2> SIGNET_SEEDS{
    "seed.signet.bitcoin.sprovoost.nl",
    "seed.signet.achownodes.xyz",
};

const std::array<ChainParams, 5> CHAINS{{
    {"mainnet", {0xf9, 0xbe, 0xb4, 0xd9}, 8333, MAINNET_SEEDS},
    {"testnet3", {0x0b, 0x11, 0x09, 0x07}, 18333, TESTNET3_SEEDS},
    {"testnet4", {0x1c, 0x16, 0x3f, 0x28}, 48333, TESTNET4_SEEDS},
    // The signet magic is derived from the challenge script; this is the default signet's.
    {"signet", {0x0a, 0x03, 0xcf, 0x40}, 38333, SIGNET_SEEDS},
    {"regtest", {0xfa, 0xbf, 0xb5, 0xda}, 18444, {}},
}};

}  // namespace

const ChainParams* FindChain(std::string_view name)
{
    const auto found =
        std::find_if(CHAINS.begin(), CHAINS.end(), [&](const ChainParams& chain) { return chain.name == name; });
    return found == CHAINS.end() ? nullptr : &*found;
}

std::span<const ChainParams> AllChains()
{
    return CHAINS;
}

}  // namespace wire
