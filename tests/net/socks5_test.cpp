// Why this file exists: the SOCKS5 client's bytes and reply checks, exactly as RFC 1928/1929
// and Tor expect them, without sockets (the end-to-end runs are tests/e2e/networks_test.py).
#include <gtest/gtest.h>

#include "net/socks5.h"

namespace {

using net::ProxyError;
using wire::Bytes;

const std::string ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

void ExpectProxyError(const std::function<void()>& run, const std::string& message)
{
    try {
        run();
        FAIL() << "no ProxyError, expected: " << message;
    } catch (const ProxyError& error) {
        EXPECT_EQ(std::string{error.what()}, message);
    }
}

TEST(Socks5, GreetingOffersNoAuthAndUsernamePassword)
{
    EXPECT_EQ(net::socks5::Greeting(), (Bytes{0x05, 0x02, 0x00, 0x02}));
}

TEST(Socks5, AuthRequestIsRfc1929)
{
    EXPECT_EQ(net::socks5::AuthRequest({"ab", "xyz"}), (Bytes{
                                                           0x01,                 // sub-negotiation version
                                                           0x02, 'a', 'b',       // ULEN UNAME
                                                           0x03, 'x', 'y', 'z',  // PLEN PASSWD
                                                       }));
    ExpectProxyError(
        [] {
            net::socks5::AuthRequest({std::string(256, 'u'), "p"});
        },
        "SOCKS5 username longer than 255 bytes");
}

TEST(Socks5, EveryConnectionGetsFreshCredentials)
{
    const auto first = net::socks5::RandomCredentials();
    const auto second = net::socks5::RandomCredentials();
    EXPECT_EQ(first.username.size(), 16u);
    EXPECT_EQ(first.password.size(), 16u);
    EXPECT_NE(first.username, second.username);
    EXPECT_NE(first.password, second.password);
}

TEST(Socks5, ConnectToOnionSendsTheNameNotAnAddress)
{
    const wire::Endpoint target{wire::ParseHost(ONION), 8333};
    Bytes expected{0x05, 0x01, 0x00, 0x03, static_cast<uint8_t>(ONION.size())};
    expected.insert(expected.end(), ONION.begin(), ONION.end());
    expected.insert(expected.end(), {0x20, 0x8d});  // 8333, big-endian
    EXPECT_EQ(net::socks5::ConnectRequest(target), expected);
}

TEST(Socks5, ConnectToIpAddresses)
{
    EXPECT_EQ(net::socks5::ConnectRequest({wire::ParseHost("127.10.0.1"), 18444}),
              (Bytes{0x05, 0x01, 0x00, 0x01, 127, 10, 0, 1, 0x48, 0x0c}));
    EXPECT_EQ(net::socks5::ConnectRequest({wire::ParseHost("::1"), 1}),
              (Bytes{0x05, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x01}));
    ExpectProxyError(
        [] {
            net::socks5::ConnectRequest(
                {wire::ParseHost("ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p"), 0});
        },
        "SOCKS5 cannot reach ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p:0");
}

TEST(Socks5, MethodReply)
{
    EXPECT_EQ(net::socks5::CheckMethodReply(Bytes{0x05, 0x02}), 0x02);
    EXPECT_EQ(net::socks5::CheckMethodReply(Bytes{0x05, 0x00}), 0x00);
    ExpectProxyError(
        [] {
            net::socks5::CheckMethodReply(Bytes{0x05, 0xff});
        },
        "SOCKS5 proxy: no acceptable authentication method (reply 0xff)");
    ExpectProxyError(
        [] {
            net::socks5::CheckMethodReply(Bytes{0x04, 0x00});
        },
        "SOCKS5 proxy: bad method reply version 0x04 (not a SOCKS5 proxy?)");
}

TEST(Socks5, AuthReply)
{
    EXPECT_NO_THROW(net::socks5::CheckAuthReply(Bytes{0x01, 0x00}));
    ExpectProxyError(
        [] {
            net::socks5::CheckAuthReply(Bytes{0x01, 0x01});
        },
        "SOCKS5 proxy: authentication failed (status 0x01)");
}

TEST(Socks5, ConnectReplyNamesTheCode)
{
    EXPECT_EQ(net::socks5::CheckConnectReplyHead(Bytes{0x05, 0x00, 0x00, 0x01}), 6u);
    EXPECT_EQ(net::socks5::CheckConnectReplyHead(Bytes{0x05, 0x00, 0x00, 0x04}), 18u);
    EXPECT_EQ(net::socks5::CheckConnectReplyHead(Bytes{0x05, 0x00, 0x00, 0x03}), 1u);
    ExpectProxyError(
        [] {
            net::socks5::CheckConnectReplyHead(Bytes{0x05, 0x04, 0x00, 0x01});
        },
        "SOCKS5 proxy: reply 0x04 (host unreachable)");
    ExpectProxyError(
        [] {
            net::socks5::CheckConnectReplyHead(Bytes{0x05, 0xf0, 0x00, 0x01});
        },
        "SOCKS5 proxy: reply 0xf0 (onion service descriptor can not be found)");
    ExpectProxyError(
        [] {
            net::socks5::CheckConnectReplyHead(Bytes{0x05, 0x00, 0x00, 0x09});
        },
        "SOCKS5 proxy: unknown address type 0x09 in reply");
    EXPECT_EQ(net::socks5::ReplyMeaning(0x42), "unknown reply code");
}

}  // namespace
