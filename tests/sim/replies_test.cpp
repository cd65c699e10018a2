// Why this file exists: the bytes btcsim sends are the crawler's test input; these tests decode
// them with the wire library and pin the message order, the answer and each fault's defect.
#include "sim/replies.h"

#include <gtest/gtest.h>

#include "wire/chain.h"

namespace sim {
namespace {

const wire::Magic MAGIC = wire::FindChain("regtest")->magic;
const wire::Endpoint PEER{wire::NetAddress::FromIPv4({127, 0, 0, 1}), 40000};

World Small()
{
    Config config;
    config.nodes = 30;
    config.book = 1200;  // more than an answer carries
    config.dead = 700;
    config.exotic = 600;
    config.faults = 0.3;  // 9 fault nodes: one of each kind, nodes 30..38
    return World{config};
}

std::vector<wire::Frame> Frames(const wire::Bytes& bytes)
{
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(bytes);
    std::vector<wire::Frame> frames;
    while (auto frame = decoder.Next())
        frames.push_back(std::move(*frame));
    EXPECT_EQ(decoder.Buffered(), 0u);
    return frames;
}

std::vector<std::string> Commands(const std::vector<wire::Frame>& frames)
{
    std::vector<std::string> commands;
    for (const auto& frame : frames)
        commands.push_back(frame.command);
    return commands;
}

TEST(HandshakeReply, FollowsCoreOrderAndCarriesTheNodeVersion)
{
    const World world = Small();
    const auto frames = Frames(HandshakeReply(world, MAGIC, 4, PEER, 70016, 1'700'000'000));
    EXPECT_EQ(Commands(frames), std::vector<std::string>({"version", "wtxidrelay", "sendaddrv2", "verack"}));
    const auto version = wire::DecodeVersion(frames[0].payload);
    const auto fields = world.VersionOf(4);
    EXPECT_EQ(version.version, 70016);
    EXPECT_EQ(version.services, fields.services);
    EXPECT_EQ(version.timestamp, 1'700'000'000);
    EXPECT_EQ(version.addr_recv, (wire::VersionAddress{0, PEER.address, 40000}));
    EXPECT_EQ(version.nonce, fields.nonce);
    EXPECT_EQ(version.user_agent, fields.user_agent);
    EXPECT_EQ(version.start_height, fields.start_height);
    EXPECT_EQ(version.relay, fields.relay);
}

TEST(HandshakeReply, OldPeerGetsNoBip155OrBip339Messages)
{
    EXPECT_EQ(Commands(Frames(HandshakeReply(Small(), MAGIC, 4, PEER, 70015, 0))),
              std::vector<std::string>({"version", "verack"}));
}

TEST(AfterVerack, AnnouncesTheNodeItself)
{
    const World world = Small();
    const auto frames = Frames(AfterVerack(world, MAGIC, 6, true, 1'700'000'123));
    EXPECT_EQ(Commands(frames), std::vector<std::string>({"sendcmpct", "ping", "addrv2", "feefilter"}));
    const auto self = wire::DecodeAddrV2(frames[2].payload);
    ASSERT_EQ(self.size(), 1u);
    EXPECT_EQ(self[0], (wire::AddrEntry{1'700'000'123, world.ServicesOf(6), world.EndpointOf(6).address, 18444}));
    EXPECT_EQ(wire::DecodeSendCmpct(frames[0].payload), (wire::SendCmpct{false, 2}));
    EXPECT_EQ(wire::DecodeFeeFilter(frames[3].payload), 1000);
    EXPECT_EQ(Commands(Frames(AfterVerack(world, MAGIC, 6, false, 0)))[2], "addr");
}

TEST(AnswerFrame, CarriesTheFirst1000BookEntries)
{
    const World world = Small();
    const auto frames = Frames(AnswerFrame(world, MAGIC, 0, true));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].command, "addrv2");
    const auto entries = wire::DecodeAddrV2(frames[0].payload);
    const auto book = world.Book(0);
    ASSERT_EQ(entries.size(), 1000u);
    for (size_t i = 0; i < entries.size(); ++i)
        EXPECT_EQ(entries[i], world.EntryOf(book[i], 0)) << i;
}

TEST(AnswerFrame, AddrV1OmitsWhatItCannotCarry)
{
    const World world = Small();
    const auto frames = Frames(AnswerFrame(world, MAGIC, 0, false));
    EXPECT_EQ(frames[0].command, "addr");
    const auto entries = wire::DecodeAddr(frames[0].payload);
    EXPECT_EQ(entries, AnswerEntries(world, 0, false));
    size_t v1_compatible = 0;
    for (const auto& entry : AnswerEntries(world, 0, true))
        v1_compatible += entry.address.IsIPv4() || entry.address.IsIPv6();
    EXPECT_EQ(entries.size(), v1_compatible);
    EXPECT_LT(entries.size(), 1000u);
}

TEST(SplitAnswerFrames, CarryTheAnswerInTwoHalves)
{
    const World world = Small();
    const auto [first, second] = SplitAnswerFrames(world, MAGIC, 0, true);
    const auto first_frames = Frames(first);
    const auto second_frames = Frames(second);
    ASSERT_EQ(first_frames.size(), 1u);
    ASSERT_EQ(second_frames.size(), 1u);
    auto entries = wire::DecodeAddrV2(first_frames[0].payload);
    EXPECT_EQ(entries.size(), 500u);
    const auto rest = wire::DecodeAddrV2(second_frames[0].payload);
    entries.insert(entries.end(), rest.begin(), rest.end());
    EXPECT_EQ(entries, AnswerEntries(world, 0, true));
}

TEST(FloodFrames, SendsFiveThousandSmallMessagesCyclingTheAnswer)
{
    const World world = Small();
    const auto frames = Frames(FloodFrames(world, MAGIC, 38, true));
    const auto answer = AnswerEntries(world, 38, true);
    ASSERT_EQ(frames.size(), FLOOD_MESSAGES);
    size_t next = 0;
    for (size_t m = 0; m < frames.size(); ++m) {
        const auto entries = wire::DecodeAddrV2(frames[m].payload);
        ASSERT_EQ(entries.size(), 1 + m % 2);
        for (const auto& entry : entries)
            EXPECT_EQ(entry, answer[next++ % answer.size()]);
    }
}

wire::FrameErrorKind DecodeErrorOf(const wire::Bytes& bytes)
{
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(bytes);
    try {
        decoder.Next();
    } catch (const wire::FrameError& error) {
        return error.Kind();
    }
    ADD_FAILURE() << "decoded without error";
    return wire::FrameErrorKind::bad_command;
}

TEST(FaultReply, EachBrokenKindBreaksFramingItsOwnWay)
{
    const World world = Small();
    ASSERT_EQ(world.KindOf(32), NodeKind::garbage);
    EXPECT_EQ(FaultReply(world, MAGIC, 32, PEER, 0)->size(), GARBAGE_SIZE);
    EXPECT_EQ(DecodeErrorOf(*FaultReply(world, MAGIC, 32, PEER, 0)), wire::FrameErrorKind::bad_magic);
    EXPECT_EQ(DecodeErrorOf(*FaultReply(world, MAGIC, 33, PEER, 0)), wire::FrameErrorKind::bad_magic);
    EXPECT_EQ(DecodeErrorOf(*FaultReply(world, MAGIC, 34, PEER, 0)), wire::FrameErrorKind::bad_checksum);
    const auto oversize = *FaultReply(world, MAGIC, 35, PEER, 0);
    EXPECT_EQ(oversize.size(), wire::HEADER_SIZE);
    EXPECT_EQ(DecodeErrorOf(oversize), wire::FrameErrorKind::oversize);
    for (uint32_t node : {0u, 30u, 31u, 36u, 37u, 38u})
        EXPECT_EQ(FaultReply(world, MAGIC, node, PEER, 0), std::nullopt);
}

}  // namespace
}  // namespace sim
