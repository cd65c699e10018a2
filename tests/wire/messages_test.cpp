// Why this file exists: every message this library models is pinned by a public vector or a round
// trip, every decoder's error path by its exact text, and every truncation of a valid payload by
// the error it must give (or, for old short `version` messages, the fields it must keep).
#include <gtest/gtest.h>

#include <set>

#include "wire/messages.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::ErrorOf;
using test::Hex;

// developer.bitcoin.org, P2P Network reference, "version" example
// (https://developer.bitcoin.org/reference/p2p_networking.html#version): a mainnet Bitcoin Core
// 0.9.3 version message with the relay byte.
const char* DEVELOPER_VERSION_PAYLOAD =
    "72110100"                          // version 70002
    "0100000000000000"                  // services NODE_NETWORK
    "bc8f5e5400000000"                  // timestamp 1415483324
    "0100000000000000"                  // addr_recv services
    "00000000000000000000ffffc61b6409"  // addr_recv 198.27.100.9
    "208d"                              // addr_recv port 8333
    "0100000000000000"                  // addr_from services
    "00000000000000000000ffffcb0071c0"  // addr_from 203.0.113.192
    "208d"                              // addr_from port 8333
    "128035cbc97953f8"                  // nonce
    "0f2f5361746f7368693a302e392e332f"  // "/Satoshi:0.9.3/"
    "cf050500"                          // start_height 329167
    "01";                               // relay

// The Bitcoin wiki's version example (https://en.bitcoin.it/wiki/Protocol_documentation#version):
// protocol 60002, no relay byte (it predates BIP37).
const char* WIKI_VERSION_PAYLOAD =
    "62ea0000"                                              // version 60002
    "0100000000000000"                                      // services
    "11b2d05000000000"                                      // 1355854353
    "010000000000000000000000000000000000ffff000000000000"  // addr_recv
    "010000000000000000000000000000000000ffff000000000000"  // addr_from
    "3b2eb35d8ce61765"                                      // nonce
    "0f2f5361746f7368693a302e372e322f"                      // "/Satoshi:0.7.2/"
    "c03e0300";                                             // height 212672

// Bitcoin Core src/test/netbase_tests.cpp, stream_addrv2_hex (an addrv2 payload).
const char* CORE_ADDRV2_PAYLOAD =
    "03"                                // number of entries
    "61bc6649"                          // time 1229642849
    "00"                                // services COMPACTSIZE(NODE_NONE)
    "02"                                // network id IPv6
    "10"                                // address length 16
    "00000000000000000000000000000001"  // ::1
    "0000"                              // port 0
    "79627683"                          // time 2205573753
    "01"                                // services NODE_NETWORK
    "02"                                // network id IPv6
    "10"                                // address length 16
    "00000000000000000000000000000001"  // ::1
    "00f1"                              // port 241
    "ffffffff"                          // time 4294967295
    "fd4804"                            // services 0x448
    "02"                                // network id IPv6
    "10"                                // address length 16
    "00000000000000000000000000000001"  // ::1
    "f1f2";                             // port 61938

// The same addresses as `addr` (Core netbase_tests.cpp, stream_addrv1_hex).
const char* CORE_ADDR_PAYLOAD =
    "03"                                // number of entries
    "61bc6649"                          // time
    "0000000000000000"                  // services NODE_NONE
    "00000000000000000000000000000001"  // ::1
    "0000"                              // port 0
    "79627683"                          // time
    "0100000000000000"                  // services NODE_NETWORK
    "00000000000000000000000000000001"  // ::1
    "00f1"                              // port 241
    "ffffffff"                          // time
    "4804000000000000"                  // services 0x448
    "00000000000000000000000000000001"  // ::1
    "f1f2";                             // port 61938

NetAddress Host(std::string_view text)
{
    return ParseHost(text);
}

std::vector<AddrEntry> CoreFixtureEntries()
{
    return {
        {0x4966bc61, 0, Host("::1"), 0}, {0x83766279, 1, Host("::1"), 0xf1}, {0xffffffff, 0x448, Host("::1"), 0xf1f2}};
}

