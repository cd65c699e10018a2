#include "store/reliability.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "monitor/verdict.h"

namespace store {
namespace {

// One column triple per window of monitor::UPTIME_WINDOWS, in its order.
constexpr const char* MONITOR_SCHEMA = R"sql(
CREATE TABLE monitor_runs (
    id INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    settings TEXT NOT NULL CHECK (json_valid(settings))
);
CREATE TABLE monitor_rounds (
    crawl_id INTEGER PRIMARY KEY REFERENCES crawls(id),
    monitor_run_id INTEGER NOT NULL REFERENCES monitor_runs(id),
    round INTEGER NOT NULL CHECK (round >= 1),
    UNIQUE (monitor_run_id, round)
);
CREATE TABLE node_reliability (
    address_id INTEGER PRIMARY KEY REFERENCES addresses(id),
    last_crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    last_round INTEGER NOT NULL,
    first_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL,
    last_success_at INTEGER,
    last_presence TEXT NOT NULL CHECK (last_presence IN ('up', 'up_full', 'down')),
    attempts INTEGER NOT NULL,
    successes INTEGER NOT NULL,
    failures_in_a_row INTEGER NOT NULL,
    last_getaddr_answer_at INTEGER,
    version_connection_id INTEGER REFERENCES connections(id),
    reliability_2h REAL NOT NULL, weight_2h REAL NOT NULL, count_2h REAL NOT NULL,
    reliability_8h REAL NOT NULL, weight_8h REAL NOT NULL, count_8h REAL NOT NULL,
    reliability_1d REAL NOT NULL, weight_1d REAL NOT NULL, count_1d REAL NOT NULL,
    reliability_7d REAL NOT NULL, weight_7d REAL NOT NULL, count_7d REAL NOT NULL,
    reliability_30d REAL NOT NULL, weight_30d REAL NOT NULL, count_30d REAL NOT NULL,
    good INTEGER NOT NULL CHECK (good IN (0, 1))
);
CREATE VIEW good_nodes AS
SELECT a.id AS address_id, a.network, a.host, a.port, a.first_seen_at, r.last_success_at,
       r.successes, r.attempts,
       r.reliability_2h, r.reliability_8h, r.reliability_1d, r.reliability_7d, r.reliability_30d,
       v.version, v.services, v.user_agent, v.start_height
FROM node_reliability r
JOIN addresses a ON a.id = r.address_id
LEFT JOIN version_messages v ON v.connection_id = r.version_connection_id
WHERE r.good = 1;
)sql";

constexpr TimeMs MS = 1000;

// The crawl's newest attempt with a verdict per address, and the facts the rules need about it.
constexpr const char* CRAWL_VERDICTS = R"sql(
SELECT c.address_id, c.id, c.outcome, c.connected_at IS NOT NULL, v.connection_id IS NOT NULL,
       c.finished_at, v.version, v.services,
       EXISTS (SELECT 1 FROM addr_messages m WHERE m.connection_id = c.id)
FROM connections c
LEFT JOIN version_messages v ON v.connection_id = c.id
WHERE c.crawl_id = ?1 AND c.outcome <> 'cancelled'
  AND c.id = (SELECT max(n.id) FROM connections n
              WHERE n.crawl_id = ?1 AND n.address_id = c.address_id AND n.outcome <> 'cancelled')
)sql";

struct Row {
    int64_t last_crawl_id{0};
    int64_t first_attempt_at{0};
    std::optional<int64_t> last_success_at;
    int attempts{0};
    int successes{0};
    int failures_in_a_row{0};
    std::optional<int64_t> last_getaddr_answer_at;
    std::optional<int64_t> version_connection_id;
    monitor::Uptime uptime;
};

template <typename T>
std::optional<T> Optional(const SQLite::Column& column)
{
    if (column.isNull()) return std::nullopt;
    return static_cast<T>(column.getInt64());
}

template <typename T>
void BindOptional(SQLite::Statement& statement, int index, const std::optional<T>& value)
{
    if (value) {
        statement.bind(index, static_cast<int64_t>(*value));
    } else {
        statement.bind(index);
    }
}

