// Why this file exists: the write floor of issue 15. The writer is what bounds a crawl that stores
// every getaddr entry, so its rate is measured against the least any program could spend on the
// same rows: SQLite's C API alone, prepared statements, large transactions, the same table shapes
// as addr_messages (with its index and each message's raw payload, 30 bytes an entry as in `addr`)
// and addr_entries (WITHOUT ROWID, primary key (addr_message_id, position)), and the store's
// pragmas (WAL, synchronous NORMAL). No btccrawl code runs here, so the gap between this rate and
// store_write_bench's (and the crawl's) is what the writer costs above SQLite. Rows counted are
// entries, as the crawl's write floor counts them. Entries go one row per INSERT or MANY_ROWS per
// INSERT (a multi-row VALUES list: fewer statement steps per row), as the writer does.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int64_t ENTRIES_PER_MESSAGE = 1000;  // a full getaddr answer
constexpr int64_t ROWS_PER_ITERATION = 1'000'000;
constexpr size_t ADDR_ENTRY_SIZE = 30;  // time, services, ip, port in an `addr` v1 entry
constexpr int64_t MANY_ROWS = 100;      // a divisor of ENTRIES_PER_MESSAGE

std::string EntriesInsert(int64_t rows)
{
    std::string sql = "INSERT INTO addr_entries VALUES (?, ?, ?, ?, ?)";
    for (int64_t row = 1; row < rows; ++row)
        sql += ", (?, ?, ?, ?, ?)";
    return sql;
}

void Check(int code, sqlite3* db, const char* what)
{
    if (code != SQLITE_OK && code != SQLITE_DONE)
        throw std::runtime_error{std::string{what} + ": " + sqlite3_errmsg(db)};
}

class RawFile {
public:
    RawFile()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "btccrawl-floor-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error{"mkdtemp failed"};
        m_dir = pattern;
        Check(sqlite3_open((m_dir / "floor.sqlite").c_str(), &m_db), m_db, "open");
        Exec(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
            "CREATE TABLE addr_messages (id INTEGER PRIMARY KEY, connection_id INTEGER NOT NULL,"
            " received_at INTEGER NOT NULL, command TEXT NOT NULL, raw BLOB NOT NULL, entry_count INTEGER NOT NULL);"
            "CREATE INDEX addr_messages_by_connection ON addr_messages (connection_id);"
            "CREATE TABLE addr_entries (addr_message_id INTEGER NOT NULL, position INTEGER NOT NULL,"
            " address_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, services INTEGER NOT NULL,"
            " PRIMARY KEY (addr_message_id, position)) WITHOUT ROWID");
        Check(sqlite3_prepare_v2(m_db, EntriesInsert(1).c_str(), -1, &m_insert, nullptr), m_db, "prepare");
        Check(sqlite3_prepare_v2(m_db, EntriesInsert(MANY_ROWS).c_str(), -1, &m_insert_many, nullptr), m_db, "prepare");
        Check(sqlite3_prepare_v2(m_db, "INSERT INTO addr_messages VALUES (?, ?, ?, 'addr', ?, ?)", -1,
                                 &m_insert_message, nullptr),
              m_db, "prepare");
    }
    ~RawFile()
    {
        sqlite3_finalize(m_insert);
        sqlite3_finalize(m_insert_many);
        sqlite3_finalize(m_insert_message);
        sqlite3_close(m_db);
        std::filesystem::remove_all(m_dir);
    }
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;

    void Exec(const char* sql) { Check(sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr), m_db, sql); }

    // Rows of messages numbered on from the last call, entries naming `addresses` known addresses
    // in turn (a crawl's entries mostly name addresses it already has), one transaction per call,
    // `per_insert` (1 or MANY_ROWS) rows per INSERT; `rows` a multiple of it.
    void InsertMessages(int64_t rows, int64_t addresses, int64_t per_insert)
    {
        sqlite3_stmt* insert = per_insert == 1 ? m_insert : m_insert_many;
        Exec("BEGIN");
        for (int64_t row = 0; row < rows; row += per_insert) {
            if (m_next_row % ENTRIES_PER_MESSAGE == 0) InsertMessage(m_next_row / ENTRIES_PER_MESSAGE);
            for (int slot = 0; slot < per_insert; ++slot, ++m_next_row) {
                sqlite3_bind_int64(insert, 5 * slot + 1, m_next_row / ENTRIES_PER_MESSAGE);
                sqlite3_bind_int64(insert, 5 * slot + 2, m_next_row % ENTRIES_PER_MESSAGE);
                sqlite3_bind_int64(insert, 5 * slot + 3, (m_next_row * 7919) % addresses);
                sqlite3_bind_int64(insert, 5 * slot + 4, 1'700'000'000 + m_next_row % 86'400);
                sqlite3_bind_int64(insert, 5 * slot + 5, 1033);
            }
            Check(sqlite3_step(insert), m_db, "insert");
            sqlite3_reset(insert);
        }
        Exec("COMMIT");
    }

private:
    void InsertMessage(int64_t id)
    {
        sqlite3_bind_int64(m_insert_message, 1, id);
        sqlite3_bind_int64(m_insert_message, 2, id);
        sqlite3_bind_int64(m_insert_message, 3, 1'700'000'000'000);
        sqlite3_bind_blob(m_insert_message, 4, m_payload.data(), static_cast<int>(m_payload.size()), SQLITE_STATIC);
        sqlite3_bind_int64(m_insert_message, 5, ENTRIES_PER_MESSAGE);
        Check(sqlite3_step(m_insert_message), m_db, "insert message");
        sqlite3_reset(m_insert_message);
    }

    std::filesystem::path m_dir;
    sqlite3* m_db{nullptr};
    sqlite3_stmt* m_insert{nullptr};
    sqlite3_stmt* m_insert_many{nullptr};
    sqlite3_stmt* m_insert_message{nullptr};
    std::vector<uint8_t> m_payload = std::vector<uint8_t>(ENTRIES_PER_MESSAGE * ADDR_ENTRY_SIZE, 0x5a);
    int64_t m_next_row{0};
};

// state.range(0): rows per transaction (the writer commits one batch of many connections at once);
// state.range(1): rows per INSERT.
void BM_RawAddrEntries(benchmark::State& state)
{
    RawFile file;
    const int64_t per_transaction = state.range(0);
    for (auto _ : state) {
        for (int64_t done = 0; done < ROWS_PER_ITERATION; done += per_transaction)
            file.InsertMessages(per_transaction, 45'000, state.range(1));
    }
    state.SetItemsProcessed(state.iterations() * ROWS_PER_ITERATION);
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * ROWS_PER_ITERATION), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RawAddrEntries)
    ->ArgsProduct({{10'000, 100'000}, {1, MANY_ROWS}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
