#include "crawl/transport_policy.h"

namespace crawl {

std::optional<TransportPolicy> TransportPolicyFromName(std::string_view name)
{
    if (name == "auto") return TransportPolicy::automatic;
    if (name == "v2") return TransportPolicy::v2_only;
    if (name == "v1") return TransportPolicy::v1_only;
    return std::nullopt;
}

std::string_view TransportPolicyName(TransportPolicy policy)
{
    switch (policy) {
    case TransportPolicy::automatic: return "auto";
    case TransportPolicy::v2_only: return "v2";
    case TransportPolicy::v1_only: return "v1";
    }
    return "auto";
}

wire::TransportKind FirstTransport(TransportPolicy policy, std::optional<uint64_t> advertised_services)
{
    switch (policy) {
    case TransportPolicy::v2_only: return wire::TransportKind::v2;
    case TransportPolicy::v1_only: return wire::TransportKind::v1;
    case TransportPolicy::automatic: break;
    }
    const bool advertised_v1_only = advertised_services && (*advertised_services & NODE_P2P_V2) == 0;
    return advertised_v1_only ? wire::TransportKind::v1 : wire::TransportKind::v2;
}

bool ReconnectsWithV1(TransportPolicy policy, const net::SessionResult& result)
{
    return policy == TransportPolicy::automatic && result.transport == wire::TransportKind::v2 && result.v2_rejected;
}

}  // namespace crawl
