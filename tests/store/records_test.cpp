// Why this file exists: the outcome words are stored in every connections row and read back by
// --resume and the reports; a typo in one direction would silently split the vocabulary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/records.h"

namespace {

using store::Outcome;

TEST(OutcomeTest, NamesAreTheSpecWordsAndRoundTrip)
{
    const std::vector<std::pair<Outcome, std::string>> spec{
        {Outcome::ok, "ok"},
        {Outcome::no_addr, "no_addr"},
        {Outcome::refused, "refused"},
        {Outcome::unreachable, "unreachable"},
        {Outcome::connect_timeout, "connect_timeout"},
        {Outcome::handshake_timeout, "handshake_timeout"},
        {Outcome::peer_closed, "peer_closed"},
        {Outcome::protocol_error, "protocol_error"},
        {Outcome::proxy_error, "proxy_error"},
        {Outcome::cancelled, "cancelled"},
    };
    for (const auto& [outcome, word] : spec) {
        EXPECT_EQ(store::OutcomeName(outcome), word);
        EXPECT_EQ(store::OutcomeFromName(word), outcome);
    }
}

TEST(OutcomeTest, UnknownWordsAreNotOutcomes)
{
    EXPECT_EQ(store::OutcomeFromName(""), std::nullopt);
    EXPECT_EQ(store::OutcomeFromName("OK"), std::nullopt);
    EXPECT_EQ(store::OutcomeFromName("timeout"), std::nullopt);
}

TEST(BatchTest, EmptyBatch)
{
    store::Batch batch;
    EXPECT_TRUE(batch.Empty());
    EXPECT_EQ(batch.RowCount(), 0u);
    batch.crawl_addresses.push_back({1, 1, 0});
    EXPECT_FALSE(batch.Empty());
    EXPECT_EQ(batch.RowCount(), 1u);
}

}  // namespace
