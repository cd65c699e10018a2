#pragma once
// Why this file exists: opening, creating and migrating a btccrawl database, and the reads a crawl
// needs at start (known addresses, the state of a crawl to resume). Used on the main thread before
// the event loop starts and after it ends; the event loop itself only talks to store::Writer.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace SQLite {
class Database;
}

namespace store {

// Bumped on every schema change; Open() migrates older files forward.
constexpr int SCHEMA_VERSION = 4;

// A user's mistake about the file (not a btccrawl database, cannot be opened, …): exit 1.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Why a crawl ended, in the words of crawls.stop_reason (docs/schema.md): `exhausted` (nothing
// was left to dial) is status 'finished', the others 'interrupted'. `killed`: its process died
// and a later monitor on the file closed it.
enum class CrawlEnd { exhausted, max_duration, signal, killed };
std::string_view CrawlEndName(CrawlEnd end);

enum class OpenMode {
    create_new,      // the file must not exist yet
    create_or_open,  // --db: create, or reuse a btccrawl database
    open_existing,   // report/export: must exist and be a btccrawl database
    // The writer thread's own connection to a file this process opened and checked already: like
    // open_existing without reading the header through a descriptor of its own, since closing
    // that descriptor would drop every POSIX lock the process holds on the file — SQLite's
    // included, which lets a reader in another process rebuild the WAL index under us.
    second_connection,
    read_only,  // like open_existing, never writes (works while a crawl writes, WAL)
    peek,       // like read_only, for a glance at many files: leaves no -wal/-shm behind, but
                // may misread a file that a crawl starts writing meanwhile
};

struct KnownAddress {
    int64_t id;
    wire::Endpoint endpoint;
};

struct AttemptSummary {
    int64_t address_id;
    int attempts;          // connections of this crawl to the address
    Outcome last_outcome;  // outcome of the newest of them
};

struct CrawlState {
    int64_t crawl_id;
    std::vector<int64_t> learned;  // crawl_addresses of the crawl
    std::vector<AttemptSummary> attempts;
};

// Address ids come from crawl::Frontier, which knows every address of the file.
struct NextIds {
    int64_t connection{1};
    int64_t addr_message{1};
};

class Database {
public:
    // Throws UsageError (bad path, not a btccrawl database, newer schema) with a one-line message.
    Database(const std::filesystem::path& path, OpenMode mode);
    ~Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    const std::filesystem::path& Path() const { return m_path; }
    SQLite::Database& Sql();  // for the rest of store/ and tests

    int64_t StartCrawl(std::string_view chain, const std::string& settings_json, TimeMs started_at);
    // Sets status and stop_reason by `end`. Then builds the research indexes (docs/schema.md) the
    // first time: seconds on a file of tens of millions of entries, once.
    void FinishCrawl(int64_t crawl_id, CrawlEnd end, TimeMs finished_at);
    // Marks an unfinished crawl running again (--resume).
    void ResumeCrawl(int64_t crawl_id);
    // Newest crawl that did not finish: 'interrupted' (signal, --max-duration) or 'running'
    // (killed, or still running in another process).
    std::optional<int64_t> NewestUnfinishedCrawl();
    std::optional<std::string> CrawlChain(int64_t crawl_id);
    // The crawl's settings as it stored them when it started (JSON text; docs/schema.md crawls.settings).
    std::optional<std::string> CrawlSettings(int64_t crawl_id);

    std::vector<KnownAddress> LoadAddresses();
    CrawlState LoadCrawlState(int64_t crawl_id);
    NextIds LoadNextIds();

    // Writes one batch in one transaction (what Writer's thread calls).
    void WriteBatch(const Batch& batch);

private:
    std::filesystem::path m_path;
    std::unique_ptr<SQLite::Database> m_db;
    struct Statements;
    std::unique_ptr<Statements> m_statements;
};

}  // namespace store
