#pragma once
// Why this file exists: what `report` prints to a person — the summary and the comparison as
// aligned plain-text tables (the same numbers as the JSON forms).
#include <string>

#include "report/compare.h"
#include "report/summary.h"
#include "store/reliability.h"

namespace report {

std::string SummaryText(const Summary& summary);
std::string ComparisonText(const Comparison& comparison);
// `report --node`: the node's monitor record, then one line per crawl that dialed it.
std::string NodeHistoryText(const store::NodeHistory& node);

}  // namespace report
