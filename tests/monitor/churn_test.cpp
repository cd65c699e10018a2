#include "monitor/churn.h"

#include <gtest/gtest.h>

namespace {

TEST(RoundChurn, JoinedLeftAndCameBack)
{
    const auto churn = monitor::ComputeChurn({{1, 2, 3}, {2, 3, 4}, {1, 4}, {}});
    ASSERT_EQ(churn.size(), 4u);
    EXPECT_EQ(churn[0].up, 3u);
    EXPECT_EQ(churn[0].joined, 3u);
    EXPECT_EQ(churn[0].left, 0u);
    EXPECT_EQ(churn[0].came_back, 0u);
    EXPECT_EQ(churn[1].joined, 1u);  // 4
    EXPECT_EQ(churn[1].left, 1u);    // 1
    EXPECT_EQ(churn[1].came_back, 0u);
    EXPECT_EQ(churn[2].joined, 0u);
    EXPECT_EQ(churn[2].left, 2u);       // 2, 3
    EXPECT_EQ(churn[2].came_back, 1u);  // 1
    EXPECT_EQ(churn[3].up, 0u);
    EXPECT_EQ(churn[3].left, 2u);
}

TEST(RoundChurn, NoRoundsNoChurn)
{
    EXPECT_TRUE(monitor::ComputeChurn({}).empty());
}

}  // namespace
