#pragma once
// Why this file exists: the facts of each chain (Bitcoin Core src/kernel/chainparams.cpp): the
// message start bytes, the default P2P port and the DNS seeds.
#include <optional>
#include <span>
#include <string_view>

#include "wire/frame.h"

namespace wire {

struct ChainParams {
    std::string_view name;  // "mainnet", "testnet3", "testnet4", "signet", "regtest"
    Magic magic;
    uint16_t default_port;
    std::span<const std::string_view> dns_seeds;
};

// nullptr for an unknown name.
const ChainParams* FindChain(std::string_view name);
std::span<const ChainParams> AllChains();

}  // namespace wire
