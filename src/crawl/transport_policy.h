#pragma once
// Why this file exists: which transport a dial speaks first and when a failed v2 attempt earns a
// v1 reconnection (--transport, docs/spec.md §2, BIP324 "v1 fallback"), apart from the sockets so
// the rule can be tested alone.
#include <cstdint>
#include <optional>
#include <string_view>

#include "net/session.h"
#include "wire/transport.h"

namespace crawl {

// BIP324's service bit: the node accepts v2 connections.
constexpr uint64_t NODE_P2P_V2 = uint64_t{1} << 11;

enum class TransportPolicy {
    automatic,  // v2 first unless the address was advertised without NODE_P2P_V2; v1 fallback
    v2_only,
    v1_only,
};
std::optional<TransportPolicy> TransportPolicyFromName(std::string_view name);  // "auto", "v2", "v1"
std::string_view TransportPolicyName(TransportPolicy policy);

// advertised_services: the services an address message gave for the address, nullopt when no peer
// advertised it (seeds, addresses known from the file).
wire::TransportKind FirstTransport(TransportPolicy policy, std::optional<uint64_t> advertised_services);

// Whether the connection that ended with `result` is to be made again at once over v1: only in
// `auto`, only after a v2 attempt the peer ended as a v1-only peer does.
bool ReconnectsWithV1(TransportPolicy policy, const net::SessionResult& result);

}  // namespace crawl
