// Why this file exists: the frame decoder and message decoders read untrusted bytes from every
// peer; this feeds them arbitrary streams in arbitrary chunkings. Invariants: only DecodeError
// (FrameError) escapes, a stream's messages do not depend on how it was chunked, and every
// decoded known message re-encodes to a payload that decodes to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "wire/chain.h"
#include "wire/messages.h"

namespace {

void Check(bool condition)
{
    if (!condition) std::abort();
}

// All frames of `data` fed in one piece, or nullopt-terminated on the first error.
std::vector<wire::Frame> Frames(wire::ByteSpan data, const std::vector<size_t>& chunks, bool& failed)
{
    wire::FrameDecoder decoder{wire::FindChain("regtest")->magic};
    std::vector<wire::Frame> frames;
    failed = false;
    size_t offset = 0;
    size_t next_chunk = 0;
    try {
        while (offset < data.size()) {
            const size_t size =
                std::min(data.size() - offset, chunks.empty() ? data.size() : chunks[next_chunk++ % chunks.size()]);
            decoder.Feed(data.subspan(offset, size));
            offset += size;
            while (auto frame = decoder.Next())
                frames.push_back(std::move(*frame));
        }
    } catch (const wire::FrameError&) {
        failed = true;
    }
    return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) return 0;
    // First byte picks a chunking; the rest is the stream. Any chunking must yield the same frames.
    std::vector<size_t> chunks{1u + data[0] % 7, 1u + data[0] % 13, 24, 1};
    const wire::ByteSpan stream{data + 1, size - 1};
    bool failed_whole = false;
    bool failed_chunked = false;
    const auto whole = Frames(stream, {}, failed_whole);
    const auto chunked = Frames(stream, chunks, failed_chunked);
    Check(failed_whole == failed_chunked);
    Check(whole.size() == chunked.size());
    for (size_t i = 0; i < whole.size(); ++i) {
        Check(whole[i].command == chunked[i].command && whole[i].payload == chunked[i].payload);
        try {
            const wire::Message message = wire::DecodeMessage(whole[i]);
            Check(wire::CommandOf(message) == whole[i].command);
            const wire::Bytes payload = wire::EncodePayload(message);
            const wire::Message again = wire::DecodeMessage({whole[i].command, payload});
            Check(wire::EncodePayload(again) == payload);
        } catch (const wire::DecodeError&) {
        }
    }
    // The raw stream as one payload of each modelled command.
    for (std::string_view command : {"version", "addr", "addrv2", "ping", "sendcmpct", "feefilter", "verack"}) {
        try {
            const wire::Message message = wire::DecodeMessage({std::string{command}, {stream.begin(), stream.end()}});
            const wire::Bytes payload = wire::EncodePayload(message);
            Check(wire::EncodePayload(wire::DecodeMessage({std::string{command}, payload})) == payload);
        } catch (const wire::DecodeError&) {
        }
    }
    return 0;
}
