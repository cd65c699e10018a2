// The frontier without sockets: de-duplication, scope, retries and back-off, resume.
#include "crawl/frontier.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace crawl {
namespace {

using namespace std::chrono_literals;
using store::Outcome;

wire::Endpoint At(std::string_view host, uint16_t port = 18444)
{
    return wire::Endpoint{wire::ParseHost(host), port};
}

Frontier LoopbackFrontier(int retries = 1)
{
    return Frontier{DialPolicy{{wire::Cidr::Parse("127.0.0.0/8")}}, RetryPolicy{retries, 10s}};
}

TEST(DialPolicyTest, ScopeDecidesWhenGiven)
{
    const DialPolicy policy{{wire::Cidr::Parse("127.0.0.0/8"), wire::Cidr::Parse("::1/128")}};
    EXPECT_TRUE(policy.IsDialable(wire::ParseHost("127.10.0.1")));
    EXPECT_TRUE(policy.IsDialable(wire::ParseHost("::1")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("8.8.8.8")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("::2")));
}

TEST(DialPolicyTest, WithoutScopeOnlyRoutableIpDialed)
{
    const DialPolicy policy{{}};
    EXPECT_TRUE(policy.IsDialable(wire::ParseHost("8.8.8.8")));
    EXPECT_TRUE(policy.IsDialable(wire::ParseHost("2001:4860::1")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("127.0.0.1")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("10.1.2.3")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("192.168.1.1")));
    EXPECT_FALSE(policy.IsDialable(wire::ParseHost("fe80::1")));
}

TEST(DialPolicyTest, OnionAndI2pNeverDialedEvenInScope)
{
    const DialPolicy policy{{wire::Cidr::Parse("0.0.0.0/0")}};
    EXPECT_FALSE(policy.IsDialable(wire::NetAddress::FromTorV3({})));
    EXPECT_FALSE(policy.IsDialable(wire::NetAddress::FromI2p({})));
}

TEST(FrontierTest, SameAddressLearnedTwiceIsDialedOnce)
{
    auto frontier = LoopbackFrontier();
    const auto first = frontier.Learn(At("127.0.0.1"));
    const auto again = frontier.Learn(At("127.0.0.1"));
    EXPECT_EQ(first.id, 1);
    EXPECT_TRUE(first.new_address);
    EXPECT_TRUE(first.new_to_crawl);
    EXPECT_EQ(again.id, 1);
    EXPECT_FALSE(again.new_address);
    EXPECT_FALSE(again.new_to_crawl);

    const auto now = SteadyClock::now();
    auto dial = frontier.Next(now);
    ASSERT_TRUE(dial);
    EXPECT_EQ(dial->address_id, 1);
    EXPECT_EQ(dial->attempt, 1);
    EXPECT_EQ(dial->endpoint, At("127.0.0.1"));
    EXPECT_FALSE(frontier.Next(now));
    frontier.Finished(*dial, Outcome::ok, now);
    frontier.Learn(At("127.0.0.1"));
    EXPECT_FALSE(frontier.Next(now));
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, MonitorRoundHoldsBackWhatItsScheduleSkips)
{
    auto frontier = LoopbackFrontier();
    frontier.AddKnown(1, At("127.0.0.1"));
    frontier.AddKnown(2, At("127.0.0.2"));
    frontier.AddKnown(3, At("127.0.0.3"));
    frontier.HoldBack(2);
    frontier.WithoutGetaddr(3);
    for (const auto* host : {"127.0.0.1", "127.0.0.2", "127.0.0.3"})
        frontier.Learn(At(host));  // a peer advertises all three

    const auto now = SteadyClock::now();
    const auto first = frontier.Next(now);
    const auto second = frontier.Next(now);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->address_id, 1);
    EXPECT_TRUE(first->send_getaddr);
    EXPECT_EQ(second->address_id, 3);
    EXPECT_FALSE(second->send_getaddr);  // its answer is still fresh
    EXPECT_FALSE(frontier.Next(now));    // 2 waits for a later round
}

TEST(FrontierTest, PortIsPartOfTheIdentity)
{
    auto frontier = LoopbackFrontier();
    EXPECT_EQ(frontier.Learn(At("127.0.0.1", 1)).id, 1);
    EXPECT_EQ(frontier.Learn(At("127.0.0.1", 2)).id, 2);
    EXPECT_EQ(frontier.KnownCount(), 2u);
}

TEST(FrontierTest, OutOfScopeIsRecordedNotQueued)
{
    auto frontier = LoopbackFrontier();
    const auto learned = frontier.Learn(At("8.8.8.8", 8333));
    EXPECT_TRUE(learned.new_address);
    EXPECT_EQ(frontier.ReadyCount(), 0u);
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, DialsInTheOrderLearned)
{
    auto frontier = LoopbackFrontier();
    frontier.Learn(At("127.0.0.3"));
    frontier.Learn(At("127.0.0.1"));
    frontier.Learn(At("127.0.0.2"));
    const auto now = SteadyClock::now();
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.3"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.1"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.2"));
}

