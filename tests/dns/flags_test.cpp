// The sipa seeder's flag labels: which parse, to what, and which are refused.
#include <gtest/gtest.h>

#include "dns/flags.h"

namespace {

TEST(FlagLabel, AcceptsTheSipaSeederCombinations)
{
    EXPECT_EQ(dns::ParseFlagLabel("x1"), 1u);
    EXPECT_EQ(dns::ParseFlagLabel("x5"), 5u);
    EXPECT_EQ(dns::ParseFlagLabel("x9"), 9u);
    EXPECT_EQ(dns::ParseFlagLabel("xd"), 0xdu);
    EXPECT_EQ(dns::ParseFlagLabel("x49"), 0x49u);
    EXPECT_EQ(dns::ParseFlagLabel("x809"), 0x809u);
    EXPECT_EQ(dns::ParseFlagLabel("x849"), 0x849u);
    EXPECT_EQ(dns::ParseFlagLabel("x400"), 0x400u);
    EXPECT_EQ(dns::ParseFlagLabel("x408"), 0x408u);
    EXPECT_EQ(dns::ParseFlagLabel("xc48"), 0xc48u);
    for (uint64_t flags : dns::ACCEPTED_FLAGS) {
        char label[20];
        std::snprintf(label, sizeof label, "x%llx", static_cast<unsigned long long>(flags));
        EXPECT_EQ(dns::ParseFlagLabel(label), flags) << label;
    }
}

TEST(FlagLabel, IgnoresCase)
{
    EXPECT_EQ(dns::ParseFlagLabel("X9"), 9u);
    EXPECT_EQ(dns::ParseFlagLabel("xD"), 0xdu);
    EXPECT_EQ(dns::ParseFlagLabel("XC08"), 0xc08u);
}

TEST(FlagLabel, RefusesMalformedLabels)
{
    for (const char* label : {"", "x", "9", "y9", "x09", "x0", "x9z", "x-9", "x 9", "x9.", "xx9", "x00000000000000009",
                              "x10000000000000009"}) {
        EXPECT_EQ(dns::ParseFlagLabel(label), std::nullopt) << label;
    }
}

TEST(FlagLabel, RefusesWellFormedButUnservedCombinations)
{
    for (const char* label : {"x2", "x3", "x8", "x808", "x800", "xffffffffffffffff", "x1000000000000001"}) {
        EXPECT_EQ(dns::ParseFlagLabel(label), std::nullopt) << label;
    }
}

}  // namespace