TEST(Version, DecodeDeveloperReferenceExample)
{
    const Bytes payload = Hex(DEVELOPER_VERSION_PAYLOAD);
    const VersionMessage version = DecodeVersion(payload);
    EXPECT_EQ(version.version, 70002);
    EXPECT_EQ(version.services, 1u);
    EXPECT_EQ(version.timestamp, 1415483324);
    EXPECT_EQ(version.addr_recv, (VersionAddress{1, Host("198.27.100.9"), 8333}));
    EXPECT_EQ(version.addr_from, (VersionAddress{1, Host("203.0.113.192"), 8333}));
    EXPECT_EQ(version.nonce, 0xf85379c9cb358012ULL);
    EXPECT_EQ(version.user_agent, "/Satoshi:0.9.3/");
    EXPECT_EQ(version.start_height, 329167);
    EXPECT_EQ(version.relay, true);
    EXPECT_EQ(EncodeVersion(version), payload);
}

TEST(Version, DecodeWikiExampleWithoutRelay)
{
    const Bytes payload = Hex(WIKI_VERSION_PAYLOAD);
    const VersionMessage version = DecodeVersion(payload);
    EXPECT_EQ(version.version, 60002);
    EXPECT_EQ(version.timestamp, 1355854353);
    EXPECT_EQ(version.addr_recv, (VersionAddress{1, Host("0.0.0.0"), 0}));
    EXPECT_EQ(version.nonce, 0x6517e68c5db32e3bULL);
    EXPECT_EQ(version.user_agent, "/Satoshi:0.7.2/");
    EXPECT_EQ(version.start_height, 212672);
    EXPECT_EQ(version.relay, std::nullopt);
    EXPECT_EQ(EncodeVersion(version), payload);
}

TEST(Version, EveryTruncationIsAnErrorOrAnOlderVersion)
{
    const Bytes payload = Hex(DEVELOPER_VERSION_PAYLOAD);
    const VersionMessage full = DecodeVersion(payload);
    // Where Core's "version" handler stops reading when the payload ends (net_processing.cpp):
    // after addr_recv (46), after addr_from+nonce (80), after user_agent (96), after
    // start_height (100).
    const std::set<size_t> complete{46, 80, 96, 100};
    for (size_t length = 0; length < payload.size(); ++length) {
        const ByteSpan prefix = ByteSpan{payload}.first(length);
        if (!complete.contains(length)) {
            EXPECT_EQ(ErrorOf<DecodeError>([&] { DecodeVersion(prefix); }), "version: end of data") << length;
            continue;
        }
        const VersionMessage version = DecodeVersion(prefix);
        VersionMessage expected = full;
        expected.relay = std::nullopt;
        if (length < 100) expected.start_height = 0;
        if (length < 96) expected.user_agent.clear();
        if (length < 80) {
            expected.addr_from = {};
            expected.nonce = 0;
        }
        EXPECT_EQ(version, expected) << length;
    }
}

TEST(Version, TrailingBytesAfterRelayAreIgnored)
{
    Bytes payload = Hex(DEVELOPER_VERSION_PAYLOAD);
    payload.push_back(0x99);
    payload.push_back(0x98);
    EXPECT_EQ(DecodeVersion(payload), DecodeVersion(Hex(DEVELOPER_VERSION_PAYLOAD)));
}

TEST(Version, RelayByteAnyNonZeroIsTrue)
{
    Bytes payload = Hex(DEVELOPER_VERSION_PAYLOAD);
    payload.back() = 0;
    EXPECT_EQ(DecodeVersion(payload).relay, false);
    payload.back() = 2;
    EXPECT_EQ(DecodeVersion(payload).relay, true);
}

Bytes VersionWithUserAgent(std::string_view length_hex, size_t length)
{
    return Hex(std::string{DEVELOPER_VERSION_PAYLOAD}.substr(0, 160)  // up to and including the nonce
               + std::string{length_hex} + std::string(length * 2, 'a') + "00000000");
}

