#include "report/seeds.h"

#include <fmt/format.h>

#include "report/nodes.h"

namespace report {

std::string SeedsUserAgent(std::string_view user_agent)
{
    std::string token;
    for (const char c : user_agent) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '"' || c == '\\' || c == '%') {
            token += fmt::format("%{:02X}", byte);
        } else {
            token += c;
        }
    }
    return token;
}

std::string SeedsLine(const store::SeedNode& node)
{
    const auto& r = node.reliability;
    return fmt::format(
        "{:<47}  {:>4}  {:>11}  {:6.2f}% {:6.2f}% {:6.2f}% {:6.2f}% {:6.2f}%  {:>6}  {:08x}  {:>5} \"{}\"",
        store::HostPortKey(node.network, node.host, node.port), node.good ? 1 : 0, node.last_success_at, 100 * r[0],
        100 * r[1], 100 * r[2], 100 * r[3], 100 * r[4], node.blocks, node.services, node.version,
        SeedsUserAgent(node.user_agent));
}

void WriteSeeds(std::ostream& out, const std::vector<store::SeedNode>& nodes)
{
    out << "# address                                        good  lastSuccess    %(2h)   %(8h)   %(1d)   %(7d)  "
           "%(30d)  blocks      svcs  version\n";
    for (const auto& node : nodes)
        out << SeedsLine(node) << '\n';
}

}  // namespace report
