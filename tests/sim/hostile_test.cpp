// Why this file exists: the hostile kinds (--fault-kinds) are the crawler's robustness input; these
// tests decode what each sends with the wire library and pin the exact defect, so an e2e failure
// can only mean the crawler, not the simulator, changed.
#include <gtest/gtest.h>

#include "sim/replies.h"
#include "wire/chain.h"

namespace sim {
namespace {

const wire::Magic MAGIC = wire::FindChain("regtest")->magic;
const wire::Endpoint PEER{wire::NetAddress::FromIPv4({127, 0, 0, 1}), 40000};

// 20 good nodes, then 12 fault nodes, one of each hostile kind (nodes 20..31 in HOSTILE_KINDS order).
World Hostile()
{
    Config config;
    config.nodes = 20;
    config.book = 1200;
    config.dead = 1000;  // answers are full: 1000 entries
    config.faults = 0.6;
    config.fault_kinds.assign(HOSTILE_KINDS.begin(), HOSTILE_KINDS.end());
    return World{config};
}

uint32_t NodeOf(const World& world, NodeKind kind)
{
    for (uint32_t node = world.GoodNodes(); node < world.TotalNodes(); ++node) {
        if (world.KindOf(node) == kind) return node;
    }
    throw std::logic_error{"no node of that kind"};
}

wire::Frame OnlyFrame(const wire::Bytes& bytes)
{
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(bytes);
    auto frame = decoder.Next();
    EXPECT_TRUE(frame.has_value());
    EXPECT_EQ(decoder.Buffered(), 0u);
    return frame.value_or(wire::Frame{});
}

std::string DecodeErrorOf(const wire::Frame& frame)
{
    try {
        wire::DecodeMessage(frame);
    } catch (const wire::DecodeError& error) {
        return error.what();
    }
    return "decoded without error";
}

TEST(FaultKinds, NamesRoundTripAndGoodIsNotAFault)
{
    for (const NodeKind kind : FAULT_KINDS)
        EXPECT_EQ(FaultKindFromName(KindName(kind)), kind);
    for (const NodeKind kind : HOSTILE_KINDS)
        EXPECT_EQ(FaultKindFromName(KindName(kind)), kind);
    EXPECT_EQ(FaultKindFromName("good"), std::nullopt);
    EXPECT_EQ(FaultKindFromName("Silent"), std::nullopt);
}

TEST(FaultKinds, ACustomMixCyclesInItsOwnOrder)
{
    Config config;
    config.nodes = 10;
    config.faults = 0.5;
    config.fault_kinds = {NodeKind::chatter, NodeKind::silent};
    const World world{config};
    EXPECT_EQ(world.KindOf(10), NodeKind::chatter);
    EXPECT_EQ(world.KindOf(11), NodeKind::silent);
    EXPECT_EQ(world.KindOf(14), NodeKind::chatter);
    EXPECT_EQ(world.FaultOrdinal(14), 2u);
}

TEST(FaultKinds, AnEmptyOrGoodMixIsAUsageError)
{
    Config config;
    config.nodes = 10;
    config.fault_kinds.clear();
    EXPECT_THROW(World{config}, UsageError);
    config.fault_kinds = {NodeKind::good};
    EXPECT_THROW(World{config}, UsageError);
}

TEST(HostileAnswer, Addr1001IsAV1AddrOfOneEntryTooMany)
{
    const World world = Hostile();
    const auto frame = OnlyFrame(GetaddrAnswer(world, MAGIC, NodeOf(world, NodeKind::addr1001), true));
    EXPECT_EQ(frame.command, "addr");
    EXPECT_EQ(frame.payload.size(), 3u + 1001 * 30);
    EXPECT_EQ(DecodeErrorOf(frame), "addr: 1001 entries > 1000");
}

TEST(HostileAnswer, Addrv2BadLengthEndsWithAFiveByteIPv4)
{
    const World world = Hostile();
    const auto frame = OnlyFrame(GetaddrAnswer(world, MAGIC, NodeOf(world, NodeKind::addrv2badlen), true));
    EXPECT_EQ(frame.command, "addrv2");
    EXPECT_EQ(DecodeErrorOf(frame), "addrv2: BIP155 IPv4 address with length 5 (should be 4)");
}

TEST(HostileAnswer, Addrv2UnknownCarriesUnknownNetworksAfterTheKnownOnes)
{
    const World world = Hostile();
    const uint32_t node = NodeOf(world, NodeKind::addrv2unknown);
    const auto entries = wire::DecodeAddrV2(OnlyFrame(GetaddrAnswer(world, MAGIC, node, true)).payload);
    ASSERT_EQ(entries.size(), wire::MAX_ADDR_TO_SEND);
    const auto known = AnswerEntries(world, node, true);
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i < wire::MAX_ADDR_TO_SEND - UNKNOWN_ENTRIES) {
            EXPECT_EQ(entries[i], known[i]);
        } else {
            EXPECT_EQ(entries[i].address.GetNetwork(), wire::Network::unknown);
        }
    }
}

