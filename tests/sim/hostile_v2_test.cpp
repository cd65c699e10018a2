// Why this file exists: the hostile BIP324 kinds (issue 12) are judged by what our own initiator
// makes of their bytes, so each test plays the crawler's V2Transport against the node's reply and
// pins the precise error (or the silence) the crawler must end the connection on.
#include <gtest/gtest.h>

#include "sim/replies.h"
#include "wire/chain.h"

namespace sim {
namespace {

const wire::Magic MAGIC = wire::FindChain("regtest")->magic;

// The crawler's side and the node's cipher, initialised from the crawler's key as a node does.
struct Dial {
    explicit Dial(NodeKind kind) : crawler{MAGIC, true}
    {
        const wire::Bytes hello = crawler.TakeOutput();
        wire::EllSwiftPubKey theirs;
        std::copy_n(hello.begin(), theirs.size(), theirs.begin());
        node.Initialize(theirs, false, kind == NodeKind::v2badmagic ? WrongMagic(MAGIC) : MAGIC);
        crawler.Feed(HostileV2Handshake(kind, node));
    }

    wire::V2Transport crawler;
    wire::Bip324Cipher node;
};

wire::TransportErrorKind ErrorOf(wire::Transport& transport)
{
    try {
        transport.Next();
    } catch (const wire::TransportError& error) {
        return error.Kind();
    }
    ADD_FAILURE() << "no TransportError";
    return wire::TransportErrorKind::bad_message_type;
}

TEST(HostileV2, NamesRoundTripAndEveryKindSpeaksV2OnlyAndAdvertisesIt)
{
    Config config;
    config.nodes = 10;
    config.faults = 0.5;
    config.fault_kinds.assign(V2_HOSTILE_KINDS.begin(), V2_HOSTILE_KINDS.end());
    const World world{config};
    for (const NodeKind kind : V2_HOSTILE_KINDS) {
        EXPECT_EQ(FaultKindFromName(KindName(kind)), kind);
        EXPECT_TRUE(IsV2Hostile(kind));
    }
    EXPECT_FALSE(IsV2Hostile(NodeKind::good));
    EXPECT_FALSE(IsV2Hostile(NodeKind::garbage));
    for (uint32_t node = world.GoodNodes(); node < world.TotalNodes(); ++node) {
        EXPECT_EQ(world.TransportOf(node), NodeTransport::v2) << node;
        EXPECT_NE(world.VersionOf(node).services & NODE_P2P_V2, 0u) << node;
    }
}

TEST(HostileV2, GarbageWithoutTerminatorIsRefusedAtTheLimit)
{
    Dial dial{NodeKind::v2garbage};
    EXPECT_EQ(ErrorOf(dial.crawler), wire::TransportErrorKind::no_garbage_terminator);
}

TEST(HostileV2, AFlippedTagBitFailsTheVersionPacket)
{
    Dial dial{NodeKind::v2badtag};
    EXPECT_EQ(ErrorOf(dial.crawler), wire::TransportErrorKind::bad_tag);
}

TEST(HostileV2, DecoysAreIgnoredAndNeverCompleteTheHandshake)
{
    Dial dial{NodeKind::v2decoys};
    for (int round = 0; round < 3; ++round) {
        dial.crawler.Feed(DecoyPackets(dial.node));
        EXPECT_FALSE(dial.crawler.Next().has_value());
    }
    EXPECT_EQ(dial.crawler.Ignored(), 3 * CHATTER_BATCH);
    EXPECT_FALSE(dial.crawler.HandshakeComplete());
}

TEST(HostileV2, SilentCompletesTheV2HandshakeAndSendsNoMessage)
{
    Dial dial{NodeKind::v2silent};
    EXPECT_FALSE(dial.crawler.Next().has_value());
    EXPECT_TRUE(dial.crawler.HandshakeComplete());
}

TEST(HostileV2, KeysOfAnotherMagicLeaveTheCrawlerWaitingForATerminator)
{
    Dial dial{NodeKind::v2badmagic};
    EXPECT_FALSE(dial.crawler.Next().has_value());
    EXPECT_FALSE(dial.crawler.HandshakeComplete());
    // Its session is not ours: the keys differ, and so does everything derived from them.
    EXPECT_NE(dial.crawler.GetSessionId().value(), dial.node.GetSessionId());
}

}  // namespace
}  // namespace sim
