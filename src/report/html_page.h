#pragma once
// Why this file exists: the parts every HTML page of `report` shares (the crawl page of html.h and
// the monitor page of monitor_html.h): one style, one escaping, sections of a chart beside its
// table, and the bar chart with its table.
#include <string>

#include "report/summary.h"

namespace report {

std::string Escape(const std::string& text);

// The id lets a reader link to one chart (report.html#timeline) and the browser test find it.
std::string Section(const std::string& id, const std::string& title, const std::string& body);

// The words around one bar chart: its section, its table's columns, the caption under the bars.
struct ChartText {
    const char* id;
    std::string title;
    const char* key;    // the table's first column
    const char* value;  // what is counted: the table's second column
    const char* axis;
};

// A bar chart of `counts` and the table of the same numbers; "No data." when empty.
std::string CountsSection(const ChartText& text, const Counts& counts);

// From the doctype to the opened body: the viewport for phones, `title` (escaped here) and STYLE.
std::string PageHead(const std::string& title);
constexpr const char* PAGE_END = "</body></html>\n";

}  // namespace report
