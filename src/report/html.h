#pragma once
// Why this file exists: `report --html FILE` — one self-contained page (inline CSS and SVG, no
// script, no network fetch) that a person can open offline or on a phone to see a crawl.
#include <ostream>

#include "report/source.h"
#include "store/database.h"

namespace report {

void WriteHtml(std::ostream& out, store::Database& db, const CrawlInfo& crawl);

}  // namespace report
