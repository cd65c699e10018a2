// Why this file exists: dns::SampleAddresses (select.h).
#include "dns/select.h"

#include <algorithm>

namespace dns {

Netgroup NetgroupOf(const wire::NetAddress& address)
{
    Netgroup group{address.GetNetwork()};
    const size_t prefix_size = address.IsIPv4() ? 2 : group.prefix.size();
    const wire::ByteSpan raw = address.Raw();
    std::copy_n(raw.begin(), std::min(prefix_size, raw.size()), group.prefix.begin());
    return group;
}

std::vector<wire::NetAddress> SampleAddresses(std::span<const store::SeedCandidate> candidates, wire::Network network,
                                              uint64_t required_services, size_t max, std::mt19937_64& random)
{
    std::vector<const store::SeedCandidate*> eligible;
    for (const auto& candidate : candidates) {
        if (candidate.endpoint.address.GetNetwork() == network &&
            (candidate.services & required_services) == required_services) {
            eligible.push_back(&candidate);
        }
    }
    std::vector<wire::NetAddress> chosen;
    std::vector<std::pair<Netgroup, size_t>> used;  // netgroup, nodes taken; an answer holds few
    // A Fisher-Yates shuffle drawn one element at a time, stopped once the answer is full.
    for (size_t i = 0; i < eligible.size() && chosen.size() < max; ++i) {
        std::uniform_int_distribution<size_t> pick{i, eligible.size() - 1};
        std::swap(eligible[i], eligible[pick(random)]);
        const wire::NetAddress& address = eligible[i]->endpoint.address;
        const Netgroup group = NetgroupOf(address);
        auto seen = std::find_if(used.begin(), used.end(), [&](const auto& entry) { return entry.first == group; });
        if (seen == used.end()) seen = used.insert(used.end(), {group, 0});
        if (seen->second == MAX_PER_NETGROUP) continue;
        ++seen->second;
        chosen.push_back(address);
    }
    return chosen;
}

}  // namespace dns
