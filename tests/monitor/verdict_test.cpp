#include "monitor/verdict.h"

#include <gtest/gtest.h>

namespace {

using monitor::Presence;
using monitor::PresenceOf;
using store::Outcome;

TEST(Presence, HandshakeIsUpWhateverFollowed)
{
    EXPECT_EQ(PresenceOf(Outcome::ok, true, true), Presence::up);
    EXPECT_EQ(PresenceOf(Outcome::no_addr, true, true), Presence::up);
    EXPECT_EQ(PresenceOf(Outcome::peer_closed, true, true), Presence::up);
}

TEST(Presence, ClosedBeforeVersionIsUpFullNotDown)
{
    EXPECT_EQ(PresenceOf(Outcome::peer_closed, true, false), Presence::up_full);
}

TEST(Presence, NoConnectionOrNoVersionIsDown)
{
    EXPECT_EQ(PresenceOf(Outcome::refused, false, false), Presence::down);
    EXPECT_EQ(PresenceOf(Outcome::connect_timeout, false, false), Presence::down);
    EXPECT_EQ(PresenceOf(Outcome::handshake_timeout, true, false), Presence::down);
    EXPECT_EQ(PresenceOf(Outcome::protocol_error, true, false), Presence::down);
    EXPECT_EQ(PresenceOf(Outcome::proxy_error, true, false), Presence::down);
}

TEST(Presence, CancelledOrProxyFailureSaysNothing)
{
    EXPECT_EQ(PresenceOf(Outcome::cancelled, true, true), std::nullopt);
    EXPECT_EQ(PresenceOf(Outcome::proxy_error, false, false), std::nullopt);
}

monitor::NodeStanding YoungGoodNode()
{
    return {.up_now = true, .version = 70016, .services = 1 | 8 | 1024, .uptime = {}, .attempts = 2, .successes = 1};
}

TEST(Good, YoungRecordHalfUp)
{
    EXPECT_TRUE(monitor::IsGood(YoungGoodNode()));
    auto node = YoungGoodNode();
    node.attempts = 3;
    node.successes = 1;
    EXPECT_FALSE(monitor::IsGood(node));
}

TEST(Good, NeedsUpNowVersionAndServices)
{
    auto node = YoungGoodNode();
    node.up_now = false;
    EXPECT_FALSE(monitor::IsGood(node));
    node = YoungGoodNode();
    node.version = 70000;
    EXPECT_FALSE(monitor::IsGood(node));
    node.version = std::nullopt;
    EXPECT_FALSE(monitor::IsGood(node));
    node = YoungGoodNode();
    node.services = 1;  // no NODE_WITNESS
    EXPECT_FALSE(monitor::IsGood(node));
    EXPECT_TRUE(monitor::IsGood(node, {.min_version = 70001, .required_services = 1}));
}

TEST(Good, OlderRecordNeedsAWindowThreshold)
{
    auto node = YoungGoodNode();
    node.attempts = 20;
    node.successes = 10;
    EXPECT_FALSE(monitor::IsGood(node));
    node.uptime.windows[1] = {.reliability = 0.71, .weight = 0.9, .count = 4.5};  // 8 h: > 70 %, > 4
    EXPECT_TRUE(monitor::IsGood(node));
    node.uptime.windows[1].count = 4;
    EXPECT_FALSE(monitor::IsGood(node));
    node.uptime.windows[4] = {.reliability = 0.36, .weight = 0.5, .count = 33};  // 30 d: > 35 %, > 32
    EXPECT_TRUE(monitor::IsGood(node));
}

TEST(Getaddr, DueWhenNeverAnsweredOrOldEnough)
{
    constexpr int64_t day = 24 * 3600;
    EXPECT_TRUE(monitor::GetaddrDue(std::nullopt, 1000, day));
    EXPECT_FALSE(monitor::GetaddrDue(1000, 1000 + day - 1, day));
    EXPECT_TRUE(monitor::GetaddrDue(1000, 1000 + day, day));
}

}  // namespace
