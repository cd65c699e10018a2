// Why this file exists: addresses are stored by their text and dialed by their class; the text
// forms (RFC 5952, Tor v3, I2P), the BIP155 vectors of Bitcoin Core and Core's routability rules
// are pinned here so the store and the crawler agree with Core on every network.
#include <gtest/gtest.h>

#include <unordered_set>

#include "wire/address.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::ErrorOf;
using test::Hex;

template <size_t N>
std::array<uint8_t, N> Array(std::string_view hex)
{
    const Bytes bytes = Hex(hex);
    std::array<uint8_t, N> out{};
    EXPECT_EQ(bytes.size(), N);
    std::copy_n(bytes.begin(), std::min(N, bytes.size()), out.begin());
    return out;
}

// Bitcoin Core src/test/net_tests.cpp, cnetaddr_unserialize_v2 and cnetaddr_serialize_v2.
const char* CORE_ONION_PUBKEY =
    "79bcc625184b05194975c28b66b66b04"
    "69f7f6556fb1ac3189a79b40dda32f1f";
const char* CORE_ONION_TEXT = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
const char* CORE_I2P_HASH =
    "a2894dabaec08c0051a481a6dac88b64"
    "f98232ae42d4b6fd2fa81952dfe36a87";
const char* CORE_I2P_TEXT = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";

TEST(NetAddress, DefaultIsInvalidIPv4Zero)
{
    const NetAddress address;
    EXPECT_EQ(address.GetNetwork(), Network::ipv4);
    EXPECT_EQ(address.ToString(), "0.0.0.0");
    EXPECT_FALSE(address.IsValid());
    EXPECT_FALSE(address.IsRoutable());
}

TEST(NetAddress, NetworkNames)
{
    for (Network network :
         {Network::ipv4, Network::ipv6, Network::onion, Network::i2p, Network::cjdns, Network::unknown}) {
        EXPECT_EQ(NetworkFromName(NetworkName(network)), network);
    }
    EXPECT_EQ(NetworkName(Network::onion), "onion");
    EXPECT_EQ(NetworkFromName("tor"), std::nullopt);
}

struct Bip155Case {
    uint8_t id;
    const char* address_hex;
    Network network;
    const char* text;
    bool valid;
};

TEST(NetAddress, Bip155VectorsFromBitcoinCore)
{
    const Bip155Case cases[] = {
        {1, "01020304", Network::ipv4, "1.2.3.4", true},
        {2, "0102030405060708090a0b0c0d0e0f10", Network::ipv6, "102:304:506:708:90a:b0c:d0e:f10", true},
        // Core: "Invalid IPv6, contains embedded TORv2" -> not valid.
        {2, "fd87d87eeb430102030405060708090a", Network::ipv6, "fd87:d87e:eb43:102:304:506:708:90a", false},
        // Core: "Valid IPv6, contains embedded internal" -> Core's internal names are not valid.
        {2, "fd6b88c08724ca978112ca1bbdcafac2", Network::ipv6, "fd6b:88c0:8724:ca97:8112:ca1b:bdca:fac2", false},
        {4, CORE_ONION_PUBKEY, Network::onion, CORE_ONION_TEXT, true},
        {5, CORE_I2P_HASH, Network::i2p, CORE_I2P_TEXT, true},
        {6, "fc000001000200030004000500060007", Network::cjdns, "fc00:1:2:3:4:5:6:7", true},
        // Core: "Invalid CJDNS, wrong prefix" -> kept as CJDNS, not valid.
        {6, "aa000001000200030004000500060007", Network::cjdns, "aa00:1:2:3:4:5:6:7", false},
        // Core: TORv2 (id 3) "no longer supported", unknown ids -> kept, not valid.
        {3, "f1f2f3f4f5f6f7f8f9fa", Network::unknown, "unknown-3", false},
        {0xaa, "01020304", Network::unknown, "unknown-170", false},
        {0xaa, "", Network::unknown, "unknown-170", false},
    };
    for (const auto& c : cases) {
        const Bytes bytes = Hex(c.address_hex);
        const NetAddress address = NetAddress::FromBip155(c.id, bytes);
        EXPECT_EQ(address.GetNetwork(), c.network) << c.text;
        EXPECT_EQ(address.ToString(), c.text);
        EXPECT_EQ(address.IsValid(), c.valid) << c.text;
        EXPECT_EQ(address.Bip155Id(), c.id) << c.text;
        if (c.network != Network::unknown) {
            EXPECT_EQ(HexStr(address.Raw()), c.address_hex);
        } else {
            EXPECT_TRUE(address.Raw().empty());
        }
    }
}

