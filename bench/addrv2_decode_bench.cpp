// Why this file exists: decoding `addrv2` is the crawler's hottest parsing path (every peer answers
// getaddr with up to 1000 entries); this measures it in entries per second, and the frame decoder's
// throughput on a stream of such messages.
#include <benchmark/benchmark.h>

#include "wire/chain.h"
#include "wire/messages.h"

namespace {

// A 1000-entry addrv2 message mixing networks roughly as mainnet answers do: mostly IPv4, then
// IPv6, Tor v3, I2P and CJDNS.
std::vector<wire::AddrEntry> MixedEntries()
{
    std::vector<wire::AddrEntry> entries;
    for (uint32_t i = 0; i < wire::MAX_ADDR_TO_SEND; ++i) {
        const auto b = static_cast<uint8_t>(i);
        const auto c = static_cast<uint8_t>(i >> 8);
        wire::NetAddress address;
        switch (i % 10) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4: address = wire::NetAddress::FromIPv4({23, c, b, 7}); break;
        case 5:
        case 6:
            address = wire::NetAddress::FromIPv6({0x2a, 0x01, 0x04, 0xf8, c, b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
            break;
        case 7:
        case 8: {
            std::array<uint8_t, wire::ADDR_TORV3_SIZE> key{};
            key.fill(b);
            key[0] = c;
            address = wire::NetAddress::FromTorV3(key);
            break;
        }
        default: {
            if (i % 20 == 9) {
                std::array<uint8_t, wire::ADDR_I2P_SIZE> hash{};
                hash.fill(b);
                address = wire::NetAddress::FromI2p(hash);
            } else {
                address = wire::NetAddress::FromCjdns({0xfc, c, b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
            }
        }
        }
        entries.push_back({1'700'000'000 + i, 0x409, address, 8333});
    }
    return entries;
}

void AddrV2Decode(benchmark::State& state)
{
    const wire::Bytes payload = wire::EncodeAddrV2(MixedEntries());
    for (auto _ : state) {
        auto entries = wire::DecodeAddrV2(payload);
        benchmark::DoNotOptimize(entries.data());
    }
    state.counters["entries"] = benchmark::Counter(static_cast<double>(state.iterations()) * wire::MAX_ADDR_TO_SEND,
                                                   benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(AddrV2Decode);

void FrameDecoderThroughput(benchmark::State& state)
{
    // 64 addrv2 frames, fed in socket-sized 16 KiB reads.
    const wire::Magic magic = wire::FindChain("mainnet")->magic;
    const wire::Bytes frame = wire::EncodeFrame(magic, wire::command::ADDRV2, wire::EncodeAddrV2(MixedEntries()));
    wire::Bytes stream;
    for (int i = 0; i < 64; ++i)
        stream.insert(stream.end(), frame.begin(), frame.end());
    constexpr size_t READ_SIZE = 16 * 1024;
    for (auto _ : state) {
        wire::FrameDecoder decoder{magic};
        size_t frames = 0;
        for (size_t offset = 0; offset < stream.size(); offset += READ_SIZE) {
            decoder.Feed(wire::ByteSpan{stream}.subspan(offset, std::min(READ_SIZE, stream.size() - offset)));
            while (auto next = decoder.Next())
                ++frames;
        }
        benchmark::DoNotOptimize(frames);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(FrameDecoderThroughput);

}  // namespace

BENCHMARK_MAIN();
