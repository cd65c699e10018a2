#pragma once
// Why this file exists: which nodes one DNS answer carries. A seed's answer should be a fresh
// random sample, and no single operator's address block should fill it, so that a node resolving
// the seed gets peers that are unlikely to be run by the same party. Pure, given the generator.
#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "store/dns_candidates.h"
#include "wire/address.h"

namespace dns {

// At most this many nodes of one netgroup in one answer.
constexpr size_t MAX_PER_NETGROUP = 2;

// The block a node's address belongs to: the network and the first 16 bits of an IPv4 address
// (/16) or the first 32 of an IPv6 one (/32), the ranges Bitcoin Core's own netgroups use for
// routable addresses when no ASN map is loaded.
struct Netgroup {
    wire::Network network;
    std::array<uint8_t, 4> prefix{};
    bool operator==(const Netgroup&) const = default;
};
Netgroup NetgroupOf(const wire::NetAddress& address);

// Up to `max` addresses of `network` (ipv4 for A, ipv6 for AAAA) among the candidates whose
// services include every bit of `required_services`, chosen uniformly at random with at most
// MAX_PER_NETGROUP per netgroup, in random order.
std::vector<wire::NetAddress> SampleAddresses(std::span<const store::SeedCandidate> candidates, wire::Network network,
                                              uint64_t required_services, size_t max, std::mt19937_64& random);

}  // namespace dns
