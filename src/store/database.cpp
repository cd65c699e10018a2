// Why this file exists: the only place that knows the SQL of a btccrawl database — how a file is
// recognised as ours before anything is written to it, how an older file is migrated forward, and
// the prepared statements that turn a Batch into rows at the rate a crawl produces them.
#include "store/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "store/reliability.h"

namespace store {
namespace {

// 'btcc': PRAGMA application_id, header offset 68, so `file` and we can tell our databases apart.
constexpr int32_t APPLICATION_ID = 0x62746363;
constexpr int BUSY_TIMEOUT_MS = 5000;

// Offsets into the 100-byte SQLite database header (https://sqlite.org/fileformat.html).
constexpr std::string_view SQLITE_MAGIC{"SQLite format 3\0", 16};
constexpr size_t HEADER_PAGE_SIZE = 16;
constexpr size_t HEADER_APPLICATION_ID = 68;
constexpr size_t HEADER_SIZE = 100;
constexpr size_t PAGE1_CELL_COUNT = HEADER_SIZE + 3;  // b-tree header of sqlite_schema's root

// Version 1: the tables of docs/spec.md §3 plus the crawl frontier. Frozen once released: a change is a new
// migration, never an edit here.
constexpr const char* SCHEMA_V1 = R"sql(
CREATE TABLE crawls (
    id INTEGER PRIMARY KEY,
    chain TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
    settings TEXT NOT NULL CHECK (json_valid(settings))
);
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    network TEXT NOT NULL CHECK (network IN ('ipv4', 'ipv6', 'onion', 'i2p', 'cjdns')),
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
    first_seen_at INTEGER NOT NULL,
    UNIQUE (network, host, port)
);
CREATE TABLE crawl_addresses (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    address_id INTEGER NOT NULL REFERENCES addresses(id),
    learned_at INTEGER NOT NULL,
    PRIMARY KEY (crawl_id, address_id)
) WITHOUT ROWID;
CREATE TABLE connections (
    id INTEGER PRIMARY KEY,
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    address_id INTEGER NOT NULL REFERENCES addresses(id),
    attempt INTEGER NOT NULL CHECK (attempt >= 1),
    started_at INTEGER NOT NULL,
    connected_at INTEGER,
    handshake_at INTEGER,
    finished_at INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'no_addr', 'refused', 'unreachable',
        'connect_timeout', 'handshake_timeout', 'peer_closed', 'protocol_error', 'proxy_error',
        'cancelled')),
    error TEXT
);
CREATE INDEX connections_by_crawl_address ON connections (crawl_id, address_id);
CREATE TABLE version_messages (
    connection_id INTEGER PRIMARY KEY REFERENCES connections(id),
    received_at INTEGER NOT NULL,
    raw BLOB NOT NULL,
    version INTEGER,
    services INTEGER,
    timestamp INTEGER,
    nonce INTEGER,
    user_agent TEXT,
    start_height INTEGER,
    relay INTEGER
);
CREATE TABLE addr_messages (
    id INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections(id),
    received_at INTEGER NOT NULL,
    command TEXT NOT NULL CHECK (command IN ('addr', 'addrv2')),
    raw BLOB NOT NULL,
    entry_count INTEGER NOT NULL
);
CREATE INDEX addr_messages_by_connection ON addr_messages (connection_id);
CREATE TABLE addr_entries (
    addr_message_id INTEGER NOT NULL REFERENCES addr_messages(id),
    position INTEGER NOT NULL,
    address_id INTEGER NOT NULL REFERENCES addresses(id),
    timestamp INTEGER NOT NULL,
    services INTEGER NOT NULL,
    PRIMARY KEY (addr_message_id, position)
) WITHOUT ROWID;
)sql";

