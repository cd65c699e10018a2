#pragma once
// Why this file exists: the service-flag names of a Bitcoin DNS seed, `x<hex>.<zone>`, in the
// convention of the sipa seeder (github.com/sipa/bitcoin-seeder, main.cpp GetIPList): a node
// asking `x9.seed.example.org` wants only peers whose services include NODE_NETWORK (1) and
// NODE_WITNESS (8). Pure: a label in, the required service bits or nothing out.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dns {

// BIP 111, BIP 144, BIP 157, BIP 159, BIP 324 service bits.
constexpr uint64_t NODE_NETWORK = 1;
constexpr uint64_t NODE_BLOOM = 4;
constexpr uint64_t NODE_WITNESS = 8;
constexpr uint64_t NODE_COMPACT_FILTERS = 64;
constexpr uint64_t NODE_NETWORK_LIMITED = 1024;
constexpr uint64_t NODE_P2P_V2 = 2048;

// The combinations the sipa seeder serves by default (its `-w` list when none is given): x1, x5,
// x9, x49, x809, x849, xd, x400, x404, x408, x448, xc08, xc48, x40c. Serving only these keeps us a
// drop-in for it and stops anyone from making us compute arbitrary filters.
constexpr std::array<uint64_t, 14> ACCEPTED_FLAGS{
    NODE_NETWORK,
    NODE_NETWORK | NODE_BLOOM,
    NODE_NETWORK | NODE_WITNESS,
    NODE_NETWORK | NODE_WITNESS | NODE_COMPACT_FILTERS,
    NODE_NETWORK | NODE_WITNESS | NODE_P2P_V2,
    NODE_NETWORK | NODE_WITNESS | NODE_P2P_V2 | NODE_COMPACT_FILTERS,
    NODE_NETWORK | NODE_WITNESS | NODE_BLOOM,
    NODE_NETWORK_LIMITED,
    NODE_NETWORK_LIMITED | NODE_BLOOM,
    NODE_NETWORK_LIMITED | NODE_WITNESS,
    NODE_NETWORK_LIMITED | NODE_WITNESS | NODE_COMPACT_FILTERS,
    NODE_NETWORK_LIMITED | NODE_WITNESS | NODE_P2P_V2,
    NODE_NETWORK_LIMITED | NODE_WITNESS | NODE_P2P_V2 | NODE_COMPACT_FILTERS,
    NODE_NETWORK_LIMITED | NODE_WITNESS | NODE_BLOOM,
};

// The service bits a flag label asks for: `x` (either case) then 1 to 16 hex digits (either case)
// with no leading zero, naming one of ACCEPTED_FLAGS. Anything else (`x`, `x0`, `x09`, `x3`, `y9`,
// `x9z`, 17 digits) is nullopt: the name does not exist.
std::optional<uint64_t> ParseFlagLabel(std::string_view label);

}  // namespace dns
