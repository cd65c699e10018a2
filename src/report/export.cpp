// Why this file exists: the table of export formats (see export.h).
#include "report/export.h"

#include <algorithm>
#include <array>

namespace report {
namespace {

constexpr std::array FORMATS = {
    ExportFormat{"csv", WriteCsv},
    ExportFormat{"json", WriteJson},
    ExportFormat{"bitnodes", WriteBitnodes},
};

}  // namespace

const ExportFormat* FindExportFormat(std::string_view name)
{
    const auto format = std::find_if(FORMATS.begin(), FORMATS.end(),
                                     [&](const ExportFormat& candidate) { return candidate.name == name; });
    return format == FORMATS.end() ? nullptr : &*format;
}

std::vector<std::string> ExportFormatNames()
{
    std::vector<std::string> names;
    for (const auto& format : FORMATS)
        names.emplace_back(format.name);
    names.emplace_back(SEEDS_FORMAT);
    return names;
}

}  // namespace report