// The research queries of docs/schema.md ("who advertised X", "the first crawl that saw X"), on
// address_id. Built when a crawl ends, not while it writes: on a fresh file the crawl that
// writes the most rows writes them without the cost of these indexes, and one CREATE INDEX over
// the finished table is cheaper than keeping it sorted row by row.
constexpr const char* RESEARCH_INDEXES = R"sql(
CREATE INDEX IF NOT EXISTS addr_entries_by_address ON addr_entries (address_id);
CREATE INDEX IF NOT EXISTS crawl_addresses_by_address ON crawl_addresses (address_id);
CREATE INDEX IF NOT EXISTS connections_by_address ON connections (address_id);
)sql";

// MIGRATIONS[v] brings a file from user_version v to v + 1; version 0 is a file with no tables.
using Migration = void (*)(SQLite::Database&);
// Version 2 (BIP324, docs/schema.md): the transport of every connection, the v2 session id, and
// the v1 reconnection's link to the v2 attempt a v1-only peer turned away. Rows from before were v1.
constexpr const char* TRANSPORT_COLUMNS = R"sql(
ALTER TABLE connections ADD COLUMN transport TEXT NOT NULL DEFAULT 'v1' CHECK (transport IN ('v1', 'v2'));
ALTER TABLE connections ADD COLUMN v2_session_id BLOB;
ALTER TABLE connections ADD COLUMN fallback_from INTEGER REFERENCES connections(id);
)sql";

// Version 4: why each crawl stopped (CrawlEnd). Rows from before say NULL: not recorded.
constexpr const char* STOP_REASON_COLUMN = R"sql(
ALTER TABLE crawls ADD COLUMN stop_reason TEXT
    CHECK (stop_reason IN ('exhausted', 'max_duration', 'signal', 'killed'));
)sql";

constexpr std::array<Migration, SCHEMA_VERSION> MIGRATIONS{
    [](SQLite::Database& db) { db.exec(SCHEMA_V1); },
    [](SQLite::Database& db) { db.exec(TRANSPORT_COLUMNS); },
    CreateMonitorTables,
    [](SQLite::Database& db) { db.exec(STOP_REASON_COLUMN); },
};

std::string NotOurs(const std::filesystem::path& path, std::string_view why)
{
    return fmt::format("{}: not a btccrawl database ({})", path.string(), why);
}

uint32_t BigEndian(const std::string& bytes, size_t offset, size_t size)
{
    uint32_t value = 0;
    for (size_t i = 0; i < size; ++i)
        value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
    return value;
}

// Reads the header of an existing file without SQLite, so a file that is not ours is refused before
// SQLite can touch it. An empty or schema-less SQLite file passes: it is an empty database.
void CheckHeader(const std::filesystem::path& path, std::uintmax_t size)
{
    if (size == 0) return;
    std::ifstream file{path, std::ios::binary};
    if (!file) throw UsageError{fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno))};
    std::string header(HEADER_SIZE + 8, '\0');
    file.read(header.data(), static_cast<std::streamsize>(header.size()));
    header.resize(static_cast<size_t>(file.gcount()));
    if (header.size() < HEADER_SIZE || header.compare(0, SQLITE_MAGIC.size(), SQLITE_MAGIC) != 0) {
        throw UsageError{NotOurs(path, "not an SQLite file")};
    }
    if (static_cast<int32_t>(BigEndian(header, HEADER_APPLICATION_ID, 4)) == APPLICATION_ID) return;
    uint32_t page_size = BigEndian(header, HEADER_PAGE_SIZE, 2);
    if (page_size == 1) page_size = 65536;
    bool schema_empty =
        size <= page_size && header.size() >= PAGE1_CELL_COUNT + 2 && BigEndian(header, PAGE1_CELL_COUNT, 2) == 0;
    if (!schema_empty) throw UsageError{NotOurs(path, "an SQLite database of another application")};
}

int QueryInt(SQLite::Database& db, const char* sql)
{
    return db.execAndGet(sql).getInt();
}

