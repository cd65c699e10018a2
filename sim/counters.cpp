// Why this file exists: see counters.h.
#include "sim/counters.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace sim {

std::string CountersJson(const World& world, std::span<const NodeCounters> counters, int64_t written_at_ms)
{
    fmt::memory_buffer out;
    fmt::format_to(std::back_inserter(out), "{{\"format\":\"btcsim-counters-1\",\"written_at_ms\":{},\"nodes\":{{",
                   written_at_ms);
    for (uint32_t node = 0; node < counters.size(); ++node) {
        const auto endpoint = world.EndpointOf(node);
        const NodeCounters& count = counters[node];
        fmt::format_to(std::back_inserter(out), "{}\n\"{}:{}\":{{\"connections\":{},\"versions\":{},\"getaddrs\":{}}}",
                       node ? "," : "", endpoint.address.ToString(), endpoint.port, count.connections, count.versions,
                       count.getaddrs);
    }
    fmt::format_to(std::back_inserter(out), "}}}}\n");
    return fmt::to_string(out);
}

void WriteFileAtomically(const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".tmp";
    const auto fail = [&] { throw std::runtime_error{fmt::format("cannot write {}: {}", path, std::strerror(errno))}; };
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (!file) fail();
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !written) fail();
    if (std::rename(temporary.c_str(), path.c_str()) != 0) fail();
}

}  // namespace sim