std::optional<Row> LoadRow(SQLite::Database& db, int64_t address_id)
{
    SQLite::Statement query{db, R"sql(
        SELECT last_crawl_id, first_attempt_at, last_success_at, attempts, successes, failures_in_a_row,
               last_getaddr_answer_at, version_connection_id, last_attempt_at,
               reliability_2h, weight_2h, count_2h, reliability_8h, weight_8h, count_8h,
               reliability_1d, weight_1d, count_1d, reliability_7d, weight_7d, count_7d,
               reliability_30d, weight_30d, count_30d
        FROM node_reliability WHERE address_id = ?)sql"};
    query.bind(1, address_id);
    if (!query.executeStep()) return std::nullopt;
    Row row;
    row.last_crawl_id = query.getColumn(0).getInt64();
    row.first_attempt_at = query.getColumn(1).getInt64();
    row.last_success_at = Optional<int64_t>(query.getColumn(2));
    row.attempts = query.getColumn(3).getInt();
    row.successes = query.getColumn(4).getInt();
    row.failures_in_a_row = query.getColumn(5).getInt();
    row.last_getaddr_answer_at = Optional<int64_t>(query.getColumn(6));
    row.version_connection_id = Optional<int64_t>(query.getColumn(7));
    row.uptime.last_observed_at = query.getColumn(8).getInt64() / MS;
    for (size_t i = 0; i < row.uptime.windows.size(); ++i) {
        auto& window = row.uptime.windows[i];
        window.reliability = query.getColumn(static_cast<int>(9 + 3 * i)).getDouble();
        window.weight = query.getColumn(static_cast<int>(10 + 3 * i)).getDouble();
        window.count = query.getColumn(static_cast<int>(11 + 3 * i)).getDouble();
    }
    return row;
}

}  // namespace

void CreateMonitorTables(SQLite::Database& db)
{
    db.exec(MONITOR_SCHEMA);
}

std::optional<MonitorRun> FindMonitorRun(Database& database)
{
    SQLite::Statement query{database.Sql(), R"sql(
        SELECT r.id, r.settings, m.round, m.crawl_id, c.status = 'running'
        FROM monitor_runs r
        LEFT JOIN monitor_rounds m ON m.monitor_run_id = r.id
             AND m.round = (SELECT max(round) FROM monitor_rounds WHERE monitor_run_id = r.id)
        LEFT JOIN crawls c ON c.id = m.crawl_id
        ORDER BY r.id LIMIT 1)sql"};
    if (!query.executeStep()) return std::nullopt;
    MonitorRun run;
    run.id = query.getColumn(0).getInt64();
    run.settings = query.getColumn(1).getString();
    if (!query.getColumn(2).isNull()) {
        run.last_round = query.getColumn(2).getInt64();
        run.last_crawl_id = query.getColumn(3).getInt64();
        run.last_crawl_running = query.getColumn(4).getInt() != 0;
    }
    return run;
}

int64_t StartMonitorRun(Database& database, const std::string& settings_json, TimeMs started_at)
{
    SQLite::Statement insert{database.Sql(), "INSERT INTO monitor_runs (started_at, settings) VALUES (?, ?)"};
    insert.bind(1, started_at);
    insert.bind(2, settings_json);
    insert.exec();
    return database.Sql().getLastInsertRowid();
}

void AddMonitorRound(Database& database, int64_t run_id, int64_t crawl_id, int64_t round)
{
    SQLite::Statement insert{database.Sql(),
                             "INSERT INTO monitor_rounds (crawl_id, monitor_run_id, round) VALUES (?, ?, ?)"};
    insert.bind(1, crawl_id);
    insert.bind(2, run_id);
    insert.bind(3, round);
    insert.exec();
}

