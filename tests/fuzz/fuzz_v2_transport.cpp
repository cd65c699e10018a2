// Why this file exists: a v2 transport reads untrusted bytes from every peer; this feeds it streams
// in arbitrary chunkings, in both roles. The first byte picks role, chunk size and mode:
//   raw:        the rest is everything the peer sends (v1 detection, key, garbage search);
//   structured: the rest describes a well-keyed peer's garbage and packets (flags, length,
//               contents; optionally one flipped byte), which the harness encrypts, so the length
//               limit, tag check, decoys and contents decoding are reached.
// Invariants: only TransportError escapes, and the messages and the error do not depend on the
// chunking. Keys are fixed, so a run is reproducible.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "wire/transport.h"

namespace {

void Check(bool condition)
{
    if (!condition) std::abort();
}

const wire::Magic MAGIC{0xfa, 0xbf, 0xb5, 0xda};  // regtest

wire::PrivateKey Key(uint8_t last)
{
    wire::PrivateKey key{};
    key[31] = last;
    return key;
}

// A fixed encoding of key * G (the ElligatorSwift search draws random u, so do it once).
const wire::EllSwiftPubKey& Encoding(uint8_t last)
{
    static const wire::EllSwiftPubKey encodings[2] = {wire::EllSwiftCreate(Key(1)), wire::EllSwiftCreate(Key(2))};
    return encodings[last - 1];
}

struct Outcome {
    std::vector<wire::Frame> frames;
    bool failed{false};
};

// What a peer with key 2 sends after its key, as `description` says.
wire::Bytes PeerStream(bool initiator, wire::ByteSpan description)
{
    wire::Bip324Cipher peer{Key(2), Encoding(2)};
    peer.Initialize(Encoding(1), !initiator, MAGIC);
    size_t offset = 0;
    auto take = [&](size_t count) {
        const size_t available = std::min(count, description.size() - offset);
        const wire::ByteSpan taken = description.subspan(offset, available);
        offset += available;
        return taken;
    };
    const wire::ByteSpan garbage = take(offset < description.size() ? description[offset++] % 64 : 0);
    wire::Bytes stream{garbage.begin(), garbage.end()};
    const auto& terminator = peer.SendGarbageTerminator();
    stream.insert(stream.end(), terminator.begin(), terminator.end());
    bool first = true;
    while (offset + 2 <= description.size()) {
        const uint8_t flags = description[offset++];
        const wire::ByteSpan contents = take(description[offset++]);
        const size_t start = stream.size();
        peer.Encrypt(contents, first ? garbage : wire::ByteSpan{}, flags & 1, stream);
        first = false;
        if (flags & 2) stream[start + (flags >> 2) % (stream.size() - start)] ^= 0x01;
    }
    return stream;
}

Outcome Run(bool initiator, bool raw, wire::ByteSpan stream, size_t chunk)
{
    wire::V2Transport transport{MAGIC, initiator, wire::Bip324Cipher{Key(1), Encoding(1)}, {}};
    Outcome outcome;
    try {
        if (!raw) transport.Feed(Encoding(2));
        for (size_t offset = 0; offset < stream.size(); offset += chunk) {
            transport.Feed(stream.subspan(offset, std::min(chunk, stream.size() - offset)));
            while (auto frame = transport.Next())
                outcome.frames.push_back(std::move(*frame));
            transport.TakeOutput();
        }
    } catch (const wire::TransportError&) {
        outcome.failed = true;
    }
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) return 0;
    const bool raw = data[0] & 1;
    const bool initiator = data[0] & 2;
    const size_t chunk = 1 + (data[0] >> 2);
    const wire::ByteSpan rest{data + 1, size - 1};
    const wire::Bytes stream = raw ? wire::Bytes{rest.begin(), rest.end()} : PeerStream(initiator, rest);
    const Outcome whole = Run(initiator, raw, stream, stream.size() + 1);
    const Outcome chunked = Run(initiator, raw, stream, chunk);
    Check(whole.failed == chunked.failed);
    Check(whole.frames.size() == chunked.frames.size());
    for (size_t i = 0; i < whole.frames.size(); ++i)
        Check(whole.frames[i].command == chunked.frames[i].command &&
              whole.frames[i].payload == chunked.frames[i].payload);
    return 0;
}
