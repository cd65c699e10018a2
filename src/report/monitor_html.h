#pragma once
// Why this file exists: `report --monitor --html FILE` — the monitor run over time as one
// self-contained page like the crawl page of html.h: a line chart per measure over rounds, each
// beside (on a phone, above) the table of its numbers, and the 1-day uptime spread.
#include <ostream>
#include <string>

#include "report/monitor.h"

namespace report {

// `file_name` is the database's name, shown in the title (escaped here).
void WriteMonitorHtml(std::ostream& out, const MonitorSummary& summary, const std::string& file_name);

}  // namespace report
