#pragma once
// Why this file exists: `btccrawl dns` as a running server — UDP and TCP listeners on one Asio
// thread answering through dns::Responder, the answer set reloaded from the file every minute on
// a thread of its own (so a slow disk never delays a query), and one log line a minute.
#include <filesystem>
#include <string>
#include <vector>

#include "dns/answer.h"
#include "dns/rate_limit.h"

namespace dns {

constexpr int REFRESH_SECONDS = 60;  // the default of --refresh
constexpr int LOG_SECONDS = 60;

struct SeedOptions {
    std::filesystem::path db;
    ZoneSettings zone;
    std::vector<std::string> listen;                // ADDR:PORT, [v6]:PORT; default 0.0.0.0:53 and [::]:53
    std::string user;                               // when set: bind as root, then run as this user (port 53)
    double source_rate{SOURCE_QUERIES_PER_SECOND};  // per source address, bursts of twice that; 0: no limit
    int refresh_seconds{REFRESH_SECONDS};           // between reloads of the answer set
};

// Runs until SIGINT/SIGTERM; returns 0. Throws store::UsageError (exit 1) for a bad file, name or
// listen address, an address that cannot be bound, or a --user that does not exist or cannot be
// taken on — all before it answers anything.
int RunSeed(const SeedOptions& options);

}  // namespace dns
