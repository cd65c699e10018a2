#include "report/seeds.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using report::SeedsLine;
using report::SeedsUserAgent;

store::SeedNode Node()
{
    return {.network = "ipv4",
            .host = "1.2.3.4",
            .port = 8333,
            .good = true,
            .last_success_at = 1'700'000'000,
            .reliability = {1.0, 0.985, 0.5, 0.12345, 0.0},
            .blocks = 850'000,
            .services = 0x409,
            .version = 70016,
            .user_agent = "/Satoshi:27.0.0/"};
}

// Splits as makeseeds.py does: line.split().
std::vector<std::string> Tokens(const std::string& line)
{
    std::istringstream in{line};
    std::vector<std::string> tokens;
    for (std::string token; in >> token;)
        tokens.push_back(token);
    return tokens;
}

TEST(Seeds, LineHasTheSeedersColumns)
{
    EXPECT_EQ(SeedsLine(Node()),
              "1.2.3.4:8333                                        1   1700000000  100.00%  98.50%  "
              "50.00%  12.35%   0.00%  850000  00000409  70016 \"/Satoshi:27.0.0/\"");
}

TEST(Seeds, EveryFieldIsWhereMakeseedsReadsIt)
{
    const auto tokens = Tokens(SeedsLine(Node()));
    ASSERT_EQ(tokens.size(), 12u);
    EXPECT_EQ(tokens[0], "1.2.3.4:8333");                                        // address
    EXPECT_EQ(tokens[1], "1");                                                   // good
    EXPECT_EQ(tokens[2], "1700000000");                                          // int(sline[2]): last success
    EXPECT_EQ(tokens[3], "100.00%");                                             // 2 h
    EXPECT_EQ(tokens[4], "98.50%");                                              // 8 h
    EXPECT_EQ(tokens[5], "50.00%");                                              // 1 d
    EXPECT_EQ(tokens[6], "12.35%");                                              // 7 d
    EXPECT_EQ(tokens[7], "0.00%");                                               // float(sline[7][:-1]): 30 d
    EXPECT_EQ(tokens[8], "850000");                                              // int(sline[8]): blocks
    EXPECT_EQ(std::stoull(tokens[9], nullptr, 16), 0x409u);                      // int(sline[9], 16): services
    EXPECT_EQ(tokens[10], "70016");                                              // int(sline[10]): version
    EXPECT_EQ(tokens[11].substr(1, tokens[11].size() - 2), "/Satoshi:27.0.0/");  // sline[11][1:-1]
}

TEST(Seeds, NotGoodAndUnknownVersion)
{
    auto node = Node();
    node.good = false;
    node.blocks = 0;
    node.services = 0;
    node.version = 0;
    node.user_agent = "";
    const auto tokens = Tokens(SeedsLine(node));
    ASSERT_EQ(tokens.size(), 12u);
    EXPECT_EQ(tokens[1], "0");
    EXPECT_EQ(tokens[8], "0");
    EXPECT_EQ(tokens[9], "00000000");
    EXPECT_EQ(tokens[10], "0");
    EXPECT_EQ(tokens[11], "\"\"");
}

TEST(Seeds, AddressesAsCoreWritesThem)
{
    auto node = Node();
    node.network = "ipv6";
    node.host = "2001:db8::1";
    EXPECT_EQ(Tokens(SeedsLine(node))[0], "[2001:db8::1]:8333");
    node.network = "onion";
    node.host = std::string(56, 'a') + ".onion";
    EXPECT_EQ(Tokens(SeedsLine(node))[0], std::string(56, 'a') + ".onion:8333");
    node.network = "cjdns";
    node.host = "fc00::1";
    EXPECT_EQ(Tokens(SeedsLine(node))[0], "[fc00::1]:8333");
}

TEST(Seeds, OddUserAgentsStayOneToken)
{
    EXPECT_EQ(SeedsUserAgent("/Satoshi:27.0.0/"), "/Satoshi:27.0.0/");
    EXPECT_EQ(SeedsUserAgent("/my node/"), "/my%20node/");
    EXPECT_EQ(SeedsUserAgent("a\"b\\c%d"), "a%22b%5Cc%25d");
    EXPECT_EQ(SeedsUserAgent("tab\there\nnl"), "tab%09here%0Anl");
    EXPECT_EQ(SeedsUserAgent("\x7f\xc3\xa9"), "%7F%C3%A9");
    auto node = Node();
    node.user_agent = "/evil\" 1 2 3/";
    const auto tokens = Tokens(SeedsLine(node));
    ASSERT_EQ(tokens.size(), 12u);
    EXPECT_EQ(tokens[11], "\"/evil%22%201%202%203/\"");
}

TEST(Seeds, HeaderThenOneLinePerNode)
{
    std::ostringstream out;
    report::WriteSeeds(out, {Node(), Node()});
    const std::string text = out.str();
    EXPECT_EQ(text.rfind("# address", 0), 0u);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
    EXPECT_NE(text.find("\n1.2.3.4:8333 "), std::string::npos);
}

}  // namespace