constexpr uint32_t NEWEST = 1'735'689'600;
constexpr uint32_t DAY = 86400;

TEST(FrontierTest, DialsTheLivingFirst)
{
    auto frontier = LoopbackFrontier();
    frontier.Learn(At("127.0.0.1"), NEWEST - 20 * DAY);  // stale
    frontier.Learn(At("127.0.0.2"), NEWEST - 3 * DAY);   // recent
    frontier.Learn(At("127.0.0.3"), NEWEST);             // fresh
    frontier.Learn(At("127.0.0.4"), NEWEST - DAY / 2);   // fresh
    frontier.Learn(At("127.0.0.5"));                     // no time (a seed): fresh
    EXPECT_EQ(frontier.ReadyCount(), 5u);
    const auto now = SteadyClock::now();
    std::vector<std::string> order;
    while (auto dial = frontier.Next(now))
        order.push_back(dial->endpoint.address.ToString());
    EXPECT_EQ(order, (std::vector<std::string>{"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.2", "127.0.0.1"}));
    EXPECT_EQ(frontier.ReadyCount(), 0u);
}

TEST(FrontierTest, AFresherAdvertisementMovesAnAddressUpOnce)
{
    auto frontier = LoopbackFrontier();
    frontier.Learn(At("127.0.0.9"), NEWEST);
    frontier.Learn(At("127.0.0.1"), NEWEST - 20 * DAY);
    frontier.Learn(At("127.0.0.2"), NEWEST - 20 * DAY);
    frontier.Learn(At("127.0.0.2"), NEWEST - 3 * DAY);   // recent now
    frontier.Learn(At("127.0.0.2"), NEWEST);             // and fresh
    frontier.Learn(At("127.0.0.1"), NEWEST - 30 * DAY);  // older: stays where it is
    EXPECT_EQ(frontier.ReadyCount(), 3u);
    const auto now = SteadyClock::now();
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.9"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.2"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.1"));
    EXPECT_FALSE(frontier.Next(now));  // the copies 127.0.0.2 left behind are not dialed again
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, FreshAddressesTwoPeersAdvertisedComeFirst)
{
    auto frontier = LoopbackFrontier();
    constexpr int64_t PEER_A = 100;
    constexpr int64_t PEER_B = 101;
    frontier.Learn(At("127.0.0.1"), NEWEST, PEER_A);
    frontier.Learn(At("127.0.0.2"), NEWEST, PEER_A);
    frontier.Learn(At("127.0.0.2"), NEWEST, PEER_A);  // the same peer again vouches for nothing
    frontier.Learn(At("127.0.0.3"), NEWEST - 20 * DAY, PEER_A);
    frontier.Learn(At("127.0.0.3"), NEWEST - 20 * DAY, PEER_B);  // two peers, but stale
    frontier.Learn(At("127.0.0.4"), NEWEST, PEER_A);
    frontier.Learn(At("127.0.0.4"), NEWEST - DAY / 2, PEER_B);  // two peers, fresh: moves up
    EXPECT_EQ(frontier.ReadyCount(), 4u);
    const auto now = SteadyClock::now();
    std::vector<std::string> order;
    while (auto dial = frontier.Next(now))
        order.push_back(dial->endpoint.address.ToString());
    EXPECT_EQ(order, (std::vector<std::string>{"127.0.0.4", "127.0.0.1", "127.0.0.2", "127.0.0.3"}));
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, AVouchedAddressThatAgesMovesDownWhenItLeavesItsQueue)
{
    auto frontier = LoopbackFrontier();
    frontier.Learn(At("127.0.0.1"), NEWEST - 3 * DAY, 100);
    frontier.Learn(At("127.0.0.1"), NEWEST - 3 * DAY, 101);  // vouched while it is the newest entry
    frontier.Learn(At("127.0.0.2"), NEWEST + 3 * DAY);       // now 127.0.0.1 is only recent
    frontier.Learn(At("127.0.0.3"), NEWEST + 3 * DAY - DAY / 2);
    const auto now = SteadyClock::now();
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.2"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.3"));
    EXPECT_EQ(frontier.Next(now)->endpoint, At("127.0.0.1"));
}

TEST(FrontierTest, DueRetriesComeAfterTheLivingAndBeforeTheStale)
{
    auto frontier = LoopbackFrontier();
    frontier.Learn(At("127.0.0.1"), NEWEST);
    const auto start = SteadyClock::now();
    frontier.Finished(*frontier.Next(start), Outcome::connect_timeout, start);
    frontier.Learn(At("127.0.0.2"), NEWEST - 20 * DAY);
    frontier.Learn(At("127.0.0.3"), NEWEST - 3 * DAY);
    frontier.Learn(At("127.0.0.4"), NEWEST);
    const auto later = start + 10s;
    EXPECT_EQ(frontier.Next(later)->endpoint, At("127.0.0.4"));
    EXPECT_EQ(frontier.Next(later)->endpoint, At("127.0.0.3"));
    const auto retry = frontier.Next(later);
    EXPECT_EQ(retry->endpoint, At("127.0.0.1"));
    EXPECT_EQ(retry->attempt, 2);
    EXPECT_EQ(frontier.Next(later)->endpoint, At("127.0.0.2"));
}

