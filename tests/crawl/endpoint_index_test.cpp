// Why this file exists: the frontier's de-duplication rests on this index; these tests grow it
// past several resizes and check every endpoint maps to its id and no other is found.
#include <gtest/gtest.h>

#include "crawl/endpoint_index.h"

namespace crawl {
namespace {

wire::Endpoint Nth(uint32_t n)
{
    return {wire::NetAddress::FromIPv4({10, uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)}), uint16_t(8333 + n % 3)};
}

TEST(EndpointIndex, FindsEveryIdThroughResizesAndNothingElse)
{
    std::vector<wire::Endpoint> endpoints;  // id = index + 1
    const auto endpoint_of = [&](int64_t id) -> const wire::Endpoint& { return endpoints[size_t(id - 1)]; };
    EndpointIndex index;
    EXPECT_EQ(index.Find(Nth(0), endpoint_of), std::nullopt);
    constexpr uint32_t COUNT = 5000;  // past 1024, 2048, 4096 and 8192 slots
    for (uint32_t n = 0; n < COUNT; ++n) {
        endpoints.push_back(Nth(n));
        index.Insert(endpoints.back(), n + 1, endpoint_of);
    }
    EXPECT_EQ(index.Count(), COUNT);
    for (uint32_t n = 0; n < COUNT; ++n)
        EXPECT_EQ(index.Find(Nth(n), endpoint_of), int64_t{n + 1}) << n;
    for (uint32_t n = COUNT; n < 2 * COUNT; ++n)
        EXPECT_EQ(index.Find(Nth(n), endpoint_of), std::nullopt) << n;
    // Same host, other port: another endpoint.
    EXPECT_EQ(index.Find({Nth(1).address, 1}, endpoint_of), std::nullopt);
}

TEST(EndpointIndex, RefusesIdsItCannotHold)
{
    std::vector<wire::Endpoint> endpoints{Nth(1)};
    const auto endpoint_of = [&](int64_t id) -> const wire::Endpoint& { return endpoints[size_t(id - 1)]; };
    EndpointIndex index;
    EXPECT_THROW(index.Insert(Nth(1), 0, endpoint_of), std::length_error);
    EXPECT_THROW(index.Insert(Nth(1), int64_t{UINT32_MAX} + 1, endpoint_of), std::length_error);
}

}  // namespace
}  // namespace crawl