TEST(Version, UserAgentLimit)
{
    EXPECT_EQ(DecodeVersion(VersionWithUserAgent("fd0001", 256)).user_agent, std::string(256, '\xaa'));
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeVersion(VersionWithUserAgent("fd0101", 257)); }),
              "version: string of 257 bytes > 256");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeVersion(VersionWithUserAgent("fd0f00", 15)); }),
              "version: CompactSize: non-canonical encoding");
    VersionMessage version;
    version.user_agent = std::string(257, 'x');
    EXPECT_EQ(ErrorOf<std::invalid_argument>([&] { EncodeVersion(version); }),
              "version: user_agent of 257 bytes > 256");
}

TEST(Version, RoundTripOfOurOwnVersion)
{
    VersionMessage version;
    version.version = PROTOCOL_VERSION;
    version.services = 0;
    version.timestamp = 1700000000;
    version.addr_recv = {0, Host("2001:db8::5"), 18444};
    version.addr_from = {0, Host("127.0.0.1"), 0};
    version.nonce = 0x0123456789abcdefULL;
    version.user_agent = "/btccrawl:0.1.0/";
    version.start_height = -1;
    version.relay = false;
    const Bytes payload = EncodeVersion(version);
    EXPECT_EQ(payload.size(), 4 + 8 + 8 + 26 + 26 + 8 + 1 + 16 + 4 + 1u);
    EXPECT_EQ(DecodeVersion(payload), version);
}

TEST(Addr, DecodeCoreVector)
{
    const Bytes payload = Hex(CORE_ADDR_PAYLOAD);
    EXPECT_EQ(DecodeAddr(payload), CoreFixtureEntries());
    EXPECT_EQ(EncodeAddr(CoreFixtureEntries()), payload);
}

TEST(Addr, DecodeWikiExample)
{
    // https://en.bitcoin.it/wiki/Protocol_documentation#addr: one entry, 10.0.0.1:8333.
    const Bytes payload =
        Hex("01"                                // count
            "e215104d"                          // time 1292899810
            "0100000000000000"                  // services NODE_NETWORK
            "00000000000000000000ffff0a000001"  // 10.0.0.1, IPv4-mapped
            "208d");                            // port 8333
    const auto entries = DecodeAddr(payload);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0], (AddrEntry{1292899810, 1, Host("10.0.0.1"), 8333}));
    EXPECT_TRUE(entries[0].address.IsIPv4());
    EXPECT_EQ(EncodeAddr(entries), payload);
}

TEST(Addr, TorV2OnionCatStaysIPv6)
{
    const Bytes payload =
        Hex("01"
            "00000000"
            "0000000000000000"
            "fd87d87eeb430102030405060708090a"
            "208d");
    const auto entries = DecodeAddr(payload);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].address.GetNetwork(), Network::ipv6);
    EXPECT_FALSE(entries[0].address.IsValid());
}

TEST(Addr, EveryTruncationIsEndOfData)
{
    const Bytes payload = Hex(CORE_ADDR_PAYLOAD);
    for (size_t length = 0; length < payload.size(); ++length) {
        EXPECT_EQ(ErrorOf<DecodeError>([&] { DecodeAddr(ByteSpan{payload}.first(length)); }), "addr: end of data")
            << length;
    }
}

Bytes AddrWithCount(std::string_view count_hex, size_t entries, size_t entry_size)
{
    return Hex(std::string{count_hex} + std::string(entries * entry_size * 2, '0'));
}

TEST(Addr, EntryLimit)
{
    EXPECT_EQ(DecodeAddr(AddrWithCount("fde803", 1000, 30)).size(), 1000u);
    // The count alone decides: no entry bytes need to follow.
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeAddr(Hex("fde903")); }), "addr: 1001 entries > 1000");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeAddr(Hex("ffffffffffffffffff")); }),
              "addr: CompactSize: 18446744073709551615 > 33554432");
    // A large honest-looking count with no entries is an end of data, not a large allocation.
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeAddr(Hex("fde803")); }), "addr: end of data");
    const std::vector<AddrEntry> too_many(1001, AddrEntry{0, 0, Host("1.2.3.4"), 1});
    EXPECT_EQ(ErrorOf<std::invalid_argument>([&] { EncodeAddr(too_many); }), "addr: 1001 entries > 1000");
}

