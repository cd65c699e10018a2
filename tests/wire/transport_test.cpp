// Why this file exists: the transports decide when a peer is dropped and when a connection falls
// back to v1. A v2 session between our initiator and our responder, rekeying, decoys, and every bad
// input with its exact error are pinned here; a hand-driven peer built on Bip324Cipher sends what
// our own transport never would (decoys, garbage without a terminator, forged packets).
#include <gtest/gtest.h>

#include "wire/transport.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::ErrorOf;

const Magic MAINNET{0xf9, 0xbe, 0xb4, 0xd9};
const Magic TESTNET{0x0b, 0x11, 0x09, 0x07};

Bytes Text(std::string_view text)
{
    return {text.begin(), text.end()};
}

// Moves bytes both ways until neither side has anything to send, in chunks of `chunk` bytes;
// returns the messages each side received.
std::pair<std::vector<Frame>, std::vector<Frame>> Exchange(Transport& a, Transport& b, size_t chunk = SIZE_MAX)
{
    std::vector<Frame> to_a;
    std::vector<Frame> to_b;
    auto deliver = [chunk](Transport& from, Transport& to, std::vector<Frame>& received) {
        const Bytes bytes = from.TakeOutput();
        for (size_t offset = 0; offset < bytes.size(); offset += chunk) {
            to.Feed(ByteSpan{bytes}.subspan(offset, std::min(chunk, bytes.size() - offset)));
            while (auto message = to.Next())
                received.push_back(std::move(*message));
        }
        return !bytes.empty();
    };
    while (deliver(a, b, to_b) | deliver(b, a, to_a)) {}
    return {to_a, to_b};
}

TEST(V2Transport, SessionBetweenInitiatorAndResponder)
{
    V2Transport initiator{MAINNET, true};
    V2Transport responder{MAINNET, false};
    // Queued before any key is known: sent once the handshake allows.
    initiator.Send("version", Text("hello"));
    initiator.Send("ping", Text("12345678"));
    EXPECT_FALSE(initiator.HandshakeComplete());

    auto [to_initiator, to_responder] = Exchange(initiator, responder);
    EXPECT_TRUE(initiator.HandshakeComplete());
    EXPECT_TRUE(responder.HandshakeComplete());
    ASSERT_TRUE(initiator.GetSessionId());
    EXPECT_EQ(initiator.GetSessionId(), responder.GetSessionId());
    ASSERT_EQ(to_responder.size(), 2u);
    EXPECT_EQ(to_responder[0].command, "version");
    EXPECT_EQ(to_responder[0].payload, Text("hello"));
    EXPECT_EQ(to_responder[1].command, "ping");  // short id 18 on the wire
    EXPECT_EQ(to_responder[1].payload, Text("12345678"));
    EXPECT_TRUE(to_initiator.empty());

    responder.Send("verack", {});
    responder.Send("addrv2", Text("x"));
    std::tie(to_initiator, to_responder) = Exchange(initiator, responder);
    ASSERT_EQ(to_initiator.size(), 2u);
    EXPECT_EQ(to_initiator[0].command, "verack");
    EXPECT_TRUE(to_initiator[0].payload.empty());
    EXPECT_EQ(to_initiator[1].command, "addrv2");
}

TEST(V2Transport, ByteByByteDeliveryGivesTheSameMessages)
{
    V2Transport initiator{MAINNET, true};
    V2Transport responder{MAINNET, false};
    initiator.Send("version", Text("v"));
    responder.Send("version", Text("w"));
    const auto [to_initiator, to_responder] = Exchange(initiator, responder, 1);
    ASSERT_EQ(to_initiator.size(), 1u);
    ASSERT_EQ(to_responder.size(), 1u);
    EXPECT_EQ(to_initiator[0].payload, Text("w"));
    EXPECT_EQ(to_responder[0].payload, Text("v"));
}

TEST(V2Transport, RekeysAfter224MessagesBothWays)
{
    V2Transport initiator{MAINNET, true};
    V2Transport responder{MAINNET, false};
    constexpr int COUNT = 3 * REKEY_INTERVAL + 5;  // three rekeys of each of the four ciphers
    for (int i = 0; i < COUNT; ++i) {
        initiator.Send("ping", Text(std::to_string(i)));
        responder.Send("pong", Text(std::to_string(i)));
    }
    const auto [to_initiator, to_responder] = Exchange(initiator, responder);
    ASSERT_EQ(to_initiator.size(), size_t{COUNT});
    ASSERT_EQ(to_responder.size(), size_t{COUNT});
    for (int i = 0; i < COUNT; ++i) {
        EXPECT_EQ(to_responder[i].payload, Text(std::to_string(i)));
        EXPECT_EQ(to_initiator[i].payload, Text(std::to_string(i)));
    }
}