// The transport policy needs what the newest address message said of an address before it is dialed.
TEST(FrontierTest, DialCarriesTheNewestAdvertisedServices)
{
    auto frontier = LoopbackFrontier();
    const auto seed = frontier.Learn(At("127.0.0.1")).id;
    const auto advertised = frontier.Learn(At("127.0.0.2")).id;
    frontier.Advertised(advertised, 0x409);
    frontier.Advertised(advertised, 0x809);
    const auto first = frontier.Next(SteadyClock::now());
    ASSERT_TRUE(first);
    EXPECT_EQ(first->address_id, seed);
    EXPECT_EQ(first->advertised_services, std::nullopt);
    const auto second = frontier.Next(SteadyClock::now());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->address_id, advertised);
    EXPECT_EQ(second->advertised_services, 0x809u);
}

TEST(FrontierTest, RetryableOutcomeIsRetriedAfterBackoff)
{
    auto frontier = LoopbackFrontier(1);
    frontier.Learn(At("127.0.0.1"));
    const auto start = SteadyClock::now();
    auto first = frontier.Next(start);
    frontier.Finished(*first, Outcome::connect_timeout, start);

    EXPECT_FALSE(frontier.Exhausted());
    EXPECT_EQ(frontier.WaitingRetryCount(), 1u);
    EXPECT_EQ(frontier.NextRetryAt(), start + 10s);
    EXPECT_FALSE(frontier.Next(start + 9s));
    auto second = frontier.Next(start + 10s);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->attempt, 2);

    // --retries 1: the second timeout is final.
    frontier.Finished(*second, Outcome::handshake_timeout, start + 11s);
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, BackoffGrowsWithTheAttempt)
{
    auto frontier = LoopbackFrontier(2);
    frontier.Learn(At("127.0.0.1"));
    const auto start = SteadyClock::now();
    frontier.Finished(*frontier.Next(start), Outcome::unreachable, start);
    auto second = frontier.Next(start + 10s);
    frontier.Finished(*second, Outcome::unreachable, start + 10s);
    EXPECT_EQ(frontier.NextRetryAt(), start + 10s + 20s);
}

TEST(FrontierTest, FinalOutcomesAreNotRetried)
{
    for (auto outcome : {Outcome::ok, Outcome::no_addr, Outcome::refused, Outcome::peer_closed, Outcome::protocol_error,
                         Outcome::proxy_error}) {
        auto frontier = LoopbackFrontier(3);
        frontier.Learn(At("127.0.0.1"));
        const auto now = SteadyClock::now();
        frontier.Finished(*frontier.Next(now), outcome, now);
        EXPECT_TRUE(frontier.Exhausted()) << store::OutcomeName(outcome);
    }
}

TEST(FrontierTest, ZeroRetriesMeansOneAttempt)
{
    auto frontier = LoopbackFrontier(0);
    frontier.Learn(At("127.0.0.1"));
    const auto now = SteadyClock::now();
    frontier.Finished(*frontier.Next(now), Outcome::connect_timeout, now);
    EXPECT_TRUE(frontier.Exhausted());
}

TEST(FrontierTest, KnownAddressesKeepTheirIdsAndNewOnesFollow)
{
    auto frontier = LoopbackFrontier();
    frontier.AddKnown(1, At("127.0.0.1"));
    frontier.AddKnown(2, At("127.0.0.2"));
    EXPECT_EQ(frontier.ReadyCount(), 0u);  // known to the file, not learned by this crawl
    const auto known = frontier.Learn(At("127.0.0.2"));
    EXPECT_EQ(known.id, 2);
    EXPECT_FALSE(known.new_address);
    EXPECT_TRUE(known.new_to_crawl);
    EXPECT_EQ(frontier.Learn(At("127.0.0.3")).id, 3);
    EXPECT_EQ(frontier.ReadyCount(), 2u);
}

TEST(FrontierTest, RestoreQueuesOnlyWhatTheCrawlDidNotFinish)
{
    auto frontier = LoopbackFrontier(1);
    for (int64_t id = 1; id <= 6; ++id)
        frontier.AddKnown(id, At("127.0.0." + std::to_string(id)));
    frontier.Restore({1, 2, 3, 4, 5}, {
                                          {1, 1, Outcome::ok},               // finished
                                          {2, 1, Outcome::connect_timeout},  // one retry left
                                          {3, 2, Outcome::connect_timeout},  // retries used up
                                          {4, 1, Outcome::cancelled},        // cut short by the stop
                                      });
    std::vector<int64_t> dialed;
    const auto now = SteadyClock::now();
    while (auto dial = frontier.Next(now))
        dialed.push_back(dial->address_id);
    EXPECT_EQ(dialed, (std::vector<int64_t>{2, 4, 5}));  // 5: learned, never tried; 6: not learned
}

}  // namespace
}  // namespace crawl
