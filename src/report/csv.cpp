// Why this file exists: the CSV export, for spreadsheets and `sort | uniq -c` pipelines.
#include <optional>

#include "report/export.h"

namespace report {
namespace {

// RFC 4180: a field holding a comma, quote, CR or LF is quoted, inner quotes doubled.
std::string Field(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

template <typename T>
std::string Field(const std::optional<T>& value)
{
    if (!value) return "";
    if constexpr (std::is_same_v<T, std::string>) {
        return Field(*value);
    } else {
        return std::to_string(*value);
    }
}

}  // namespace

void WriteCsv(std::ostream& out, const CrawlInfo&, const std::vector<NodeRow>& nodes)
{
    out << "address,port,network,version,user_agent,services,height,connect_ms,handshake_ms,"
           "addresses_advertised\n";
    for (const auto& node : nodes) {
        out << Field(node.host) << ',' << node.port << ',' << Field(node.network) << ',' << Field(node.version) << ','
            << Field(node.user_agent) << ',' << Field(node.services) << ',' << Field(node.height) << ','
            << Field(node.ConnectMs()) << ',' << Field(node.HandshakeMs()) << ',' << node.addresses_advertised << '\n';
    }
}

}  // namespace report
