// Why this file exists: v2 costs the crawler a handshake (two ElligatorSwift encodings, an ECDH,
// the key schedule) per connection and a cipher pass per byte; this measures both, as handshakes
// per second between our initiator and responder and as encrypted-and-decrypted MB/s.
#include <benchmark/benchmark.h>

#include "wire/transport.h"

namespace {

const wire::Magic MAINNET{0xf9, 0xbe, 0xb4, 0xd9};

// Moves bytes both ways until both sides are quiet; returns the messages `to` received.
size_t Pump(wire::Transport& a, wire::Transport& b)
{
    size_t messages = 0;
    for (bool moved = true; moved;) {
        moved = false;
        for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
            const wire::Bytes bytes = from->TakeOutput();
            if (bytes.empty()) continue;
            moved = true;
            to->Feed(bytes);
            while (to->Next())
                ++messages;
        }
    }
    return messages;
}

// A whole v2 handshake: fresh keys and garbage on both sides, then a version message delivered.
void V2Handshake(benchmark::State& state)
{
    for (auto _ : state) {
        wire::V2Transport initiator{MAINNET, true};
        wire::V2Transport responder{MAINNET, false};
        initiator.Send("version", {});
        benchmark::DoNotOptimize(Pump(initiator, responder));
        if (!responder.HandshakeComplete()) state.SkipWithError("handshake did not complete");
    }
    state.counters["handshakes/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(V2Handshake)->Unit(benchmark::kMillisecond);

// The handshake's parts, to see where its time goes.
void EllSwiftCreate(benchmark::State& state)
{
    const wire::PrivateKey key = wire::GeneratePrivateKey();
    for (auto _ : state)
        benchmark::DoNotOptimize(wire::EllSwiftCreate(key));
}
BENCHMARK(EllSwiftCreate)->Unit(benchmark::kMicrosecond);

void EllSwiftEcdh(benchmark::State& state)
{
    const wire::PrivateKey key = wire::GeneratePrivateKey();
    const wire::EllSwiftPubKey theirs = wire::EllSwiftCreate(wire::GeneratePrivateKey());
    for (auto _ : state)
        benchmark::DoNotOptimize(wire::EllSwiftEcdhX(key, theirs));
}
BENCHMARK(EllSwiftEcdh)->Unit(benchmark::kMicrosecond);

void DeriveSessionKeys(benchmark::State& state)
{
    const wire::SharedSecret secret{};
    for (auto _ : state)
        benchmark::DoNotOptimize(wire::DeriveSessionKeys(secret, MAINNET));
}
BENCHMARK(DeriveSessionKeys)->Unit(benchmark::kMicrosecond);

// Encrypt at one end, decrypt and authenticate at the other, in messages of `range(0)` bytes.
void V2Throughput(benchmark::State& state)
{
    wire::V2Transport initiator{MAINNET, true};
    wire::V2Transport responder{MAINNET, false};
    Pump(initiator, responder);
    const wire::Bytes payload(static_cast<size_t>(state.range(0)), 0xab);
    constexpr int BATCH = 64;
    for (auto _ : state) {
        for (int i = 0; i < BATCH; ++i)
            initiator.Send("block", payload);
        if (Pump(initiator, responder) != BATCH) state.SkipWithError("messages lost");
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * BATCH * state.range(0));
}
BENCHMARK(V2Throughput)->Arg(1000)->Arg(64 * 1000)->Unit(benchmark::kMillisecond);

// The same through v1 framing (double SHA-256 checksums), for comparison.
void V1Throughput(benchmark::State& state)
{
    wire::V1Transport a{MAINNET};
    wire::V1Transport b{MAINNET};
    const wire::Bytes payload(static_cast<size_t>(state.range(0)), 0xab);
    constexpr int BATCH = 64;
    for (auto _ : state) {
        for (int i = 0; i < BATCH; ++i)
            a.Send("block", payload);
        if (Pump(a, b) != BATCH) state.SkipWithError("messages lost");
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * BATCH * state.range(0));
}
BENCHMARK(V1Throughput)->Arg(1000)->Arg(64 * 1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