// file: URI of `path` for sqlite3_open_v2, every byte but [A-Za-z0-9/._~-] percent-encoded (a
// '?', '#' or '%' in a file name would otherwise end or escape the path).
std::string FileUri(const std::filesystem::path& path)
{
    std::string uri = "file://";
    for (const char c : std::filesystem::absolute(path).string()) {
        if (std::isalnum(static_cast<unsigned char>(c)) ||
            std::string_view{"/._~-"}.find(c) != std::string_view::npos) {
            uri += c;
        } else {
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        }
    }
    return uri;
}

// A reader of a WAL database needs its -shm file; in a read-only place (a read-only mount or
// folder) SQLite cannot create it and refuses to read at all (SQLITE_CANTOPEN at the first
// query). Without a -wal holding commits the file alone is the whole database, so it is read as
// immutable (no locks, no side files). With one, immutable would silently drop those commits.
// OpenMode::peek goes immutable at once when there is no -wal, so that it leaves none behind.
std::unique_ptr<SQLite::Database> OpenReadOnly(const std::filesystem::path& path, int flags, OpenMode mode)
{
    std::error_code no_wal;
    const auto wal_size = std::filesystem::file_size(path.string() + "-wal", no_wal);
    const auto immutable = [&] {
        return std::make_unique<SQLite::Database>(FileUri(path) + "?immutable=1", flags | SQLite::OPEN_URI,
                                                  BUSY_TIMEOUT_MS);
    };
    if (mode == OpenMode::peek && no_wal) return immutable();
    auto db = std::make_unique<SQLite::Database>(path, flags, BUSY_TIMEOUT_MS);
    try {
        QueryInt(*db, "PRAGMA application_id");
        return db;
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_CANTOPEN) throw;
    }
    if (!no_wal && wal_size > 0) {
        throw UsageError{
            fmt::format("{}: cannot read in a read-only place: its -wal file holds commits that "
                        "need a -shm file; copy both to a writable folder",
                        path.string())};
    }
    return immutable();
}

int64_t NextId(SQLite::Database& db, const char* table)
{
    return db.execAndGet(fmt::format("SELECT coalesce(max(id), 0) + 1 FROM {}", table)).getInt64();
}

// SQLite binds a NULL pointer as SQL NULL; an empty payload must stay an empty BLOB.
void BindBlob(SQLite::Statement& statement, int index, const wire::Bytes& bytes)
{
    static constexpr uint8_t NOTHING = 0;
    statement.bindNoCopy(index, bytes.empty() ? &NOTHING : bytes.data(), static_cast<int>(bytes.size()));
}

template <typename T>
void BindOptional(SQLite::Statement& statement, int index, const std::optional<T>& value)
{
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

void Run(SQLite::Statement& statement)
{
    statement.exec();
    statement.reset();
}

}  // namespace