TEST(NetAddress, Bip155IPv4MappedInIPv6BecomesIPv4)
{
    // Core's vector "Invalid IPv6, contains embedded IPv4" (00..ffff01020304 with id 2). Core
    // marks it invalid; we read it as the IPv4 address it names (docs/protocol.md).
    const NetAddress address = NetAddress::FromBip155(BIP155_IPV6, Hex("00000000000000000000ffff01020304"));
    EXPECT_EQ(address.GetNetwork(), Network::ipv4);
    EXPECT_EQ(address.ToString(), "1.2.3.4");
}

TEST(NetAddress, Bip155WrongLengthForKnownIds)
{
    // Exact reasons of Bitcoin Core's SetNetFromBIP155Network (net_tests.cpp vectors).
    EXPECT_EQ(ErrorOf<DecodeError>([] { NetAddress::FromBip155(1, Hex("0102030400")); }),
              "BIP155 IPv4 address with length 5 (should be 4)");
    EXPECT_EQ(ErrorOf<DecodeError>([] { NetAddress::FromBip155(2, Hex("00000000")); }),
              "BIP155 IPv6 address with length 4 (should be 16)");
    EXPECT_EQ(ErrorOf<DecodeError>([] { NetAddress::FromBip155(4, {}); }),
              "BIP155 TORv3 address with length 0 (should be 32)");
    EXPECT_EQ(ErrorOf<DecodeError>([] { NetAddress::FromBip155(5, Hex("000000")); }),
              "BIP155 I2P address with length 3 (should be 32)");
    EXPECT_EQ(ErrorOf<DecodeError>([] { NetAddress::FromBip155(6, Hex("00")); }),
              "BIP155 CJDNS address with length 1 (should be 16)");
}

TEST(NetAddress, FromUnknownRejectsKnownIds)
{
    EXPECT_EQ(ErrorOf<AddressError>([] { NetAddress::FromUnknown(BIP155_TORV3); }), "BIP155 network id 4 is known");
    EXPECT_EQ(NetAddress::FromUnknown(BIP155_TORV2).Bip155Id(), BIP155_TORV2);
    EXPECT_NE(NetAddress::FromUnknown(7), NetAddress::FromUnknown(8));
}