TEST(HostileAnswer, AddrFloodIsOneEntryMessagesOnly)
{
    const World world = Hostile();
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(GetaddrAnswer(world, MAGIC, NodeOf(world, NodeKind::addrflood), true));
    size_t messages = 0;
    while (auto frame = decoder.Next()) {
        ++messages;
        EXPECT_EQ(wire::DecodeAddrV2(frame->payload).size(), 1u);
    }
    EXPECT_EQ(messages, FLOOD_MESSAGES);
}

TEST(HostileAnswer, DupaddrIsOneEntryAThousandTimes)
{
    const World world = Hostile();
    const uint32_t node = NodeOf(world, NodeKind::dupaddr);
    const auto entries = wire::DecodeAddrV2(OnlyFrame(GetaddrAnswer(world, MAGIC, node, true)).payload);
    EXPECT_EQ(entries, std::vector<wire::AddrEntry>(1000, AnswerEntries(world, node, true).front()));
}

TEST(HostileAnswer, AddrbulkIsEightHalfMegabyteMessagesOfUnknownNetworks)
{
    const World world = Hostile();
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(GetaddrAnswer(world, MAGIC, NodeOf(world, NodeKind::addrbulk), true));
    size_t messages = 0;
    while (auto frame = decoder.Next()) {
        ++messages;
        EXPECT_EQ(frame->command, "addrv2");
        // count, then 1000 x (time 4, services 1, id 1, length 3, address 512, port 2)
        EXPECT_EQ(frame->payload.size(), 3 + 1000 * (4 + 1 + 1 + 3 + 512 + 2));
        const auto entries = wire::DecodeAddrV2(frame->payload);
        EXPECT_EQ(entries.size(), 1000u);
        EXPECT_EQ(entries.front().address, wire::NetAddress::FromUnknown(UNKNOWN_NETWORK_ID));
    }
    EXPECT_EQ(messages, BULK_MESSAGES);
    EXPECT_EQ(decoder.Buffered(), 0u);
}

TEST(HostileAnswer, ChatterIsInvsThenAPing)
{
    wire::FrameDecoder decoder{MAGIC};
    decoder.Feed(ChatterFrames(MAGIC, 7));
    std::vector<std::string> commands;
    while (auto frame = decoder.Next())
        commands.push_back(frame->command);
    std::vector<std::string> expected(CHATTER_BATCH, "inv");
    expected.push_back("ping");
    EXPECT_EQ(commands, expected);
}

TEST(HostileVersion, LongAgentIsOneByteOverTheLimit)
{
    const World world = Hostile();
    const auto payload = VersionPayload(world, NodeOf(world, NodeKind::longagent), PEER, 0);
    EXPECT_EQ(payload.size(), 80u + 3 + LONG_AGENT_LENGTH + 4 + 1);
    EXPECT_EQ(DecodeErrorOf(wire::Frame{std::string{wire::command::VERSION}, payload}),
              "version: string of 257 bytes > 256");
}

TEST(HostileVersion, BadAgentDecodesToItsRawBytes)
{
    const World world = Hostile();
    const auto version = wire::DecodeVersion(VersionPayload(world, NodeOf(world, NodeKind::badagent), PEER, 0));
    EXPECT_EQ(version.user_agent, BAD_AGENT);
}

}  // namespace
}  // namespace sim