struct Database::Statements {
    explicit Statements(SQLite::Database& db)
        : insert_address{db,
                         "INSERT INTO addresses (id, network, host, port, first_seen_at) "
                         "VALUES (?, ?, ?, ?, ?)"},
          insert_crawl_address{db,
                               "INSERT OR IGNORE INTO crawl_addresses (crawl_id, address_id, "
                               "learned_at) VALUES (?, ?, ?)"},
          insert_connection{db,
                            "INSERT INTO connections (id, crawl_id, address_id, attempt, "
                            "started_at, connected_at, handshake_at, finished_at, outcome, "
                            "error, transport, v2_session_id, fallback_from) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
          insert_version{db,
                         "INSERT INTO version_messages (connection_id, received_at, raw, "
                         "version, services, timestamp, nonce, user_agent, start_height, "
                         "relay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
          insert_addr_message{db,
                              "INSERT INTO addr_messages (id, connection_id, received_at, "
                              "command, raw, entry_count) VALUES (?, ?, ?, ?, ?, ?)"},
          insert_addr_entry{db, AddrEntriesInsert(1)}, insert_addr_entries{db,
                                                                           AddrEntriesInsert(ADDR_ENTRIES_PER_INSERT)}
    {
    }

    // One statement for many rows: the per-statement work (step, reset, bind bookkeeping) is a
    // good part of a row's cost when there are 20 million of them.
    static constexpr size_t ADDR_ENTRIES_PER_INSERT = 100;
    static std::string AddrEntriesInsert(size_t rows)
    {
        std::string sql =
            "INSERT INTO addr_entries (addr_message_id, position, address_id, timestamp, services) VALUES ";
        for (size_t row = 0; row < rows; ++row)
            sql += row == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
        return sql;
    }

    // In dependency order: the rows a batch references are inserted before the rows that do.
    void Insert(const Batch& batch);
    void InsertConnection(const ConnectionRecord& connection);
    void InsertVersion(int64_t connection_id, const VersionRow& version);
    void InsertAddrMessages(const ConnectionRecord& connection);
    void InsertAddrEntries(const AddrMessageRow& message);

    SQLite::Statement insert_address;
    SQLite::Statement insert_crawl_address;
    SQLite::Statement insert_connection;
    SQLite::Statement insert_version;
    SQLite::Statement insert_addr_message;
    SQLite::Statement insert_addr_entry;
    SQLite::Statement insert_addr_entries;  // ADDR_ENTRIES_PER_INSERT rows
};

namespace {

// The file's schema version, once it is known to be ours or an empty file that may become ours.
// Reads only, before anything is written: the WAL of a live file may hold what the header check
// could not see.
int CheckedVersion(SQLite::Database& db, const std::filesystem::path& path, bool may_create)
{
    const int application_id = QueryInt(db, "PRAGMA application_id");
    const int version = QueryInt(db, "PRAGMA user_version");
    const int objects = QueryInt(db, "SELECT count(*) FROM sqlite_schema");
    if (application_id != APPLICATION_ID && (application_id != 0 || version != 0 || objects != 0)) {
        throw UsageError{NotOurs(path, "an SQLite database of another application")};
    }
    if (version > SCHEMA_VERSION) {
        throw UsageError{fmt::format("{}: schema version {} is newer than this btccrawl supports ({})", path.string(),
                                     version, SCHEMA_VERSION)};
    }
    if (application_id != APPLICATION_ID && !may_create) throw UsageError{NotOurs(path, "empty file")};
    return version;
}

// Brings a file of schema `version` (0: empty) to SCHEMA_VERSION in one transaction.
void Migrate(SQLite::Database& db, int version)
{
    SQLite::Transaction transaction{db, SQLite::TransactionBehavior::IMMEDIATE};
    db.exec(fmt::format("PRAGMA application_id = {}", APPLICATION_ID));
    for (int from = version; from < SCHEMA_VERSION; ++from)
        MIGRATIONS[from](db);
    db.exec(fmt::format("PRAGMA user_version = {}", SCHEMA_VERSION));
    transaction.commit();
}

}  // namespace

Database::Database(const std::filesystem::path& path, OpenMode mode) : m_path{path}
{
    std::error_code error;
    auto status = std::filesystem::status(path, error);
    bool exists = std::filesystem::exists(status);
    if (exists && mode == OpenMode::create_new) {
        throw UsageError{fmt::format("{}: already exists", path.string())};
    }
    bool may_create = mode == OpenMode::create_new || mode == OpenMode::create_or_open;
    if (!exists && !may_create) throw UsageError{fmt::format("{}: no such file", path.string())};
    if (exists && mode != OpenMode::second_connection) {
        if (!std::filesystem::is_regular_file(status)) throw UsageError{NotOurs(path, "not a file")};
        CheckHeader(path, std::filesystem::file_size(path, error));
    }

    const bool read_only = mode == OpenMode::read_only || mode == OpenMode::peek;
    int flags = read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    if (may_create) flags |= SQLite::OPEN_CREATE;
    // Each connection is used by one thread only (the writer thread has its own), so SQLite's
    // per-call mutexes are pure cost: they were an eighth of the writer's time.
    flags |= SQLite::OPEN_NOMUTEX;
    try {
        m_db = read_only ? OpenReadOnly(path, flags, mode)
                         : std::make_unique<SQLite::Database>(path, flags, BUSY_TIMEOUT_MS);
        const int version = CheckedVersion(*m_db, path, may_create);
        if (read_only) {
            if (version < SCHEMA_VERSION) {
                throw UsageError{
                    fmt::format("{}: schema version {} is older than {}; open it once "
                                "with `crawl --db` to migrate it",
                                path.string(), version, SCHEMA_VERSION)};
            }
            return;
        }
        if (version < SCHEMA_VERSION) Migrate(*m_db, version);
        // After the migration, so a new file is recognisable from its header alone: in WAL mode
        // the first commits would live only in the -wal file until a checkpoint.
        m_db->exec("PRAGMA journal_mode = WAL");
        m_db->exec("PRAGMA synchronous = NORMAL");
    } catch (const SQLite::Exception& e) {
        throw UsageError{fmt::format("{}: cannot open: {}", path.string(), e.what())};
    }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;

Database& Database::operator=(Database&& other) noexcept
{
    // Member-wise swap: `other` then finalises our old statements before closing our old handle.
    std::swap(m_path, other.m_path);
    std::swap(m_db, other.m_db);
    std::swap(m_statements, other.m_statements);
    return *this;
}

SQLite::Database& Database::Sql()
{
    return *m_db;
}

int64_t Database::StartCrawl(std::string_view chain, const std::string& settings_json, TimeMs started_at)
{
    SQLite::Statement insert{*m_db,
                             "INSERT INTO crawls (chain, started_at, status, settings) "
                             "VALUES (?, ?, 'running', ?)"};
    insert.bind(1, std::string{chain});
    insert.bind(2, started_at);
    insert.bind(3, settings_json);
    insert.exec();
    return m_db->getLastInsertRowid();
}

std::string_view CrawlEndName(CrawlEnd end)
{
    switch (end) {
    case CrawlEnd::exhausted: return "exhausted";
    case CrawlEnd::max_duration: return "max_duration";
    case CrawlEnd::signal: return "signal";
    case CrawlEnd::killed: return "killed";
    }
    return "unknown";  // unreachable for a valid enum value; the schema CHECK rejects it anyway
}

void Database::FinishCrawl(int64_t crawl_id, CrawlEnd end, TimeMs finished_at)
{
    SQLite::Statement update{*m_db, "UPDATE crawls SET status = ?, stop_reason = ?, finished_at = ? WHERE id = ?"};
    update.bind(1, end == CrawlEnd::exhausted ? "finished" : "interrupted");
    update.bind(2, std::string{CrawlEndName(end)});
    update.bind(3, finished_at);
    update.bind(4, crawl_id);
    if (update.exec() != 1) throw std::runtime_error{fmt::format("FinishCrawl: no crawl {}", crawl_id)};
    m_db->exec(RESEARCH_INDEXES);
}

void Database::ResumeCrawl(int64_t crawl_id)
{
    SQLite::Statement update{
        *m_db, "UPDATE crawls SET status = 'running', stop_reason = NULL, finished_at = NULL WHERE id = ?"};
    update.bind(1, crawl_id);
    if (update.exec() != 1) throw std::runtime_error{fmt::format("ResumeCrawl: no crawl {}", crawl_id)};
}

std::optional<int64_t> Database::NewestUnfinishedCrawl()
{
    SQLite::Statement query{*m_db, "SELECT max(id) FROM crawls WHERE status IN ('running', 'interrupted')"};
    query.executeStep();
    if (query.isColumnNull(0)) return std::nullopt;
    return query.getColumn(0).getInt64();
}

namespace {
std::optional<std::string> CrawlText(SQLite::Database& db, const char* sql, int64_t crawl_id)
{
    SQLite::Statement query{db, sql};
    query.bind(1, crawl_id);
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}
}  // namespace

std::optional<std::string> Database::CrawlChain(int64_t crawl_id)
{
    return CrawlText(*m_db, "SELECT chain FROM crawls WHERE id = ?", crawl_id);
}

std::optional<std::string> Database::CrawlSettings(int64_t crawl_id)
{
    return CrawlText(*m_db, "SELECT settings FROM crawls WHERE id = ?", crawl_id);
}

std::vector<KnownAddress> Database::LoadAddresses()
{
    std::vector<KnownAddress> addresses;
    SQLite::Statement query{*m_db, "SELECT id, network, host, port FROM addresses ORDER BY id"};
    while (query.executeStep()) {
        const std::string name = query.getColumn(1).getString();
        const auto network = wire::NetworkFromName(name);
        if (!network) throw std::runtime_error{fmt::format("{}: unknown network '{}'", m_path.string(), name)};
        addresses.push_back(KnownAddress{
            query.getColumn(0).getInt64(),
            wire::Endpoint{wire::ParseHost(*network, query.getColumn(2).getString()),
                           static_cast<uint16_t>(query.getColumn(3).getInt())},
        });
    }
    return addresses;
}

CrawlState Database::LoadCrawlState(int64_t crawl_id)
{
    CrawlState state{crawl_id, {}, {}};
    SQLite::Statement learned{*m_db, "SELECT address_id FROM crawl_addresses WHERE crawl_id = ?"};
    learned.bind(1, crawl_id);
    while (learned.executeStep())
        state.learned.push_back(learned.getColumn(0).getInt64());

    // With exactly one max() aggregate, SQLite takes the bare column `outcome` from the row that
    // holds the maximum: the newest attempt. A v1 fallback row is part of its v2 row's attempt.
    SQLite::Statement attempts{*m_db,
                               "SELECT address_id, sum(fallback_from IS NULL), max(id), outcome FROM connections "
                               "WHERE crawl_id = ? GROUP BY address_id"};
    attempts.bind(1, crawl_id);
    while (attempts.executeStep()) {
        std::string outcome = attempts.getColumn(3).getString();
        auto parsed = OutcomeFromName(outcome);
        if (!parsed) throw std::runtime_error{fmt::format("{}: unknown outcome '{}'", m_path.string(), outcome)};
        state.attempts.push_back(
            AttemptSummary{attempts.getColumn(0).getInt64(), attempts.getColumn(1).getInt(), *parsed});
    }
    return state;
}

NextIds Database::LoadNextIds()
{
    return NextIds{NextId(*m_db, "connections"), NextId(*m_db, "addr_messages")};
}

void Database::WriteBatch(const Batch& batch)
{
    if (!m_statements) m_statements = std::make_unique<Statements>(*m_db);
    try {
        SQLite::Transaction transaction{*m_db, SQLite::TransactionBehavior::IMMEDIATE};
        m_statements->Insert(batch);
        transaction.commit();
    } catch (...) {
        // The transaction has rolled back; a statement that failed mid-step is not reusable.
        m_statements.reset();
        throw;
    }
}

void Database::Statements::Insert(const Batch& batch)
{
    for (const auto& address : batch.addresses) {
        insert_address.bind(1, address.id);
        insert_address.bind(2, std::string{wire::NetworkName(address.endpoint.address.GetNetwork())});
        insert_address.bind(3, address.endpoint.address.ToString());
        insert_address.bind(4, int32_t{address.endpoint.port});
        insert_address.bind(5, address.first_seen_at);
        Run(insert_address);
    }
    for (const auto& learned : batch.crawl_addresses) {
        insert_crawl_address.bind(1, learned.crawl_id);
        insert_crawl_address.bind(2, learned.address_id);
        insert_crawl_address.bind(3, learned.learned_at);
        Run(insert_crawl_address);
    }
    // Table by table rather than connection by connection: each statement's pages stay hot.
    for (const auto& connection : batch.connections)
        InsertConnection(connection);
    for (const auto& connection : batch.connections) {
        if (connection.version) InsertVersion(connection.id, *connection.version);
    }
    for (const auto& connection : batch.connections)
        InsertAddrMessages(connection);
    for (const auto& connection : batch.connections) {
        for (const auto& message : connection.addr_messages)
            InsertAddrEntries(message);
    }
}

void Database::Statements::InsertConnection(const ConnectionRecord& connection)
{
    insert_connection.bind(1, connection.id);
    insert_connection.bind(2, connection.crawl_id);
    insert_connection.bind(3, connection.address_id);
    insert_connection.bind(4, int32_t{connection.attempt});
    insert_connection.bind(5, connection.started_at);
    BindOptional(insert_connection, 6, connection.connected_at);
    BindOptional(insert_connection, 7, connection.handshake_at);
    insert_connection.bind(8, connection.finished_at);
    insert_connection.bind(9, std::string{OutcomeName(connection.outcome)});
    BindOptional(insert_connection, 10, connection.error);
    insert_connection.bind(11, std::string{wire::TransportName(connection.transport)});
    if (connection.v2_session_id) {
        insert_connection.bind(12, connection.v2_session_id->data(),
                               static_cast<int>(connection.v2_session_id->size()));
    } else {
        insert_connection.bind(12);
    }
    BindOptional(insert_connection, 13, connection.fallback_from);
    Run(insert_connection);
}

void Database::Statements::InsertAddrMessages(const ConnectionRecord& connection)
{
    for (const auto& message : connection.addr_messages) {
        insert_addr_message.bind(1, message.id);
        insert_addr_message.bind(2, connection.id);
        insert_addr_message.bind(3, message.received_at);
        insert_addr_message.bindNoCopy(4, message.command);
        BindBlob(insert_addr_message, 5, message.raw);
        insert_addr_message.bind(6, message.entry_count);
        Run(insert_addr_message);
    }
}

void Database::Statements::InsertAddrEntries(const AddrMessageRow& message)
{
    const size_t count = message.entries.size();
    size_t position = 0;
    const auto bind_row = [&](SQLite::Statement& statement, int first) {
        const auto& entry = message.entries[position];
        statement.bind(first, message.id);
        statement.bind(first + 1, static_cast<int64_t>(position));
        statement.bind(first + 2, entry.address_id);
        statement.bind(first + 3, entry.timestamp);
        statement.bind(first + 4, static_cast<int64_t>(entry.services));
        ++position;
    };
    while (count - position >= ADDR_ENTRIES_PER_INSERT) {
        for (size_t row = 0; row < ADDR_ENTRIES_PER_INSERT; ++row)
            bind_row(insert_addr_entries, static_cast<int>(1 + 5 * row));
        Run(insert_addr_entries);
    }
    while (position < count) {
        bind_row(insert_addr_entry, 1);
        Run(insert_addr_entry);
    }
}

void Database::Statements::InsertVersion(int64_t connection_id, const VersionRow& version)
{
    insert_version.bind(1, connection_id);
    insert_version.bind(2, version.received_at);
    BindBlob(insert_version, 3, version.raw);
    if (const auto& parsed = version.parsed) {
        insert_version.bind(4, parsed->version);
        insert_version.bind(5, static_cast<int64_t>(parsed->services));
        insert_version.bind(6, parsed->timestamp);
        insert_version.bind(7, static_cast<int64_t>(parsed->nonce));
        insert_version.bindNoCopy(8, parsed->user_agent);
        insert_version.bind(9, parsed->start_height);
        BindOptional(insert_version, 10, parsed->relay ? std::optional<int32_t>{*parsed->relay} : std::nullopt);
    } else {
        for (int index = 4; index <= 10; ++index)
            insert_version.bind(index);
    }
    Run(insert_version);
}

}  // namespace store
