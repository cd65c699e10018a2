#pragma once
// Why this file exists: `btccrawl export` writes the reachable nodes of a crawl in one of several
// formats; like masscan's output modules, each format is one file behind this small table.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/nodes.h"
#include "report/source.h"

namespace report {

using ExportWriter = void (*)(std::ostream& out, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes);

struct ExportFormat {
    std::string_view name;
    ExportWriter write;
};

// nullptr for an unknown name (and for SEEDS_FORMAT, which is not one crawl's nodes).
const ExportFormat* FindExportFormat(std::string_view name);
// The table's names and SEEDS_FORMAT.
std::vector<std::string> ExportFormatNames();

// The sipa seeder's dump (seeds.h): every node the file's monitor rounds ever found up, from
// node_reliability, rather than the reachable nodes of one crawl.
inline constexpr std::string_view SEEDS_FORMAT = "seeds";

// One line per node, RFC 4180 quoting, LF line ends (csv.cpp).
void WriteCsv(std::ostream& out, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes);
// An array of one object per node, the CSV columns as keys, unknowns null (json.cpp).
void WriteJson(std::ostream& out, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes);
// The bitnodes.io snapshot shape (bitnodes.cpp; docs/reports.md has the mapping).
void WriteBitnodes(std::ostream& out, const CrawlInfo& crawl, const std::vector<NodeRow>& nodes);

}  // namespace report