namespace {

// Where a node stands after one attempt: the columns of its row that are not the Row's own.
struct Standing {
    int64_t address_id;
    int64_t crawl_id;
    int64_t round;
    TimeMs attempt_at;
    monitor::Presence presence;
    bool good;
};

void WriteRow(SQLite::Statement& upsert, const Standing& standing, const Row& row)
{
    int index = 1;
    upsert.bind(index++, standing.address_id);
    upsert.bind(index++, standing.crawl_id);
    upsert.bind(index++, standing.round);
    upsert.bind(index++, row.first_attempt_at);
    upsert.bind(index++, standing.attempt_at);
    BindOptional(upsert, index++, row.last_success_at);
    upsert.bind(index++, std::string{monitor::PresenceName(standing.presence)});
    upsert.bind(index++, row.attempts);
    upsert.bind(index++, row.successes);
    upsert.bind(index++, row.failures_in_a_row);
    BindOptional(upsert, index++, row.last_getaddr_answer_at);
    BindOptional(upsert, index++, row.version_connection_id);
    for (const auto& window : row.uptime.windows) {
        upsert.bind(index++, window.reliability);
        upsert.bind(index++, window.weight);
        upsert.bind(index++, window.count);
    }
    upsert.bind(index++, standing.good ? 1 : 0);
    upsert.exec();
    upsert.reset();
}

}  // namespace