TEST(Addr, Errors)
{
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeAddr(Hex("fd0100")); }), "addr: CompactSize: non-canonical encoding");
    Bytes trailing = Hex(CORE_ADDR_PAYLOAD);
    trailing.push_back(0);
    EXPECT_EQ(ErrorOf<DecodeError>([&] { DecodeAddr(trailing); }), "addr: 1 unexpected bytes");
    const std::vector<AddrEntry> onion{
        {0, 0, Host("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"), 8333}};
    EXPECT_EQ(ErrorOf<std::invalid_argument>([&] { EncodeAddr(onion); }),
              "addr: onion address needs addrv2: pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    EXPECT_TRUE(DecodeAddr(Hex("00")).empty());
}

TEST(AddrV2, DecodeCoreVector)
{
    const Bytes payload = Hex(CORE_ADDRV2_PAYLOAD);
    EXPECT_EQ(DecodeAddrV2(payload), CoreFixtureEntries());
    EXPECT_EQ(EncodeAddrV2(CoreFixtureEntries()), payload);
}

// One entry of each network, plus an unknown id, with Core's net_tests.cpp address bytes.
const char* MIXED_ADDRV2_PAYLOAD =
    "07"  // 7 entries
    "01000000"
    "01"
    "01"
    "04"
    "01020304"
    "208d"  // IPv4 1.2.3.4:8333
    "02000000"
    "fd4804"
    "02"
    "10"  // IPv6, services 0x448
    "0102030405060708090a0b0c0d0e0f10"
    "208d"
    "03000000"
    "09"
    "04"
    "20"  // TORv3
    "79bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f"
    "208d"
    "04000000"
    "00"
    "05"
    "20"  // I2P, port 0
    "a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87"
    "0000"
    "05000000"
    "00"
    "06"
    "10"  // CJDNS
    "fc000001000200030004000500060007"
    "208d"
    "06000000"
    "00"
    "03"
    "0a"
    "f1f2f3f4f5f6f7f8f9fa"
    "208d"  // TORv2: unknown
    "07000000"
    "ffffffffffffffffff"
    "aa"
    "00"
    "0001";  // unknown id 0xaa

