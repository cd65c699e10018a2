#pragma once
// Why this file exists: what `report` prints to a person — the summary and the comparison as
// aligned plain-text tables (the same numbers as the JSON forms).
#include <string>

#include "report/compare.h"
#include "report/summary.h"

namespace report {

std::string SummaryText(const Summary& summary);
std::string ComparisonText(const Comparison& comparison);

}  // namespace report
