#pragma once
// Why this file exists: the tables of `btccrawl monitor` (docs/schema.md "Monitor"): a monitor run,
// its rounds (each one crawl), and one reliability row per node that is brought up to date once per
// round from that round's verdicts, so reading a node's uptime never means replaying its history.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monitor/round_plan.h"
#include "monitor/verdict.h"
#include "store/database.h"

namespace SQLite {
class Database;
}

namespace store {

// The migration step that creates them (one of Database's MIGRATIONS).
void CreateMonitorTables(SQLite::Database& db);

struct MonitorRun {
    int64_t id{0};
    std::string settings;   // JSON, as the first monitor command on the file stored it
    int64_t last_round{0};  // 0 before the first round
    // The crawl of the last round, and whether it is still marked running (its monitor was killed).
    std::optional<int64_t> last_crawl_id;
    bool last_crawl_running{false};
};

// The file's monitor run (one per file), if a monitor ever ran on it.
std::optional<MonitorRun> FindMonitorRun(Database& db);
int64_t StartMonitorRun(Database& db, const std::string& settings_json, TimeMs started_at);
// Ties crawl `crawl_id` to the run as round `round`.
void AddMonitorRound(Database& db, int64_t run_id, int64_t crawl_id, int64_t round);

// Folds the verdicts of crawl `crawl_id` (the newest attempt of each address that says something,
// docs/monitor.md) into node_reliability, in one transaction. Calling it twice for one crawl
// changes nothing the second time.
void UpdateReliability(Database& db, int64_t crawl_id);

// Every address of the file with its monitor history (a default history for one never folded in),
// by address id: the input of monitor::PlanRound.
std::vector<monitor::KnownNode> LoadKnownNodes(Database& db);

// One attempt at a node, for `report --node`: the newest connection of each crawl to it.
struct NodeAttempt {
    int64_t crawl_id{0};
    std::optional<int64_t> round;  // nullopt for a crawl outside the monitor run
    TimeMs started_at{0};
    std::string outcome;
    bool connected{false};
    std::optional<int32_t> version;
    std::optional<std::string> user_agent;
};

// A node's monitor record and its attempts, for `report --node`.
struct NodeHistory {
    int64_t address_id{0};
    std::string network;
    std::string host;
    int port{0};
    TimeMs first_seen_at{0};
    // From node_reliability; unset when no round reached a verdict on it.
    std::optional<std::string> last_presence;
    std::optional<TimeMs> last_success_at;
    int attempts{0};
    int successes{0};
    bool good{false};
    std::array<double, 5> reliability{};  // 2h … 30d
    std::vector<NodeAttempt> history;     // oldest crawl first
};

// nullopt when the file holds no such address (host as stored: canonical text, no brackets).
std::optional<NodeHistory> LoadNodeHistory(Database& db, const std::string& host, int port);

// One monitor round as `report --monitor` shows it: what each address's newest attempt said.
struct RoundPresence {
    int64_t round{0};
    int64_t crawl_id{0};
    TimeMs started_at{0};
    struct Verdict {
        int64_t address_id;
        std::string network;
        monitor::Presence presence;
    };
    std::vector<Verdict> verdicts;  // addresses whose attempt said something (docs/monitor.md)
};

// The rounds of the file's monitor run, oldest first.
std::vector<RoundPresence> LoadRoundPresence(Database& db);

// 100·reliability of window `window` (an index of monitor::UPTIME_WINDOWS) of every node with a
// record.
std::vector<double> LoadUptimes(Database& db, size_t window);

// One line of the sipa seeder's dump (report/seeds.cpp): a node a monitor round ever found up.
struct SeedNode {
    std::string network;  // addresses.network
    std::string host;
    int port{0};
    bool good{false};
    int64_t last_success_at{0};           // Unix seconds
    std::array<double, 5> reliability{};  // 2h, 8h, 1d, 7d, 30d, shares in [0, 1]
    // From the newest handshake; 0 and "" when none decoded.
    int64_t blocks{0};
    uint64_t services{0};
    int32_t version{0};
    std::string user_agent;
};

// Every node of node_reliability with a success, by 30-day then 7-day reliability (highest
// first), then address.
std::vector<SeedNode> LoadSeedNodes(Database& db);

}  // namespace store
