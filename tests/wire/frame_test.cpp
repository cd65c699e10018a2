// Why this file exists: the frame decoder decides when to drop a peer; each reason (bad magic,
// bad command, oversize, bad checksum) is pinned with its exact text and the moment it is decided,
// and every chunking of a valid stream yields the same messages.
#include <gtest/gtest.h>

#include "wire/chain.h"
#include "wire/frame.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::ErrorOf;
using test::Hex;

const Magic MAINNET{0xf9, 0xbe, 0xb4, 0xd9};

// The verack example of the Bitcoin wiki's Protocol documentation
// (https://en.bitcoin.it/wiki/Protocol_documentation#verack): the checksum of an empty payload is
// 5df6e0e2 (also noted in Bitcoin Core src/protocol.h).
const char* VERACK_FRAME =
    "f9beb4d9"                  // magic, mainnet
    "76657261636b000000000000"  // "verack", NUL-padded
    "00000000"                  // payload length 0
    "5df6e0e2";                 // checksum of the empty payload

// The version example of the same page (https://en.bitcoin.it/wiki/Protocol_documentation#version):
// protocol 60002, "/Satoshi:0.7.2/", header checksum 3b648d5a.
const char* WIKI_VERSION_FRAME =
    "f9beb4d9"                                              // magic
    "76657273696f6e0000000000"                              // "version"
    "64000000"                                              // length 100
    "3b648d5a"                                              // checksum
    "62ea0000"                                              // version 60002
    "0100000000000000"                                      // services
    "11b2d05000000000"                                      // timestamp
    "010000000000000000000000000000000000ffff000000000000"  // addr_recv
    "010000000000000000000000000000000000ffff000000000000"  // addr_from
    "3b2eb35d8ce61765"                                      // nonce
    "0f2f5361746f7368693a302e372e322f"                      // user agent
    "c03e0300";                                             // start height

TEST(Frame, EmptyPayloadChecksum)
{
    EXPECT_EQ(HexStr(PayloadChecksum({})), "5df6e0e2");
}

TEST(Frame, EncodeVerackMatchesKnownBytes)
{
    EXPECT_EQ(HexStr(EncodeFrame(MAINNET, "verack", {})), VERACK_FRAME);
}

TEST(Frame, DecodeKnownVersionFrame)
{
    const Bytes bytes = Hex(WIKI_VERSION_FRAME);
    FrameDecoder decoder{MAINNET};
    decoder.Feed(bytes);
    const auto frame = decoder.Next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->command, "version");
    EXPECT_EQ(frame->payload.size(), 100u);
    EXPECT_EQ(HexStr(PayloadChecksum(frame->payload)), "3b648d5a");
    EXPECT_EQ(EncodeFrame(MAINNET, "version", frame->payload), bytes);
    EXPECT_FALSE(decoder.Next());
    EXPECT_EQ(decoder.Buffered(), 0u);
}

TEST(Frame, EveryPrefixWaitsForMore)
{
    const Bytes bytes = Hex(WIKI_VERSION_FRAME);
    for (size_t length = 0; length < bytes.size(); ++length) {
        FrameDecoder decoder{MAINNET};
        decoder.Feed(ByteSpan{bytes}.first(length));
        EXPECT_FALSE(decoder.Next()) << length;
        EXPECT_EQ(decoder.Buffered(), length);
    }
}

TEST(Frame, AnyChunkingYieldsTheSameMessages)
{
    Bytes stream;
    for (const char* command : {"verack", "ping", "sendheaders", "x"}) {
        const Bytes payload(std::string_view{command}.size() * 3, 0x42);
        const Bytes frame = EncodeFrame(MAINNET, command, payload);
        stream.insert(stream.end(), frame.begin(), frame.end());
    }
    for (size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        FrameDecoder decoder{MAINNET};
        std::vector<std::string> commands;
        for (size_t offset = 0; offset < stream.size(); offset += chunk) {
            decoder.Feed(ByteSpan{stream}.subspan(offset, std::min(chunk, stream.size() - offset)));
            while (auto frame = decoder.Next()) {
                EXPECT_EQ(frame->payload, Bytes(frame->command.size() * 3, 0x42));
                commands.push_back(frame->command);
            }
        }
        EXPECT_EQ(commands, (std::vector<std::string>{"verack", "ping", "sendheaders", "x"})) << chunk;
        EXPECT_EQ(decoder.Buffered(), 0u);
    }
}

TEST(Frame, BadMagicIsDecidedFromFourBytes)
{
    FrameDecoder decoder{MAINNET};
    decoder.Feed(Hex("0b1109"));
    EXPECT_FALSE(decoder.Next());
    decoder.Feed(Hex("07"));
    const auto error = ErrorOf<FrameError>([&] { decoder.Next(); });
    EXPECT_EQ(error, "frame: bad magic 0b110907 (expected f9beb4d9)");
    try {
        decoder.Next();
        FAIL() << "no error";
    } catch (const FrameError& e) {
        EXPECT_EQ(e.Kind(), FrameErrorKind::bad_magic);
    }
}

TEST(Frame, BadMagicAfterAGoodMessage)
{
    Bytes stream = Hex(VERACK_FRAME);
    const Bytes testnet = EncodeFrame(FindChain("testnet3")->magic, "verack", {});
    stream.insert(stream.end(), testnet.begin(), testnet.end());
    FrameDecoder decoder{MAINNET};
    decoder.Feed(stream);
    ASSERT_TRUE(decoder.Next());
    EXPECT_EQ(ErrorOf<FrameError>([&] { decoder.Next(); }), "frame: bad magic 0b110907 (expected f9beb4d9)");
}