// A responder driven by hand: it answers our initiator's key with what the test writes.
class HandPeer {
public:
    explicit HandPeer(V2Transport& initiator, const Magic& magic = MAINNET)
    {
        const Bytes hello = initiator.TakeOutput();
        EllSwiftPubKey theirs;
        std::copy_n(hello.begin(), ELLSWIFT_SIZE, theirs.begin());
        m_cipher.Initialize(theirs, false, magic);
        const EllSwiftPubKey& ours = m_cipher.OurPubKey();
        m_bytes.assign(ours.begin(), ours.end());
    }
    void Garbage(const Bytes& garbage)
    {
        m_garbage = garbage;
        Append(garbage);
    }
    void Terminator() { Append(m_cipher.SendGarbageTerminator()); }
    // A packet; the first carries the garbage as AAD.
    void Packet(ByteSpan contents, bool ignore = false)
    {
        m_cipher.Encrypt(contents, m_first ? ByteSpan{m_garbage} : ByteSpan{}, ignore, m_bytes);
        m_first = false;
    }
    void Handshake(const Bytes& garbage = {})
    {
        Garbage(garbage);
        Terminator();
        Packet({});  // version
    }
    Bytes Take() { return std::move(m_bytes); }
    void Append(ByteSpan bytes) { m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end()); }

private:
    Bip324Cipher m_cipher;
    Bytes m_garbage;
    Bytes m_bytes;
    bool m_first{true};
};

std::vector<Frame> FeedAll(Transport& transport, ByteSpan bytes)
{
    transport.Feed(bytes);
    std::vector<Frame> messages;
    while (auto message = transport.Next())
        messages.push_back(std::move(*message));
    return messages;
}

TEST(V2Transport, DecoysAreIgnoredEverywhere)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Garbage(Text("some garbage"));
    peer.Terminator();
    peer.Packet(Text("decoy before version, with the garbage as AAD"), true);
    peer.Packet({});  // version
    peer.Packet(Text("decoy"), true);
    const Bytes ping{18, 'a'};
    peer.Packet(ping);
    peer.Packet({}, true);
    const auto messages = FeedAll(initiator, peer.Take());
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].command, "ping");
    EXPECT_EQ(messages[0].payload, Text("a"));
    EXPECT_EQ(initiator.Ignored(), 3u);
}

TEST(V2Transport, ReservedShortIdIsSkipped)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Handshake();
    peer.Packet(Bytes{200, 1, 2});
    peer.Packet(Bytes{19, 7});
    const auto messages = FeedAll(initiator, peer.Take());
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].command, "pong");
    EXPECT_EQ(initiator.Ignored(), 1u);
}

TEST(V2Transport, MaximalGarbageIsAccepted)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Handshake(Bytes(MAX_GARBAGE_LEN, 0x55));
    FeedAll(initiator, peer.Take());
    EXPECT_TRUE(initiator.HandshakeComplete());
}

TEST(V2Transport, GarbageWithoutTerminatorIsAnError)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Garbage(Bytes(MAX_GARBAGE_LEN + GARBAGE_TERMINATOR_LEN - 1, 0x55));
    const Bytes bytes = peer.Take();
    FeedAll(initiator, bytes);  // one byte short of deciding: no error yet
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, Bytes{0x55}); }),
              "v2: no garbage terminator within 4095 bytes of garbage");
}

TEST(V2Transport, BadTagIsAnError)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Handshake();
    Bytes bytes = peer.Take();
    bytes.back() ^= 1;  // the version packet's tag
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, bytes); }), "v2: packet 0 fails authentication");
}

TEST(V2Transport, OversizeLengthIsAnErrorBeforeThePacketArrives)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Handshake();
    peer.Packet(Bytes(MAX_V2_CONTENTS_LEN + 1, 0));
    const Bytes bytes = peer.Take();
    const size_t through_length = ELLSWIFT_SIZE + GARBAGE_TERMINATOR_LEN + PACKET_EXPANSION + LENGTH_LEN;
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, ByteSpan{bytes}.first(through_length)); }),
              "v2: packet 1 declares 4000014 bytes > 4000013");
}

