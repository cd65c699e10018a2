// btccrawl: crawl the Bitcoin P2P network into one SQLite file, and report on it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>

#include "btccrawl_version.h"
#include "cli/commands.h"

namespace {

struct Subcommand {
    const char* name;
    cli::Run (*add)(CLI::App&);
};

constexpr Subcommand SUBCOMMANDS[] = {
    {"crawl", cli::AddCrawlCommand},   {"monitor", cli::AddMonitorCommand}, {"report", cli::AddReportCommand},
    {"export", cli::AddExportCommand}, {"dns", cli::AddDnsCommand},
};

}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"btccrawl " BTCCRAWL_VERSION ": crawl the Bitcoin P2P network into one SQLite file"};
    app.set_version_flag("--version", BTCCRAWL_VERSION);
    app.require_subcommand(1);
    std::map<std::string, cli::Run> runners;
    std::string names;
    for (const auto& subcommand : SUBCOMMANDS) {
        runners[subcommand.name] = subcommand.add(app);
        if (!names.empty()) names += ", ";
        names += subcommand.name;
    }
    // CLI11 would only say "A subcommand is required" of `btccrawl bogus`.
    if (argc > 1 && argv[1][0] != '-' && !runners.contains(argv[1])) {
        std::fprintf(stderr, "btccrawl: unknown command '%s': one of %s\n", argv[1], names.c_str());
        return 1;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line, exit 1: docs/spec.md §1 bad usage.
        std::fprintf(stderr, "btccrawl: %s\n", e.what());
        return 1;
    }
    return runners.at(app.get_subcommands().front()->get_name())();
}
