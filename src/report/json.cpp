// Why this file exists: the JSON export, the CSV columns as one object per node for jq and scripts.
#include "report/export.h"
#include "report/json_value.h"

namespace report {

void WriteJson(std::ostream& out, const CrawlInfo&, const std::vector<NodeRow>& nodes)
{
    auto rows = nlohmann::ordered_json::array();
    for (const auto& node : nodes) {
        rows.push_back({
            {"address", node.host},
            {"port", node.port},
            {"network", node.network},
            {"version", OrNull(node.version)},
            {"user_agent", OrNull(node.user_agent)},
            {"services", OrNull(node.services)},
            {"height", OrNull(node.height)},
            {"connect_ms", OrNull(node.ConnectMs())},
            {"handshake_ms", OrNull(node.HandshakeMs())},
            {"addresses_advertised", node.addresses_advertised},
        });
    }
    // Text went through PrintableText (valid UTF-8); `replace` only guards against a future caller.
    out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace report