void UpdateReliability(Database& database, int64_t crawl_id)
{
    auto& db = database.Sql();
    SQLite::Transaction transaction{db, SQLite::TransactionBehavior::IMMEDIATE};
    SQLite::Statement round_query{db, "SELECT round FROM monitor_rounds WHERE crawl_id = ?"};
    round_query.bind(1, crawl_id);
    const int64_t round = round_query.executeStep() ? round_query.getColumn(0).getInt64() : 0;

    SQLite::Statement upsert{db, R"sql(
        INSERT OR REPLACE INTO node_reliability VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
            ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql"};
    SQLite::Statement verdicts{db, CRAWL_VERDICTS};
    verdicts.bind(1, crawl_id);
    while (verdicts.executeStep()) {
        const int64_t address_id = verdicts.getColumn(0).getInt64();
        const int64_t connection_id = verdicts.getColumn(1).getInt64();
        const auto outcome = OutcomeFromName(verdicts.getColumn(2).getString());
        const bool connected = verdicts.getColumn(3).getInt() != 0;
        const bool version_received = verdicts.getColumn(4).getInt() != 0;
        const TimeMs finished_at = verdicts.getColumn(5).getInt64();
        const bool answered_getaddr = verdicts.getColumn(8).getInt() != 0;
        if (!outcome) continue;
        const auto presence = monitor::PresenceOf(*outcome, connected, version_received);
        if (!presence) continue;

        Row row = LoadRow(db, address_id).value_or(Row{.first_attempt_at = finished_at});
        if (row.last_crawl_id == crawl_id) continue;  // this crawl is already folded in
        const bool up = *presence != monitor::Presence::down;
        row.last_crawl_id = crawl_id;
        ++row.attempts;
        if (up) {
            ++row.successes;
            row.failures_in_a_row = 0;
            row.last_success_at = finished_at;
        } else {
            ++row.failures_in_a_row;
        }
        if (answered_getaddr) row.last_getaddr_answer_at = finished_at;
        if (version_received) row.version_connection_id = connection_id;
        row.uptime.Observe(up, finished_at / MS);

        monitor::NodeStanding standing{.up_now = *presence == monitor::Presence::up,
                                       .version = Optional<int32_t>(verdicts.getColumn(6)),
                                       .services = Optional<uint64_t>(verdicts.getColumn(7)),
                                       .uptime = row.uptime,
                                       .attempts = row.attempts,
                                       .successes = row.successes};

        WriteRow(upsert,
                 {.address_id = address_id,
                  .crawl_id = crawl_id,
                  .round = round,
                  .attempt_at = finished_at,
                  .presence = *presence,
                  .good = monitor::IsGood(standing)},
                 row);
    }
    transaction.commit();
}

std::vector<monitor::KnownNode> LoadKnownNodes(Database& database)
{
    SQLite::Statement query{database.Sql(), R"sql(
        SELECT a.id, r.attempts, r.failures_in_a_row, r.last_round, r.first_attempt_at, r.last_success_at,
               r.last_getaddr_answer_at, v.services
        FROM addresses a LEFT JOIN node_reliability r ON r.address_id = a.id
        LEFT JOIN version_messages v ON v.connection_id = r.version_connection_id
        ORDER BY a.id)sql"};
    const auto seconds = [](const SQLite::Column& column) -> std::optional<int64_t> {
        if (column.isNull()) return std::nullopt;
        return column.getInt64() / MS;
    };
    std::vector<monitor::KnownNode> nodes;
    while (query.executeStep()) {
        monitor::KnownNode node;
        node.address_id = query.getColumn(0).getInt64();
        if (!query.getColumn(1).isNull()) {
            node.history.attempts = query.getColumn(1).getInt();
            node.history.failures_in_a_row = query.getColumn(2).getInt();
            node.history.last_attempt_round = query.getColumn(3).getInt64();
            node.history.first_attempt_at = query.getColumn(4).getInt64() / MS;
            node.history.last_success_at = seconds(query.getColumn(5));
            node.last_getaddr_answer_at = seconds(query.getColumn(6));
            if (!query.getColumn(7).isNull()) node.services = static_cast<uint64_t>(query.getColumn(7).getInt64());
        }
        nodes.push_back(node);
    }
    return nodes;
}

std::optional<NodeHistory> LoadNodeHistory(Database& database, const std::string& host, int port)
{
    auto& db = database.Sql();
    SQLite::Statement node_query{db, R"sql(
        SELECT a.id, a.network, a.host, a.port, a.first_seen_at, r.last_presence, r.last_success_at,
               coalesce(r.attempts, 0), coalesce(r.successes, 0), coalesce(r.good, 0),
               coalesce(r.reliability_2h, 0), coalesce(r.reliability_8h, 0), coalesce(r.reliability_1d, 0),
               coalesce(r.reliability_7d, 0), coalesce(r.reliability_30d, 0)
        FROM addresses a LEFT JOIN node_reliability r ON r.address_id = a.id
        WHERE a.host = ? AND a.port = ? ORDER BY a.id LIMIT 1)sql"};
    node_query.bind(1, host);
    node_query.bind(2, port);
    if (!node_query.executeStep()) return std::nullopt;
    NodeHistory node;
    node.address_id = node_query.getColumn(0).getInt64();
    node.network = node_query.getColumn(1).getString();
    node.host = node_query.getColumn(2).getString();
    node.port = node_query.getColumn(3).getInt();
    node.first_seen_at = node_query.getColumn(4).getInt64();
    if (!node_query.getColumn(5).isNull()) node.last_presence = node_query.getColumn(5).getString();
    node.last_success_at = Optional<TimeMs>(node_query.getColumn(6));
    node.attempts = node_query.getColumn(7).getInt();
    node.successes = node_query.getColumn(8).getInt();
    node.good = node_query.getColumn(9).getInt() != 0;
    for (size_t i = 0; i < node.reliability.size(); ++i)
        node.reliability[i] = node_query.getColumn(static_cast<int>(10 + i)).getDouble();

    SQLite::Statement attempts{db, R"sql(
        SELECT c.crawl_id, m.round, c.started_at, c.outcome, c.connected_at IS NOT NULL, v.version, v.user_agent
        FROM connections c
        LEFT JOIN monitor_rounds m ON m.crawl_id = c.crawl_id
        LEFT JOIN version_messages v ON v.connection_id = c.id
        WHERE c.address_id = ?1
          AND c.id = (SELECT max(n.id) FROM connections n WHERE n.crawl_id = c.crawl_id AND n.address_id = ?1)
        ORDER BY c.crawl_id)sql"};
    attempts.bind(1, node.address_id);
    while (attempts.executeStep()) {
        NodeAttempt attempt;
        attempt.crawl_id = attempts.getColumn(0).getInt64();
        attempt.round = Optional<int64_t>(attempts.getColumn(1));
        attempt.started_at = attempts.getColumn(2).getInt64();
        attempt.outcome = attempts.getColumn(3).getString();
        attempt.connected = attempts.getColumn(4).getInt() != 0;
        attempt.version = Optional<int32_t>(attempts.getColumn(5));
        if (!attempts.getColumn(6).isNull()) attempt.user_agent = attempts.getColumn(6).getString();
        node.history.push_back(std::move(attempt));
    }
    return node;
}

std::vector<RoundPresence> LoadRoundPresence(Database& database)
{
    auto& db = database.Sql();
    SQLite::Statement rounds{db, R"sql(
        SELECT m.round, m.crawl_id, c.started_at FROM monitor_rounds m JOIN crawls c ON c.id = m.crawl_id
        ORDER BY m.round)sql"};
    SQLite::Statement verdicts{db, R"sql(
        SELECT c.address_id, a.network, c.outcome, c.connected_at IS NOT NULL,
               EXISTS (SELECT 1 FROM version_messages v WHERE v.connection_id = c.id)
        FROM connections c JOIN addresses a ON a.id = c.address_id
        WHERE c.crawl_id = ?1 AND c.outcome <> 'cancelled'
          AND c.id = (SELECT max(n.id) FROM connections n
                      WHERE n.crawl_id = ?1 AND n.address_id = c.address_id AND n.outcome <> 'cancelled')
        ORDER BY c.address_id)sql"};
    std::vector<RoundPresence> result;
    while (rounds.executeStep()) {
        RoundPresence round{.round = rounds.getColumn(0).getInt64(),
                            .crawl_id = rounds.getColumn(1).getInt64(),
                            .started_at = rounds.getColumn(2).getInt64(),
                            .verdicts = {}};
        verdicts.bind(1, round.crawl_id);
        while (verdicts.executeStep()) {
            const auto outcome = OutcomeFromName(verdicts.getColumn(2).getString());
            if (!outcome) continue;
            const auto presence =
                monitor::PresenceOf(*outcome, verdicts.getColumn(3).getInt() != 0, verdicts.getColumn(4).getInt() != 0);
            if (!presence) continue;
            round.verdicts.push_back({verdicts.getColumn(0).getInt64(), verdicts.getColumn(1).getString(), *presence});
        }
        verdicts.reset();
        result.push_back(std::move(round));
    }
    return result;
}

std::vector<double> LoadUptimes(Database& database, size_t window)
{
    static constexpr std::array<const char*, 5> COLUMNS{"reliability_2h", "reliability_8h", "reliability_1d",
                                                        "reliability_7d", "reliability_30d"};
    SQLite::Statement query{database.Sql(),
                            std::string{"SELECT 100 * "} + COLUMNS.at(window) + " FROM node_reliability"};
    std::vector<double> uptimes;
    while (query.executeStep())
        uptimes.push_back(query.getColumn(0).getDouble());
    return uptimes;
}

std::vector<SeedNode> LoadSeedNodes(Database& database)
{
    SQLite::Statement query{database.Sql(), R"sql(
        SELECT a.network, a.host, a.port, r.good, r.last_success_at,
               r.reliability_2h, r.reliability_8h, r.reliability_1d, r.reliability_7d, r.reliability_30d,
               coalesce(v.start_height, 0), coalesce(v.services, 0), coalesce(v.version, 0),
               coalesce(v.user_agent, '')
        FROM node_reliability r
        JOIN addresses a ON a.id = r.address_id
        LEFT JOIN version_messages v ON v.connection_id = r.version_connection_id
        WHERE r.last_success_at IS NOT NULL
        ORDER BY r.reliability_30d DESC, r.reliability_7d DESC, a.network, a.host, a.port)sql"};
    std::vector<SeedNode> nodes;
    while (query.executeStep()) {
        SeedNode node;
        node.network = query.getColumn(0).getString();
        node.host = query.getColumn(1).getString();
        node.port = query.getColumn(2).getInt();
        node.good = query.getColumn(3).getInt() != 0;
        node.last_success_at = query.getColumn(4).getInt64() / MS;
        for (size_t i = 0; i < node.reliability.size(); ++i)
            node.reliability[i] = query.getColumn(static_cast<int>(5 + i)).getDouble();
        node.blocks = query.getColumn(10).getInt64();
        node.services = static_cast<uint64_t>(query.getColumn(11).getInt64());
        node.version = query.getColumn(12).getInt();
        node.user_agent = query.getColumn(13).getString();
        nodes.push_back(std::move(node));
    }
    return nodes;
}

}  // namespace store