TEST(NetAddress, FromCjdnsRequiresFc00Prefix)
{
    EXPECT_EQ(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")).ToString(), "fc00:1:2:3:4:5:6:7");
    EXPECT_EQ(ErrorOf<AddressError>([] { NetAddress::FromCjdns(Array<16>("fd000001000200030004000500060007")); }),
              "CJDNS address outside fc00::/8: fd00:1:2:3:4:5:6:7");
}

TEST(NetAddress, HasCjdnsPrefixOnlyForIPv6AndCjdnsInFc00)
{
    EXPECT_TRUE(ParseHost("fc00::1").HasCjdnsPrefix());
    EXPECT_TRUE(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")).HasCjdnsPrefix());
    EXPECT_FALSE(ParseHost("fd00::1").HasCjdnsPrefix());
    EXPECT_FALSE(NetAddress::FromBip155(BIP155_CJDNS, Array<16>("fd000001000200030004000500060007")).HasCjdnsPrefix());
    EXPECT_FALSE(ParseHost("252.0.0.1").HasCjdnsPrefix());  // first byte 0xfc, but IPv4
}

// docs/schema.md "Networks": an address is CJDNS when it arrives as CJDNS, whatever the flags.
TEST(SeedAddress, Fc00LiteralIsCjdnsOtherAddressesUnchanged)
{
    const NetAddress cjdns = SeedAddress(ParseHost("fc32:17ea:e415:c3bf:9808:149d:b5a2:c9aa"));
    EXPECT_EQ(cjdns.GetNetwork(), Network::cjdns);
    EXPECT_EQ(cjdns, NetAddress::FromBip155(BIP155_CJDNS, Array<16>("fc3217eae415c3bf9808149db5a2c9aa")));
    EXPECT_EQ(SeedAddress(cjdns), cjdns);
    for (const char* host :
         {"fd00::1", "fe80::1", "2001:db8::1", "::1", "127.0.0.1", "252.0.0.1", CORE_ONION_TEXT, CORE_I2P_TEXT}) {
        EXPECT_EQ(SeedAddress(ParseHost(host)), ParseHost(host)) << host;
    }
}

TEST(SeedAddress, PeersIPv6EntriesInFc00StayIPv6)
{
    // addr v1 and addrv2 network id 2 carry IPv6: fc00::/8 there is RFC 4193 space, not CJDNS.
    const NetAddress from_peer = NetAddress::FromBip155(BIP155_IPV6, Array<16>("fc000001000200030004000500060007"));
    EXPECT_EQ(from_peer.GetNetwork(), Network::ipv6);
    EXPECT_TRUE(from_peer.IsRFC4193());
    EXPECT_FALSE(from_peer.IsRoutable());
    EXPECT_EQ(NetAddress::FromIPv6(Array<16>("fc000001000200030004000500060007")).GetNetwork(), Network::ipv6);
}

TEST(ParseHostOfNetwork, InverseOfNetworkAndText)
{
    const std::vector<NetAddress> addresses{
        ParseHost("1.2.3.4"),
        ParseHost("2001:db8::1"),
        ParseHost("fc00::1"),  // IPv6 in fc00::/8, as a peer's IPv6 entry gives it
        NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")),
        NetAddress::FromBip155(BIP155_CJDNS, Array<16>("fd000001000200030004000500060007")),
        NetAddress::FromBip155(BIP155_CJDNS, Array<16>("00000000000000000000ffff01020304")),
        ParseHost(CORE_ONION_TEXT),
        ParseHost(CORE_I2P_TEXT),
    };
    for (const auto& address : addresses) {
        EXPECT_EQ(ParseHost(address.GetNetwork(), address.ToString()), address) << address.ToString();
    }
}

TEST(ParseHostOfNetwork, TextOfAnotherNetworkIsAnError)
{
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(Network::ipv4, "::1"); }), "not an ipv4 address: \"::1\"");
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(Network::ipv6, "1.2.3.4"); }), "not an ipv6 address: \"1.2.3.4\"");
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(Network::cjdns, "1.2.3.4"); }), "not a CJDNS address: \"1.2.3.4\"");
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(Network::cjdns, "[fc00::1]"); }),
              "not a CJDNS address: \"[fc00::1]\"");
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(Network::unknown, "unknown-66"); }),
              "not an IP address, .onion or .b32.i2p name: \"unknown-66\"");
}

