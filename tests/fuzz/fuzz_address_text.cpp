// Why this file exists: `--seed` and `--scope` text comes from users and seed files; this checks
// on arbitrary text that the parsers fail only with AddressError, and that whatever parses prints
// as canonical text which parses back to the same value (ToString is a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "wire/address.h"

namespace {

void Check(bool condition)
{
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    try {
        const wire::NetAddress address = wire::ParseHost(text);
        const std::string canonical = address.ToString();
        const wire::NetAddress again = wire::ParseHost(canonical);
        Check(again == address);
        Check(again.ToString() == canonical);
        Check(wire::TryParseHost(text) == address);
        if (address.IsRoutable()) Check(address.IsValid());
    } catch (const wire::AddressError&) {
        Check(!wire::TryParseHost(text));
    }
    try {
        const wire::HostPort host_port = wire::SplitHostPort(text, 8333);
        Check(!host_port.host.empty());
    } catch (const wire::AddressError&) {
    }
    try {
        const wire::Cidr cidr = wire::Cidr::Parse(text);
        const std::string canonical = cidr.ToString();
        const wire::Cidr again = wire::Cidr::Parse(canonical);
        Check(again.ToString() == canonical);
        const auto slash = canonical.find('/');
        Check(again.Contains(wire::ParseHost(canonical.substr(0, slash))));
    } catch (const wire::AddressError&) {
    }
    return 0;
}
