#pragma once
// Why this file exists: when the DNS seeds give nothing (or with --fixed-seeds), a crawl starts
// from Bitcoin Core's fixed seeds, the hard-coded fallback every node ships (chainparamsseeds.h,
// generated from contrib/seeds/nodes_<chain>.txt). They are public facts, kept here as the text
// Core's list is written in, and parsed into endpoints of every network (IPv4, IPv6, Tor v3,
// I2P with port 0, CJDNS for fc00::/8) when asked.
#include <span>
#include <string_view>
#include <vector>

#include "wire/address.h"

namespace wire {

// The text entries ("1.2.3.4:8333", "[2001:db8::1]:8333", "<56>.onion:8333",
// "<52>.b32.i2p:0", "[fc00::1]:8333") for a chain name; empty for regtest and unknown names.
std::span<const std::string_view> FixedSeedTexts(std::string_view chain);

// The entries as endpoints, each network decided by SeedAddress (fc00::/8 literals are CJDNS, as
// Core's generate-seeds.py encodes them). Throws AddressError for an entry that does not parse.
std::vector<Endpoint> FixedSeeds(std::string_view chain);

}  // namespace wire