TEST(NetAddress, V1Bytes)
{
    EXPECT_EQ(HexStr(ParseHost("1.2.3.4").V1Bytes()), "00000000000000000000ffff01020304");
    EXPECT_EQ(HexStr(ParseHost("2001:db8::1").V1Bytes()), "20010db8000000000000000000000001");
    EXPECT_EQ(HexStr(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")).V1Bytes()),
              "fc000001000200030004000500060007");
    EXPECT_EQ(ErrorOf<AddressError>([] { ParseHost(CORE_ONION_TEXT).V1Bytes(); }),
              std::string{"onion address has no 16-byte addr v1 form: "} + CORE_ONION_TEXT);
    EXPECT_EQ(ErrorOf<AddressError>([] { NetAddress::FromUnknown(9).V1Bytes(); }),
              "unknown address has no 16-byte addr v1 form: unknown-9");
}

TEST(NetAddress, FromIPv6MapsIPv4)
{
    const auto address = NetAddress::FromIPv6(Array<16>("00000000000000000000ffff0a000001"));
    EXPECT_TRUE(address.IsIPv4());
    EXPECT_EQ(address, NetAddress::FromIPv4({10, 0, 0, 1}));
}

struct TextCase {
    const char* input;
    const char* canonical;
    Network network;
};

TEST(ParseHost, CanonicalText)
{
    const TextCase cases[] = {
        {"1.2.3.4", "1.2.3.4", Network::ipv4},
        {"255.255.255.255", "255.255.255.255", Network::ipv4},
        // RFC 5952 §4.2.1/4.3: shortest form, lower case.
        {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1", Network::ipv6},
        {"2001:DB8::ABCD", "2001:db8::abcd", Network::ipv6},
        // §4.2.2: a single zero group is not compressed.
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", Network::ipv6},
        // §4.2.3: the longest run, the first one on a tie.
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", Network::ipv6},
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1", Network::ipv6},
        {"1:0:0:0:2:0:0:0", "1::2:0:0:0", Network::ipv6},
        {"::", "::", Network::ipv6},
        {"::1", "::1", Network::ipv6},
        {"1::", "1::", Network::ipv6},
        {"[2001:db8::1]", "2001:db8::1", Network::ipv6},
        {"fe80::1", "fe80::1", Network::ipv6},
        // IPv4-compatible (deprecated) stays hex, as Core prints it (glibc would say ::1.2.3.4).
        {"::1.2.3.4", "::102:304", Network::ipv6},
        // IPv4-mapped becomes IPv4.
        {"::ffff:1.2.3.4", "1.2.3.4", Network::ipv4},
        {"[::ffff:a00:1]", "10.0.0.1", Network::ipv4},
        // fc00::/8 text is IPv6: CJDNS is only known from addrv2's network id.
        {"fc00::1", "fc00::1", Network::ipv6},
        {CORE_ONION_TEXT, CORE_ONION_TEXT, Network::onion},
        {"PG6MMJIYJMCRSSLVYKFWNNTLARU7P5SVN6Y2YMMJU6NUBXNDF4PSCRYD.ONION", CORE_ONION_TEXT, Network::onion},
        // Core net_tests.cpp cnetaddr_serialize_v2: this onion serializes to 53cd5648...bd88.
        {"kpgvmscirrdqpekbqjsvw5teanhatztpp2gl6eee4zkowvwfxwenqaid.onion",
         "kpgvmscirrdqpekbqjsvw5teanhatztpp2gl6eee4zkowvwfxwenqaid.onion", Network::onion},
        {CORE_I2P_TEXT, CORE_I2P_TEXT, Network::i2p},
        {"UKEU3K5OYCGAAUNEQGTNVSELMT4YEMVOILKLN7JPVAMVFX7DNKDQ.B32.I2P", CORE_I2P_TEXT, Network::i2p},
    };
    for (const auto& c : cases) {
        const NetAddress address = ParseHost(c.input);
        EXPECT_EQ(address.ToString(), c.canonical) << c.input;
        EXPECT_EQ(address.GetNetwork(), c.network) << c.input;
        EXPECT_EQ(ParseHost(address.ToString()), address) << c.input;
    }
    EXPECT_EQ(HexStr(ParseHost("kpgvmscirrdqpekbqjsvw5teanhatztpp2gl6eee4zkowvwfxwenqaid.onion").Raw()),
              "53cd5648488c4707914182655b7664034e09e66f7e8cbf1084e654eb56c5bd88");
    EXPECT_EQ(HexStr(ParseHost(CORE_ONION_TEXT).Raw()), CORE_ONION_PUBKEY);
    EXPECT_EQ(HexStr(ParseHost(CORE_I2P_TEXT).Raw()), CORE_I2P_HASH);
}

struct ErrorCase {
    const char* input;
    const char* error;
};

TEST(ParseHost, Errors)
{
    const ErrorCase cases[] = {
        {"", "empty host"},
        {"[]", "empty host"},
        {"1.2.3", "not an IP address, .onion or .b32.i2p name: \"1.2.3\""},
        {"01.2.3.4", "not an IP address, .onion or .b32.i2p name: \"01.2.3.4\""},
        {"1.2.3.256", "not an IP address, .onion or .b32.i2p name: \"1.2.3.256\""},
        {"example.com", "not an IP address, .onion or .b32.i2p name: \"example.com\""},
        {"2001:db8::1%eth0", "not an IP address, .onion or .b32.i2p name: \"2001:db8::1%eth0\""},
        {"[1.2.3.4]", "not an IPv6 address in brackets: \"[1.2.3.4]\""},
        // Tor v2 (16 characters) is retired (Core net_tests.cpp: "TORv2, no longer supported").
        {"6hzph5hv6337r6p2.onion",
         "not a Tor v3 address (56 base32 characters before .onion): \"6hzph5hv6337r6p2.onion\""},
        {"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4psc1yd.onion",
         "bad base32 in .onion address: \"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4psc1yd.onion\""},
        // Checksum byte flipped (computed with Python hashlib.sha3_256 + base64.b32encode).
        {"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4psaryd.onion",
         "bad .onion checksum: \"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4psaryd.onion\""},
        // Version byte 4 with a checksum computed over version 4, and with one over version 3.
        {"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pwaqae.onion",
         "bad .onion version 4 (expected 3): \"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pwaqae.onion\""},
        {"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscrye.onion",
         "bad .onion version 4 (expected 3): \"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscrye.onion\""},
        {"ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkd.b32.i2p",
         "not an I2P address (52 base32 characters before .b32.i2p): "
         "\"ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkd.b32.i2p\""},
        // Non-zero leftover bits: not the canonical text of any 32 bytes.
        {"ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdr.b32.i2p",
         "bad base32 in .b32.i2p address: \"ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdr.b32.i2p\""},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ErrorOf<AddressError>([&] { ParseHost(c.input); }), c.error) << c.input;
    }
    const std::string with_nul{"1.2.3.4\0", 8};
    EXPECT_EQ(ErrorOf<AddressError>([&] { ParseHost(with_nul); }), "NUL in host");
    EXPECT_EQ(TryParseHost("example.com"), std::nullopt);
    EXPECT_EQ(TryParseHost("1.2.3.4"), ParseHost("1.2.3.4"));
}

struct RoutabilityCase {
    const char* host;
    bool valid;
    bool routable;
    const char* why;
};

TEST(NetAddress, RoutabilityAsBitcoinCore)
{
    const RoutabilityCase cases[] = {
        {"8.8.8.8", true, true, "public IPv4"},
        {"2a01:4f8::1", true, true, "public IPv6"},
        {"0.0.0.0", false, false, "INADDR_ANY"},
        {"255.255.255.255", false, false, "INADDR_NONE"},
        {"::", false, false, "unspecified IPv6"},
        {"0.1.2.3", true, false, "0.0.0.0/8, Core's IsLocal"},
        {"127.0.0.1", true, false, "loopback"},
        {"127.255.0.1", true, false, "loopback /8"},
        {"::1", true, false, "IPv6 loopback"},
        {"10.1.2.3", true, false, "RFC 1918"},
        {"172.16.0.1", true, false, "RFC 1918"},
        {"172.31.255.255", true, false, "RFC 1918"},
        {"172.32.0.1", true, true, "just outside 172.16/12"},
        {"192.168.1.1", true, false, "RFC 1918"},
        {"198.18.0.1", true, false, "RFC 2544"},
        {"198.19.255.1", true, false, "RFC 2544"},
        {"198.20.0.1", true, true, "just outside 198.18/15"},
        {"169.254.1.1", true, false, "RFC 3927"},
        {"100.64.0.1", true, false, "RFC 6598"},
        {"100.127.255.1", true, false, "RFC 6598"},
        {"100.128.0.1", true, true, "just outside 100.64/10"},
        {"192.0.2.1", true, false, "RFC 5737 TEST-NET-1"},
        {"198.51.100.1", true, false, "RFC 5737 TEST-NET-2"},
        {"203.0.113.1", true, false, "RFC 5737 TEST-NET-3"},
        {"2001:db8::1", false, false, "RFC 3849 documentation: not even valid in Core"},
        {"fc00::1", true, false, "RFC 4193"},
        {"fdff::1", true, false, "RFC 4193"},
        {"2001:10::1", true, false, "RFC 4843 ORCHID"},
        {"2001:20::1", true, false, "RFC 7343 ORCHIDv2"},
        {"2001:30::1", true, true, "outside ORCHID"},
        {"fe80::1", true, false, "RFC 4862 link-local"},
        {"fe80:0:0:1::1", true, true, "outside fe80::/64, as Core draws it"},
        {CORE_ONION_TEXT, true, true, "Tor v3"},
        {CORE_I2P_TEXT, true, true, "I2P"},
    };
    for (const auto& c : cases) {
        const NetAddress address = ParseHost(c.host);
        EXPECT_EQ(address.IsValid(), c.valid) << c.host << " " << c.why;
        EXPECT_EQ(address.IsRoutable(), c.routable) << c.host << " " << c.why;
    }
    EXPECT_TRUE(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")).IsRoutable());
    EXPECT_FALSE(NetAddress::FromUnknown(9).IsRoutable());
}

TEST(NetAddress, ClassPredicatesAreSpecific)
{
    EXPECT_TRUE(ParseHost("10.0.0.1").IsRFC1918());
    EXPECT_FALSE(ParseHost("10.0.0.1").IsRFC6598());
    EXPECT_TRUE(ParseHost("198.18.0.1").IsRFC2544());
    EXPECT_TRUE(ParseHost("169.254.0.1").IsRFC3927());
    EXPECT_TRUE(ParseHost("100.64.0.1").IsRFC6598());
    EXPECT_TRUE(ParseHost("203.0.113.9").IsRFC5737());
    EXPECT_TRUE(ParseHost("2001:db8::").IsRFC3849());
    EXPECT_TRUE(ParseHost("fd00::").IsRFC4193());
    EXPECT_FALSE(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")).IsRFC4193());
    EXPECT_TRUE(ParseHost("2001:1f::").IsRFC4843());
    EXPECT_TRUE(ParseHost("2001:2f::").IsRFC7343());
    EXPECT_TRUE(ParseHost("fe80::").IsRFC4862());
    EXPECT_TRUE(ParseHost("127.0.0.1").IsLoopback());
    EXPECT_FALSE(ParseHost("0.0.0.1").IsLoopback());
    EXPECT_TRUE(ParseHost("0.0.0.1").IsLocal());
    EXPECT_TRUE(ParseHost("::1").IsLoopback());
    EXPECT_FALSE(ParseHost("::2").IsLoopback());
}

TEST(Endpoint, ToString)
{
    EXPECT_EQ((Endpoint{ParseHost("1.2.3.4"), 8333}).ToString(), "1.2.3.4:8333");
    EXPECT_EQ((Endpoint{ParseHost("2001:db8::1"), 8333}).ToString(), "[2001:db8::1]:8333");
    EXPECT_EQ((Endpoint{NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007")), 8333}).ToString(),
              "[fc00:1:2:3:4:5:6:7]:8333");
    EXPECT_EQ((Endpoint{ParseHost(CORE_ONION_TEXT), 8333}).ToString(), std::string{CORE_ONION_TEXT} + ":8333");
    EXPECT_EQ((Endpoint{ParseHost(CORE_I2P_TEXT), 0}).ToString(), std::string{CORE_I2P_TEXT} + ":0");
}

struct SplitCase {
    const char* input;
    const char* host;
    uint16_t port;
};

TEST(SplitHostPort, Forms)
{
    const SplitCase cases[] = {
        {"1.2.3.4", "1.2.3.4", 8333},
        {"1.2.3.4:18444", "1.2.3.4", 18444},
        {"seed.example.org", "seed.example.org", 8333},
        {"seed.example.org:1", "seed.example.org", 1},
        {"[2001:db8::1]", "2001:db8::1", 8333},
        {"[2001:db8::1]:8334", "2001:db8::1", 8334},
        {"2001:db8::1", "2001:db8::1", 8333},  // bare IPv6: every colon belongs to the address
        {"::1", "::1", 8333},
        {"x.onion:0", "x.onion", 0},
        {"host:65535", "host", 65535},
    };
    for (const auto& c : cases) {
        const HostPort result = SplitHostPort(c.input, 8333);
        EXPECT_EQ(result.host, c.host) << c.input;
        EXPECT_EQ(result.port, c.port) << c.input;
    }
}

TEST(SplitHostPort, Errors)
{
    const ErrorCase cases[] = {
        {"", "empty host in \"\""},
        {":8333", "empty host in \":8333\""},
        {"[]:8333", "empty host in \"[]:8333\""},
        {"host:", "bad port \"\" in \"host:\""},
        {"host:65536", "bad port \"65536\" in \"host:65536\""},
        {"host:-1", "bad port \"-1\" in \"host:-1\""},
        {"host:+1", "bad port \"+1\" in \"host:+1\""},
        {"host:8a", "bad port \"8a\" in \"host:8a\""},
        {"[::1", "missing ']' in \"[::1\""},
        {"[::1]8333", "expected ':' after ']' in \"[::1]8333\""},
        {"[::1]:", "bad port \"\" in \"[::1]:\""},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ErrorOf<AddressError>([&] { SplitHostPort(c.input, 8333); }), c.error) << c.input;
    }
}

TEST(Cidr, ParseContainsAndText)
{
    const Cidr loopback = Cidr::Parse("127.0.0.0/8");
    EXPECT_EQ(loopback.ToString(), "127.0.0.0/8");
    EXPECT_TRUE(loopback.Contains(ParseHost("127.10.0.1")));
    EXPECT_FALSE(loopback.Contains(ParseHost("128.0.0.1")));
    EXPECT_FALSE(loopback.Contains(ParseHost("::1")));
    EXPECT_FALSE(loopback.Contains(ParseHost("::ffff:128.0.0.1")));
    EXPECT_TRUE(loopback.Contains(ParseHost("::ffff:127.0.0.1")));

    EXPECT_EQ(Cidr::Parse("10.1.2.3/12").ToString(), "10.0.0.0/12");  // host bits cleared
    EXPECT_EQ(Cidr::Parse("1.2.3.4").ToString(), "1.2.3.4/32");
    EXPECT_EQ(Cidr::Parse("::1").ToString(), "::1/128");
    EXPECT_EQ(Cidr::Parse("2001:db8:abcd::/33").ToString(), "2001:db8:8000::/33");

    const Cidr odd = Cidr::Parse("192.168.0.0/23");
    EXPECT_TRUE(odd.Contains(ParseHost("192.168.1.255")));
    EXPECT_FALSE(odd.Contains(ParseHost("192.168.2.0")));

    const Cidr all4 = Cidr::Parse("0.0.0.0/0");
    EXPECT_TRUE(all4.Contains(ParseHost("255.255.255.255")));
    EXPECT_FALSE(all4.Contains(ParseHost("::")));

    const Cidr ula = Cidr::Parse("fc00::/8");
    EXPECT_TRUE(ula.Contains(NetAddress::FromCjdns(Array<16>("fc000001000200030004000500060007"))));
    EXPECT_FALSE(ula.Contains(ParseHost(CORE_ONION_TEXT)));
    EXPECT_TRUE(Cidr::Parse("::1/128").Contains(ParseHost("::1")));
    EXPECT_FALSE(Cidr::Parse("::1/128").Contains(ParseHost("::2")));
}

TEST(Cidr, Errors)
{
    const ErrorCase cases[] = {
        {"127.0.0.0/33", "bad prefix length \"33\" (0-32) in \"127.0.0.0/33\""},
        {"::/129", "bad prefix length \"129\" (0-128) in \"::/129\""},
        {"127.0.0.0/", "bad prefix length \"\" (0-32) in \"127.0.0.0/\""},
        {"127.0.0.0/-1", "bad prefix length \"-1\" (0-32) in \"127.0.0.0/-1\""},
        {"127.0.0.0/8/8", "bad prefix length \"8/8\" (0-32) in \"127.0.0.0/8/8\""},
        {"/8", "empty host"},
        {"example.com/8", "not an IP address, .onion or .b32.i2p name: \"example.com\""},
        {"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion/8",
         "CIDR needs an IPv4 or IPv6 address: \"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion/8\""},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ErrorOf<AddressError>([&] { Cidr::Parse(c.input); }), c.error) << c.input;
    }
}

TEST(NetAddress, OrderingEqualityAndHashing)
{
    const NetAddress a = ParseHost("1.2.3.4");
    const NetAddress b = ParseHost("::ffff:1.2.3.4");
    EXPECT_EQ(a, b);
    EXPECT_EQ(NetAddressHash{}(a), NetAddressHash{}(b));
    EXPECT_NE(ParseHost("1.2.3.4"), ParseHost("1.2.3.5"));
    EXPECT_LT(ParseHost("1.2.3.4"), ParseHost("::1"));  // ordered by network first

    std::unordered_set<Endpoint, EndpointHash> endpoints;
    endpoints.insert({a, 8333});
    endpoints.insert({b, 8333});
    endpoints.insert({a, 8334});
    endpoints.insert({ParseHost(CORE_ONION_TEXT), 8333});
    EXPECT_EQ(endpoints.size(), 3u);
}

}  // namespace
}  // namespace wire
