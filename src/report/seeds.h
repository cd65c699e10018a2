#pragma once
// Why this file exists: `export --format seeds` writes the dump of the sipa seeder (its
// dnsseed.dump), the input Bitcoin Core's contrib/seeds/makeseeds.py turns into the fixed seeds, so
// a monitor file can feed that pipeline (docs/reports.md "Seeds dump" has the format).
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/reliability.h"

namespace report {

// The user agent as one whitespace-free token between the quotes: makeseeds.py splits each line
// on whitespace and takes the 12th token less its first and last character. Bytes outside
// printable ASCII, space, '"', '\\' and '%' become %XX (upper-case hex), so the text is reversible.
std::string SeedsUserAgent(std::string_view user_agent);

// One line: address, good, last success, the five uptime percentages, blocks, services (hex),
// version, quoted user agent — in the seeder's columns.
std::string SeedsLine(const store::SeedNode& node);

// The seeder's header line, then one line per node.
void WriteSeeds(std::ostream& out, const std::vector<store::SeedNode>& nodes);

}  // namespace report
