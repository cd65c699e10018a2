// Why this file exists: the SAM v3.1 commands the crawler sends and how it reads the bridge's
// replies, without sockets (the end-to-end runs are tests/e2e/networks_test.py).
#include <gtest/gtest.h>

#include "net/sam.h"

namespace {

const std::string I2P = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";

TEST(Sam, Commands)
{
    EXPECT_EQ(net::sam::HelloCommand(), "HELLO VERSION MIN=3.1 MAX=3.1\n");
    EXPECT_EQ(net::sam::SessionCreateCommand("0123456789"),
              "SESSION CREATE STYLE=STREAM ID=0123456789 DESTINATION=TRANSIENT SIGNATURE_TYPE=7 "
              "i2cp.leaseSetEncType=4,0 inbound.quantity=1 outbound.quantity=1\n");
    EXPECT_EQ(net::sam::StreamConnectCommand("0123456789", wire::ParseHost(I2P)),
              "STREAM CONNECT ID=0123456789 DESTINATION=" + I2P + " SILENT=false\n");
    EXPECT_THROW(net::sam::StreamConnectCommand("id", wire::ParseHost("1.2.3.4")), net::ProxyError);
}

TEST(Sam, SessionIdsAreTenHexDigitsAndDiffer)
{
    const auto first = net::sam::RandomSessionId();
    EXPECT_EQ(first.size(), 10u);
    EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(first, net::sam::RandomSessionId());
}

TEST(Sam, ParseReplyWithQuotedMessage)
{
    const auto reply = net::sam::ParseReply("STREAM STATUS RESULT=CANT_REACH_PEER MESSAGE=\"unknown destination\"");
    EXPECT_EQ(reply.topic, "STREAM STATUS");
    EXPECT_EQ(reply.fields.size(), 2u);
    EXPECT_EQ(reply.fields.at("RESULT"), "CANT_REACH_PEER");
    EXPECT_EQ(reply.fields.at("MESSAGE"), "unknown destination");
}

TEST(Sam, ParseReplyKeepsValuesWithEqualsSigns)
{
    const auto reply = net::sam::ParseReply("SESSION STATUS RESULT=OK DESTINATION=abc~def==");
    EXPECT_EQ(reply.topic, "SESSION STATUS");
    EXPECT_EQ(reply.fields.at("DESTINATION"), "abc~def==");
}

TEST(Sam, ExpectOk)
{
    EXPECT_NO_THROW(
        net::sam::ExpectOk(net::sam::ParseReply("HELLO REPLY RESULT=OK VERSION=3.1"), "HELLO REPLY", "HELLO"));
    try {
        net::sam::ExpectOk(net::sam::ParseReply("STREAM STATUS RESULT=CANT_REACH_PEER MESSAGE=\"unknown destination\""),
                           "STREAM STATUS", "STREAM CONNECT");
        FAIL();
    } catch (const net::ProxyError& error) {
        EXPECT_STREQ(error.what(), "SAM STREAM CONNECT: RESULT=CANT_REACH_PEER (unknown destination)");
    }
    try {
        net::sam::ExpectOk(net::sam::ParseReply("HELLO REPLY RESULT=OK"), "SESSION STATUS", "SESSION CREATE");
        FAIL();
    } catch (const net::ProxyError& error) {
        EXPECT_STREQ(error.what(), "SAM SESSION CREATE: unexpected reply 'HELLO REPLY' (expected 'SESSION STATUS')");
    }
    try {
        net::sam::ExpectOk(net::sam::ParseReply("HELLO REPLY VERSION=3.1"), "HELLO REPLY", "HELLO");
        FAIL();
    } catch (const net::ProxyError& error) {
        EXPECT_STREQ(error.what(), "SAM HELLO: reply without RESULT");
    }
}

}  // namespace