TEST(Frame, OversizeIsDecidedFromTheHeaderAlone)
{
    // 4,000,001 bytes declared, no payload byte sent.
    const Bytes header =
        Hex("f9beb4d9"                  // magic
            "616464720000000000000000"  // "addr"
            "01093d00"                  // length 4000001
            "00000000");                // checksum (never checked)
    FrameDecoder decoder{MAINNET};
    decoder.Feed(ByteSpan{header}.first(HEADER_SIZE - 1));
    EXPECT_FALSE(decoder.Next());
    decoder.Feed(ByteSpan{header}.last(1));
    try {
        decoder.Next();
        FAIL() << "no error";
    } catch (const FrameError& e) {
        EXPECT_EQ(std::string{e.what()}, "frame: addr payload of 4000001 bytes > 4000000");
        EXPECT_EQ(e.Kind(), FrameErrorKind::oversize);
    }
}

TEST(Frame, MaximumLengthIsAccepted)
{
    const Bytes payload(MAX_PROTOCOL_MESSAGE_LENGTH, 0);
    FrameDecoder decoder{MAINNET};
    decoder.Feed(EncodeFrame(MAINNET, "big", payload));
    const auto frame = decoder.Next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->payload.size(), MAX_PROTOCOL_MESSAGE_LENGTH);
}

TEST(Frame, BadChecksum)
{
    Bytes frame = Hex(VERACK_FRAME);
    frame.back() ^= 1;
    FrameDecoder decoder{MAINNET};
    decoder.Feed(frame);
    try {
        decoder.Next();
        FAIL() << "no error";
    } catch (const FrameError& e) {
        EXPECT_EQ(std::string{e.what()}, "frame: verack checksum 5df6e0e3 (payload hashes to 5df6e0e2)");
        EXPECT_EQ(e.Kind(), FrameErrorKind::bad_checksum);
    }
}

struct CommandCase {
    const char* hex;
    const char* error;  // nullptr: valid
    const char* command;
};

TEST(Frame, CommandMustBePrintableAsciiThenNulPadding)
{
    const CommandCase cases[] = {
        {"76657261636b000000000000", nullptr, "verack"},
        {"616161616161616161616161", nullptr, "aaaaaaaaaaaa"},  // all 12 bytes used, no NUL
        {"000000000000000000000000", nullptr, ""},              // Core's IsCommandValid accepts it
        {"76657261636b000000000001", "frame: bad command 76657261636b000000000001", nullptr},  // byte after NUL
        {"7665720a636b000000000000", "frame: bad command 7665720a636b000000000000", nullptr},  // control char
        {"766572ff636b000000000000", "frame: bad command 766572ff636b000000000000", nullptr},  // not ASCII
        {"7665727f636b000000000000", "frame: bad command 7665727f636b000000000000", nullptr},  // DEL
    };
    for (const auto& c : cases) {
        Bytes frame = Hex(std::string{"f9beb4d9"} + c.hex + "00000000" + "5df6e0e2");
        FrameDecoder decoder{MAINNET};
        decoder.Feed(frame);
        if (c.error) {
            try {
                decoder.Next();
                ADD_FAILURE() << "no error for " << c.hex;
            } catch (const FrameError& e) {
                EXPECT_EQ(std::string{e.what()}, c.error);
                EXPECT_EQ(e.Kind(), FrameErrorKind::bad_command);
            }
        } else {
            const auto decoded = decoder.Next();
            ASSERT_TRUE(decoded) << c.hex;
            EXPECT_EQ(decoded->command, c.command);
        }
    }
}

TEST(Frame, EncodeRejectsWhatCannotBeFramed)
{
    EXPECT_EQ(ErrorOf<std::invalid_argument>([] { EncodeFrame(MAINNET, "thirteenchars", {}); }),
              "command \"thirteenchars\" longer than 12 bytes");
    const Bytes payload(MAX_PROTOCOL_MESSAGE_LENGTH + 1, 0);
    EXPECT_EQ(ErrorOf<std::invalid_argument>([&] { EncodeFrame(MAINNET, "big", payload); }),
              "payload of 4000001 bytes > 4000000");
}

TEST(Frame, ManySmallMessagesInOneReadStayLinear)
{
    // 100,000 pings (3.2 MB) arrive in one read and are drained one by one. Erasing consumed bytes
    // per message would move ~160 GB; this must finish in well under a second.
    const Bytes ping = EncodeFrame(MAINNET, "ping", Bytes(8, 7));
    Bytes stream;
    for (int i = 0; i < 100'000; ++i)
        stream.insert(stream.end(), ping.begin(), ping.end());
    FrameDecoder decoder{MAINNET};
    decoder.Feed(stream);
    size_t count = 0;
    while (decoder.Next())
        ++count;
    EXPECT_EQ(count, 100'000u);
    EXPECT_EQ(decoder.Buffered(), 0u);
    decoder.Feed(ping);
    EXPECT_EQ(decoder.Buffered(), ping.size());
    EXPECT_TRUE(decoder.Next());
}

}  // namespace
}  // namespace wire