TEST(V2Transport, BadMessageTypesAreErrors)
{
    const std::pair<Bytes, std::string> cases[] = {
        {{}, "v2: packet without a message type"},
        {{0, 'p', 'i', 'n', 'g'}, "v2: message type of 4 bytes < 12"},
        {{0, 'p', 0, 'n', 'g', 0, 0, 0, 0, 0, 0, 0, 0}, "v2: bad command 70006e670000000000000000"},
    };
    for (const auto& [contents, error] : cases) {
        V2Transport initiator{MAINNET, true};
        HandPeer peer{initiator};
        peer.Handshake();
        peer.Packet(contents);
        const Bytes bytes = peer.Take();
        EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, bytes); }), error);
    }
}

TEST(V2Transport, LongFormCommandsRoundTrip)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator};
    peer.Handshake();
    Bytes contents{0, 's', 'e', 'n', 'd', 'a', 'd', 'd', 'r', 'v', '2', 0, 0};
    peer.Packet(contents);
    const auto messages = FeedAll(initiator, peer.Take());
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].command, "sendaddrv2");
}

TEST(V2Transport, ResponderDetectsAV1Peer)
{
    V2Transport responder{MAINNET, false};
    const Bytes v1_version = EncodeFrame(MAINNET, "version", Text("payload"));
    FeedAll(responder, ByteSpan{v1_version}.first(15));  // could still be a v2 key
    EXPECT_TRUE(responder.TakeOutput().empty());
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(responder, ByteSpan{v1_version}.subspan(15)); }),
              "v2: the peer sent a v1 version header (magic f9beb4d9)");
    // The same connection then serves the v1 peer from the bytes already received.
    V1Transport v1{MAINNET};
    const auto messages = FeedAll(v1, responder.Unconsumed());
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].command, "version");
    EXPECT_EQ(messages[0].payload, Text("payload"));
}

TEST(V2Transport, ResponderAnswersAsSoonAsTheKeyIsNotV1)
{
    V2Transport responder{MAINNET, false};
    FeedAll(responder, Bytes{0xf9, 0xbe, 0x00});
    EXPECT_GE(responder.TakeOutput().size(), ELLSWIFT_SIZE);
}

TEST(V2Transport, InitiatorDetectsAV1Answer)
{
    V2Transport initiator{MAINNET, true};
    initiator.TakeOutput();
    const Bytes v1_version = EncodeFrame(MAINNET, "version", {});
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, ByteSpan{v1_version}.first(4)); }),
              "v2: the peer answered with a v1 header (magic f9beb4d9)");
}

TEST(V2Transport, WrongMagicNeverCompletes)
{
    V2Transport initiator{MAINNET, true};
    HandPeer peer{initiator, TESTNET};
    peer.Handshake();
    peer.Append(Bytes(MAX_GARBAGE_LEN, 0));  // whatever follows: the terminator never matches
    EXPECT_EQ(ErrorOf<TransportError>([&] { FeedAll(initiator, peer.Take()); }),
              "v2: no garbage terminator within 4095 bytes of garbage");
    EXPECT_FALSE(initiator.HandshakeComplete());
}

TEST(V2Transport, ShortIdTable)
{
    EXPECT_EQ(V2ShortId("addr"), 1);
    EXPECT_EQ(V2ShortId("ping"), 18);
    EXPECT_EQ(V2ShortId("addrv2"), 28);
    EXPECT_EQ(V2ShortId("version"), std::nullopt);
    EXPECT_EQ(V2ShortId(""), std::nullopt);
}

TEST(V2Transport, GarbageOverTheLimitIsRefused)
{
    EXPECT_EQ(ErrorOf<std::invalid_argument>([] {
                  V2Transport{MAINNET, true, Bip324Cipher{}, Bytes(MAX_GARBAGE_LEN + 1)};
              }),
              "v2: garbage of 4096 bytes > 4095");
}

TEST(V1Transport, SessionAndErrorsThroughTheSameInterface)
{
    V1Transport a{MAINNET};
    V1Transport b{MAINNET};
    a.Send("version", Text("hi"));
    const auto [to_a, to_b] = Exchange(a, b);
    ASSERT_EQ(to_b.size(), 1u);
    EXPECT_EQ(to_b[0].command, "version");
    EXPECT_TRUE(a.HandshakeComplete());

    V1Transport wrong{TESTNET};
    wrong.Feed(EncodeFrame(MAINNET, "verack", {}));
    try {
        wrong.Next();
        FAIL() << "no error";
    } catch (const TransportError& error) {
        EXPECT_EQ(error.Kind(), TransportErrorKind::bad_magic);
        EXPECT_EQ(std::string{error.what()}, "frame: bad magic f9beb4d9 (expected 0b110907)");
    }
}

}  // namespace
}  // namespace wire
