// Why this file exists: `addr`/`addrv2` payloads carry every address the crawler will ever learn;
// this checks on arbitrary payloads that decoding only fails with DecodeError, and that what
// decodes re-encodes to bytes that decode to the same entries (and, for `addr`, to the very same
// bytes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "wire/messages.h"

namespace {

void Check(bool condition)
{
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const wire::ByteSpan payload{data, size};
    try {
        const auto entries = wire::DecodeAddr(payload);
        Check(entries.size() <= wire::MAX_ADDR_TO_SEND);
        const wire::Bytes encoded = wire::EncodeAddr(entries);
        Check(wire::DecodeAddr(encoded) == entries);
        // v1 has one encoding per value (canonical count, IPv4 only as IPv4-mapped): identical bytes.
        Check(encoded == wire::Bytes(payload.begin(), payload.end()));
        for (const auto& entry : entries) {
            Check(wire::ParseHost(entry.address.ToString()) == entry.address);
        }
    } catch (const wire::DecodeError&) {
    }
    try {
        const auto entries = wire::DecodeAddrV2(payload);
        Check(entries.size() <= wire::MAX_ADDR_TO_SEND);
        const wire::Bytes encoded = wire::EncodeAddrV2(entries);
        Check(wire::DecodeAddrV2(encoded) == entries);
        Check(wire::EncodeAddrV2(wire::DecodeAddrV2(encoded)) == encoded);
        for (const auto& entry : entries) {
            // What the database stores and loads back (docs/schema.md `addresses`).
            if (entry.address.GetNetwork() != wire::Network::unknown) {
                Check(wire::ParseHost(entry.address.GetNetwork(), entry.address.ToString()) == entry.address);
            }
        }
    } catch (const wire::DecodeError&) {
    }
    return 0;
}