TEST(AddrV2, DecodeEveryNetwork)
{
    const Bytes payload = Hex(MIXED_ADDRV2_PAYLOAD);
    const auto entries = DecodeAddrV2(payload);
    ASSERT_EQ(entries.size(), 7u);
    EXPECT_EQ(entries[0], (AddrEntry{1, 1, Host("1.2.3.4"), 8333}));
    EXPECT_EQ(entries[1], (AddrEntry{2, 0x448, Host("102:304:506:708:90a:b0c:d0e:f10"), 8333}));
    EXPECT_EQ(entries[2].address.ToString(), "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    EXPECT_EQ(entries[2].services, 9u);
    EXPECT_EQ(entries[3].address.ToString(), "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p");
    EXPECT_EQ(entries[3].port, 0);
    EXPECT_EQ(entries[4].address.GetNetwork(), Network::cjdns);
    EXPECT_EQ(entries[4].address.ToString(), "fc00:1:2:3:4:5:6:7");
    EXPECT_EQ(entries[5].address, NetAddress::FromUnknown(BIP155_TORV2));
    EXPECT_EQ(entries[6], (AddrEntry{7, UINT64_MAX, NetAddress::FromUnknown(0xaa), 1}));
    // Re-encoding keeps every known address; unknown ones keep only their id.
    EXPECT_EQ(DecodeAddrV2(EncodeAddrV2(entries)), entries);
}

TEST(AddrV2, EveryTruncationIsEndOfData)
{
    const Bytes payload = Hex(MIXED_ADDRV2_PAYLOAD);
    for (size_t length = 0; length < payload.size(); ++length) {
        EXPECT_EQ(ErrorOf<DecodeError>([&] { DecodeAddrV2(ByteSpan{payload}.first(length)); }), "addrv2: end of data")
            << length;
    }
}

TEST(AddrV2, Errors)
{
    struct Case {
        const char* hex;
        const char* error;
    };
    const Case cases[] = {
        {"fde903", "addrv2: 1001 entries > 1000"},
        {"fd0100", "addrv2: CompactSize: non-canonical encoding"},
        // Core net_tests.cpp cnetaddr_unserialize_v2 reasons, inside a one-entry message.
        {"01"
         "00000000"
         "00"
         "01"
         "05"
         "0102030400"
         "0000",
         "addrv2: BIP155 IPv4 address with length 5 (should be 4)"},
        {"01"
         "00000000"
         "00"
         "02"
         "04"
         "00000000"
         "0000",
         "addrv2: BIP155 IPv6 address with length 4 (should be 16)"},
        {"01"
         "00000000"
         "00"
         "04"
         "00"
         "0000",
         "addrv2: BIP155 TORv3 address with length 0 (should be 32)"},
        {"01"
         "00000000"
         "00"
         "05"
         "03"
         "000000"
         "0000",
         "addrv2: BIP155 I2P address with length 3 (should be 32)"},
        {"01"
         "00000000"
         "00"
         "06"
         "01"
         "00"
         "0000",
         "addrv2: BIP155 CJDNS address with length 1 (should be 16)"},
        {"01"
         "00000000"
         "00"
         "01"
         "fd0102"
         "01020304",
         "addrv2: Address too long: 513 > 512"},
        {"01"
         "00000000"
         "00"
         "aa"
         "fe00000002"
         "01020304050607",
         "addrv2: Address too long: 33554432 > 512"},
        {"01"
         "00000000"
         "00"
         "aa"
         "fe01000002",
         "addrv2: CompactSize: 33554433 > 33554432"},
        {"01"
         "00000000"
         "fd0100"
         "01"
         "04"
         "01020304"
         "0000",
         "addrv2: CompactSize: non-canonical encoding"},
        {"01"
         "00000000"
         "00"
         "01"
         "04"
         "01020304"
         "0000"
         "00",
         "addrv2: 1 unexpected bytes"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ErrorOf<DecodeError>([&] { DecodeAddrV2(Hex(c.hex)); }), c.error) << c.hex;
    }
    EXPECT_EQ(DecodeAddrV2(AddrWithCount("fde803", 1000, 9)).size(), 1000u);  // 1000 all-zero entries: unknown id 0
    const std::vector<AddrEntry> too_many(1001, AddrEntry{0, 0, Host("1.2.3.4"), 1});
    EXPECT_EQ(ErrorOf<std::invalid_argument>([&] { EncodeAddrV2(too_many); }), "addrv2: 1001 entries > 1000");
}

TEST(AddrV2, UnknownIdAtMaximumLengthIsSkipped)
{
    const Bytes payload =
        Hex("02"
            "00000000"
            "00"
            "63"
            "fd0002" +
            std::string(1024, 'e') +
            "0001"
            "00000000"
            "00"
            "01"
            "04"
            "7f000001"
            "208d");
    const auto entries = DecodeAddrV2(payload);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].address, NetAddress::FromUnknown(0x63));
    EXPECT_EQ(entries[1].address, Host("127.0.0.1"));
}

TEST(SimpleMessages, RoundTripsAndKnownBytes)
{
    EXPECT_EQ(HexStr(EncodeNonce(0x0102030405060708ULL)), "0807060504030201");
    EXPECT_EQ(DecodeNonce(Hex("0807060504030201")), 0x0102030405060708ULL);
    EXPECT_EQ(HexStr(EncodeFeeFilter(1000)), "e803000000000000");
    EXPECT_EQ(DecodeFeeFilter(Hex("e803000000000000")), 1000);
    EXPECT_EQ(DecodeFeeFilter(Hex("ffffffffffffffff")), -1);
    // BIP152: announce=0, version=2 (what Core sends).
    EXPECT_EQ(HexStr(EncodeSendCmpct({false, 2})),
              "00"
              "0200000000000000");
    EXPECT_EQ(DecodeSendCmpct(Hex("01"
                                  "0100000000000000")),
              (SendCmpct{true, 1}));
}

