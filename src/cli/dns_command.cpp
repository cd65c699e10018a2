// Why this file exists: `btccrawl dns`'s options (docs/dns.md); the work is dns::RunSeed.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "dns/server.h"
#include "report/run.h"

namespace cli {

Run AddDnsCommand(CLI::App& app)
{
    auto options = std::make_shared<dns::SeedOptions>();
    CLI::App* command = app.add_subcommand("dns", "Serve the file's good nodes as a Bitcoin DNS seed");
    command->add_option("--db", options->db, "Database file (read while a crawl or monitor writes it)")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--zone", options->zone.zone, "The seed's zone, e.g. seed.example.org")->required();
    command->add_option("--ns", options->zone.ns, "This server's own name, e.g. ns.example.org")->required();
    command->add_option("--mbox", options->zone.mbox,
                        "SOA contact, e.g. hostmaster.example.org (default: hostmaster.<zone>)");
    command->add_option("--listen", options->listen,
                        "ADDR:PORT to serve UDP and TCP on; repeatable (default 0.0.0.0:53 and [::]:53)");
    command->add_option("--user", options->user,
                        "After binding (as root, e.g. port 53), run as this user; it must be able to read --db");
    command
        ->add_option("--rate-limit", options->source_rate,
                     "Queries a second one source address may send (bursts of twice that); 0: no limit")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
    command->add_option("--refresh", options->refresh_seconds, "Seconds between reloads of the nodes from --db")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    command->add_option("--ttl", options->zone.ttl, "TTL of the A/AAAA answers, seconds")->check(CLI::Range(1, 86400));
    command->add_option("--answers", options->zone.answers, "Records per answer at most")->check(CLI::Range(1, 250));
    return [options] {
        if (options->zone.mbox.empty()) options->zone.mbox = "hostmaster." + options->zone.zone;
        return report::ExitCode(
            "dns", [&] { dns::RunSeed(*options); }, std::cerr);
    };
}

}  // namespace cli
