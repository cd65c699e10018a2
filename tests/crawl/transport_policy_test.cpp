// The --transport rule without sockets: which transport a dial starts with, and which failed v2
// attempts are made again over v1 at once.
#include "crawl/transport_policy.h"

#include <gtest/gtest.h>

namespace crawl {
namespace {

using wire::TransportKind;

TEST(TransportPolicyTest, NamesRoundTripAndOthersAreRefused)
{
    for (auto policy : {TransportPolicy::automatic, TransportPolicy::v2_only, TransportPolicy::v1_only})
        EXPECT_EQ(TransportPolicyFromName(TransportPolicyName(policy)), policy);
    EXPECT_EQ(TransportPolicyFromName("v3"), std::nullopt);
    EXPECT_EQ(TransportPolicyFromName("AUTO"), std::nullopt);
    EXPECT_EQ(TransportPolicyFromName(""), std::nullopt);
}

TEST(TransportPolicyTest, AutoDialsV2UnlessAdvertisedWithoutTheBit)
{
    EXPECT_EQ(FirstTransport(TransportPolicy::automatic, std::nullopt), TransportKind::v2);  // seeds, the file
    EXPECT_EQ(FirstTransport(TransportPolicy::automatic, NODE_P2P_V2 | 0x409), TransportKind::v2);
    EXPECT_EQ(FirstTransport(TransportPolicy::automatic, 0x409), TransportKind::v1);
    EXPECT_EQ(FirstTransport(TransportPolicy::automatic, 0), TransportKind::v1);
}

TEST(TransportPolicyTest, V2AndV1IgnoreTheServices)
{
    for (std::optional<uint64_t> services :
         {std::optional<uint64_t>{}, std::optional<uint64_t>{0x409}, std::optional<uint64_t>{NODE_P2P_V2}}) {
        EXPECT_EQ(FirstTransport(TransportPolicy::v2_only, services), TransportKind::v2);
        EXPECT_EQ(FirstTransport(TransportPolicy::v1_only, services), TransportKind::v1);
    }
}

TEST(TransportPolicyTest, OnlyAutoReconnectsAndOnlyAfterARejectedV2Attempt)
{
    net::SessionResult rejected;
    rejected.transport = TransportKind::v2;
    rejected.v2_rejected = true;
    EXPECT_TRUE(ReconnectsWithV1(TransportPolicy::automatic, rejected));
    EXPECT_FALSE(ReconnectsWithV1(TransportPolicy::v2_only, rejected));

    net::SessionResult other_failure = rejected;
    other_failure.v2_rejected = false;  // e.g. a bad tag, a timeout, refused
    EXPECT_FALSE(ReconnectsWithV1(TransportPolicy::automatic, other_failure));

    net::SessionResult v1_closed = rejected;
    v1_closed.transport = TransportKind::v1;
    EXPECT_FALSE(ReconnectsWithV1(TransportPolicy::automatic, v1_closed));
}

}  // namespace
}  // namespace crawl
