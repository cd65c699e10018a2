// Why this file exists: the reader's bounds (end of data, canonical CompactSize, caps) are what
// every decoder relies on; each is pinned here with its exact error.
#include <gtest/gtest.h>

#include "wire/serialize.h"
#include "wire_test_util.h"

namespace wire {
namespace {

using test::ErrorOf;
using test::Hex;

TEST(Reader, IntegersInBothByteOrders)
{
    const Bytes data =
        Hex("0102"              // U16LE 0x0201
            "0102"              // U16BE 0x0102
            "feffffff"          // I32LE -2
            "0807060504030201"  // U64LE
            "ffffffffffffffff"  // I64LE -1
            "2a");              // U8
    Reader reader{data};
    EXPECT_EQ(reader.U16LE(), 0x0201);
    EXPECT_EQ(reader.U16BE(), 0x0102);
    EXPECT_EQ(reader.I32LE(), -2);
    EXPECT_EQ(reader.U64LE(), 0x0102030405060708ULL);
    EXPECT_EQ(reader.I64LE(), -1);
    EXPECT_EQ(reader.U8(), 0x2a);
    EXPECT_TRUE(reader.Empty());
    EXPECT_EQ(reader.Position(), data.size());
}

TEST(Reader, EndOfDataIsAnErrorAndConsumesNothing)
{
    const Bytes data = Hex("010203");
    Reader reader{data};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.U32LE(); }), "end of data");
    EXPECT_EQ(reader.Remaining(), 3u);
    EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.Take(4); }), "end of data");
    EXPECT_EQ(reader.Take(3).size(), 3u);
    EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.U8(); }), "end of data");
}

struct CompactCase {
    const char* hex;
    uint64_t value;
};

TEST(Reader, CompactSizeCanonicalEncodings)
{
    // Boundaries of Bitcoin Core's WriteCompactSize (src/serialize.h).
    const CompactCase cases[] = {
        {"00", 0},
        {"fc", 0xfc},
        {"fdfd00", 0xfd},
        {"fdffff", 0xffff},
        {"fe00000100", 0x10000},
        {"feffffffff", 0xffffffff},
        {"ff0000000001000000", 0x100000000},
        {"ffffffffffffffffff", UINT64_MAX},
    };
    for (const auto& c : cases) {
        const Bytes data = Hex(c.hex);
        Reader reader{data};
        EXPECT_EQ(reader.CompactSize(UINT64_MAX), c.value) << c.hex;
        EXPECT_TRUE(reader.Empty()) << c.hex;
        Writer writer;
        writer.CompactSize(c.value);
        EXPECT_EQ(HexStr(writer.Data()), c.hex);
        EXPECT_EQ(CompactSizeLength(c.value), data.size());
    }
}

TEST(Reader, CompactSizeNonCanonicalIsAnError)
{
    // Core's "non-canonical ReadCompactSize()": a value that fits a shorter form.
    for (const char* hex : {"fd0000", "fdfc00", "feffff0000", "ffffffff0000000000"}) {
        const Bytes data = Hex(hex);
        Reader reader{data};
        EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.CompactSize(UINT64_MAX); }), "CompactSize: non-canonical encoding")
            << hex;
    }
}

TEST(Reader, CompactSizeAboveMaximumIsAnError)
{
    const Bytes at_max = Hex("fe00000002");  // MAX_SIZE = 0x02000000
    EXPECT_EQ(Reader{at_max}.CompactSize(), MAX_SIZE);
    const Bytes above = Hex("fe01000002");
    Reader reader{above};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.CompactSize(); }), "CompactSize: 33554433 > 33554432");
    const Bytes small = Hex("0b");
    Reader small_reader{small};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { small_reader.CompactSize(10); }), "CompactSize: 11 > 10");
}

TEST(Reader, CompactSizeTruncated)
{
    const Bytes data = Hex("fe0100");
    Reader reader{data};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { reader.CompactSize(); }), "end of data");
}

TEST(Reader, StringWithinAndBeyondItsLimit)
{
    const Bytes data = Hex("03616263");  // "abc"
    EXPECT_EQ(Reader{data}.String(3), "abc");
    Reader too_long{data};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { too_long.String(2); }), "string of 3 bytes > 2");
    const Bytes truncated = Hex("036162");
    Reader short_reader{truncated};
    EXPECT_EQ(ErrorOf<DecodeError>([&] { short_reader.String(10); }), "end of data");
    // Raw bytes are kept, not validated as UTF-8.
    const Bytes binary = Hex("0200ff");
    EXPECT_EQ(Reader{binary}.String(2), std::string("\x00\xff", 2));
}

TEST(Reader, ReservableCountIsBoundedByRemainingBytes)
{
    const Bytes data(100, 0);
    const Reader reader{data};
    EXPECT_EQ(reader.ReservableCount(1000, 30), 3u);
    EXPECT_EQ(reader.ReservableCount(2, 30), 2u);
    EXPECT_EQ(reader.ReservableCount(UINT64_MAX, 1), 100u);
}

TEST(Writer, IntegersAndStrings)
{
    Writer writer;
    writer.U8(1);
    writer.U16LE(0x0302);
    writer.U16BE(0x0405);
    writer.U32LE(0x09080706);
    writer.I32LE(-1);
    writer.U64LE(0x1211100f0e0d0c0bULL);
    writer.I64LE(-2);
    writer.String("hi");
    writer.Append(Hex("abcd"));
    EXPECT_EQ(HexStr(writer.Data()),
              "01"
              "0203"
              "0405"
              "06070809"
              "ffffffff"
              "0b0c0d0e0f101112"
              "feffffffffffffff"
              "026869"
              "abcd");
    EXPECT_EQ(writer.Take().size(), 34u);
}

TEST(Hex, RoundTripAndErrors)
{
    EXPECT_EQ(HexStr(ParseHex("00ABff")), "00abff");
    EXPECT_TRUE(ParseHex("").empty());
    EXPECT_EQ(ErrorOf<std::invalid_argument>([] { ParseHex("abc"); }), "odd number of hex digits");
    EXPECT_EQ(ErrorOf<std::invalid_argument>([] { ParseHex("zz"); }), "not a hex digit in \"zz\"");
}

}  // namespace
}  // namespace wire
