#include "monitor/round_plan.h"

#include <gtest/gtest.h>

namespace {

using monitor::KnownNode;
using monitor::Revisit;

constexpr int64_t DAY = 24 * 3600;
constexpr int64_t NOW = 100 * DAY;

TEST(RoundPlan, DialsByTheScheduleAndAsksForAddressesWhenDue)
{
    const std::vector<KnownNode> nodes{
        {.address_id = 1, .history = {}, .last_getaddr_answer_at = std::nullopt},  // new
        {.address_id = 2,
         .history = {.attempts = 5,
                     .failures_in_a_row = 0,
                     .last_attempt_round = 9,
                     .first_attempt_at = NOW - DAY,
                     .last_success_at = NOW - 600},
         .last_getaddr_answer_at = NOW - 3600},  // recent answer: no getaddr
        {.address_id = 3,
         .history = {.attempts = 5,
                     .failures_in_a_row = 0,
                     .last_attempt_round = 9,
                     .first_attempt_at = NOW - DAY,
                     .last_success_at = NOW - 600},
         .last_getaddr_answer_at = NOW - DAY},  // answer a day old: getaddr
        {.address_id = 4,
         .history = {.attempts = 2,
                     .failures_in_a_row = 2,
                     .last_attempt_round = 9,
                     .first_attempt_at = NOW - DAY,
                     .last_success_at = std::nullopt},
         .last_getaddr_answer_at = std::nullopt},  // backing off: 4 rounds
        {.address_id = 5,
         .history = {.attempts = 10,
                     .failures_in_a_row = 10,
                     .last_attempt_round = 1,
                     .first_attempt_at = NOW - DAY,
                     .last_success_at = std::nullopt},
         .last_getaddr_answer_at = std::nullopt},  // dropped
    };
    const auto plan = monitor::PlanRound(nodes, 10, NOW, DAY);
    ASSERT_EQ(plan.dials.size(), 3u);
    EXPECT_EQ(plan.dials[0].address_id, 1);
    EXPECT_TRUE(plan.dials[0].send_getaddr);
    EXPECT_EQ(plan.dials[1].address_id, 2);
    EXPECT_FALSE(plan.dials[1].send_getaddr);
    EXPECT_EQ(plan.dials[2].address_id, 3);
    EXPECT_TRUE(plan.dials[2].send_getaddr);
    EXPECT_EQ(plan.decisions[static_cast<size_t>(Revisit::dial_new)], 1u);
    EXPECT_EQ(plan.decisions[static_cast<size_t>(Revisit::dial_recent)], 2u);
    EXPECT_EQ(plan.decisions[static_cast<size_t>(Revisit::wait)], 1u);
    EXPECT_EQ(plan.decisions[static_cast<size_t>(Revisit::dropped_never)], 1u);

    const auto later = monitor::PlanRound(nodes, 13, NOW, DAY);  // 4 rounds after address 4's attempt
    EXPECT_EQ(later.dials.size(), 4u);
    EXPECT_EQ(later.decisions[static_cast<size_t>(Revisit::dial_backoff)], 1u);
}

}  // namespace