TEST(SimpleMessages, Errors)
{
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeNonce(Hex("01020304")); }), "nonce: end of data");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeNonce(Hex("010203040506070809")); }), "nonce: 1 unexpected bytes");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeFeeFilter(Hex("0102")); }), "feefilter: end of data");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeSendCmpct(Hex("01")); }), "sendcmpct: end of data");
    EXPECT_EQ(ErrorOf<DecodeError>([] {
                  DecodeSendCmpct(
                      Hex("01"
                          "0100000000000000"
                          "00"));
              }),
              "sendcmpct: 1 unexpected bytes");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeEmpty(command::VERACK, Hex("010203")); }), "verack: 3 unexpected bytes");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeEmpty(command::GETADDR, {}); }), "no error");
}

TEST(DecodeMessage, EveryCommandRoundTripsThroughAFrame)
{
    const Magic regtest{0xfa, 0xbf, 0xb5, 0xda};
    VersionMessage version;
    version.user_agent = "/test/";
    version.relay = true;
    const std::vector<Message> messages{
        version,
        Verack{},
        SendAddrV2{},
        GetAddr{},
        WtxidRelay{},
        SendHeaders{},
        Addr{CoreFixtureEntries()},
        AddrV2{DecodeAddrV2(Hex(MIXED_ADDRV2_PAYLOAD))},
        Ping{42},
        Pong{43},
        SendCmpct{true, 2},
        FeeFilter{1000},
        Unknown{"inv", Hex("0100000000")},
    };
    const std::vector<std::string_view> commands{"version",     "verack",    "sendaddrv2", "getaddr", "wtxidrelay",
                                                 "sendheaders", "addr",      "addrv2",     "ping",    "pong",
                                                 "sendcmpct",   "feefilter", "inv"};
    FrameDecoder decoder{regtest};
    for (const Message& message : messages)
        decoder.Feed(EncodeFrame(regtest, CommandOf(message), EncodePayload(message)));
    for (size_t i = 0; i < messages.size(); ++i) {
        const auto frame = decoder.Next();
        ASSERT_TRUE(frame);
        EXPECT_EQ(frame->command, commands[i]);
        const Message decoded = DecodeMessage(*frame);
        EXPECT_EQ(decoded.index(), messages[i].index()) << commands[i];
        EXPECT_EQ(CommandOf(decoded), commands[i]);
        EXPECT_EQ(EncodePayload(decoded), EncodePayload(messages[i])) << commands[i];
    }
    EXPECT_FALSE(decoder.Next());
    EXPECT_EQ(std::get<VersionMessage>(DecodeMessage({"version", EncodeVersion(version)})), version);
    EXPECT_EQ(std::get<Ping>(DecodeMessage({"ping", EncodeNonce(42)})).nonce, 42u);
    EXPECT_EQ(std::get<Unknown>(DecodeMessage({"inv", Hex("00")})).payload, Hex("00"));
}

TEST(DecodeMessage, ErrorsNameTheCommand)
{
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeMessage({"ping", Hex("00")}); }), "ping: end of data");
    EXPECT_EQ(ErrorOf<DecodeError>([] {
                  DecodeMessage({"pong", Hex("000000000000000000")});
              }),
              "pong: 1 unexpected bytes");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeMessage({"sendaddrv2", Hex("00")}); }), "sendaddrv2: 1 unexpected bytes");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeMessage({"addr", Hex("fde903")}); }), "addr: 1001 entries > 1000");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeMessage({"addrv2", Hex("fde903")}); }), "addrv2: 1001 entries > 1000");
    EXPECT_EQ(ErrorOf<DecodeError>([] { DecodeMessage({"version", Hex("00")}); }), "version: end of data");
}

}  // namespace
}  // namespace wire
