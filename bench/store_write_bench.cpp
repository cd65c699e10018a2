// Why this file exists: a crawl of the real network stores about 20 million addr_entries rows, so
// the store's write rate decides whether the writer keeps up with the event loop or pauses dialing.
// These benchmarks write the batches a crawl produces (a connection with its 1000-entry addr
// message, raw payload included) and report rows per second.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/database.h"

namespace {

constexpr int ENTRIES_PER_MESSAGE = 1000;
constexpr size_t ADDR_ENTRY_SIZE = 30;  // time, services, ip, port in an `addr` v1 entry

class TempDatabase {
public:
    TempDatabase()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "btccrawl-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error{"mkdtemp failed"};
        m_dir = pattern;
        database.emplace(m_dir / "bench.sqlite", store::OpenMode::create_new);
        crawl_id = database->StartCrawl("regtest", "{}", 0);
    }
    ~TempDatabase()
    {
        database.reset();
        std::filesystem::remove_all(m_dir);
    }

    std::optional<store::Database> database;
    int64_t crawl_id{0};

private:
    std::filesystem::path m_dir;
};

wire::Endpoint Address(int64_t id)
{
    auto n = static_cast<uint32_t>(id);
    return wire::Endpoint{wire::NetAddress::FromIPv4({10, static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                                                      static_cast<uint8_t>(n)}),
                          8333};
}

store::ConnectionRecord Connection(int64_t id, int64_t crawl_id, std::vector<store::AddrEntryRow> entries)
{
    store::ConnectionRecord connection{};
    connection.id = id;
    connection.crawl_id = crawl_id;
    connection.address_id = entries.front().address_id;
    connection.attempt = 1;
    connection.started_at = 1000;
    connection.connected_at = 1010;
    connection.handshake_at = 1020;
    connection.finished_at = 2000;
    connection.outcome = store::Outcome::ok;
    wire::VersionMessage version;
    version.user_agent = "/Satoshi:27.0.0/";
    connection.version = store::VersionRow{1015, wire::Bytes(102, 0x55), version};
    store::AddrMessageRow message{};
    message.id = id;
    message.received_at = 1500;
    message.command = "addr";
    message.raw = wire::Bytes(3 + ENTRIES_PER_MESSAGE * ADDR_ENTRY_SIZE, 0xab);
    message.entry_count = static_cast<uint32_t>(entries.size());
    message.entries = std::move(entries);
    connection.addr_messages.push_back(std::move(message));
    return connection;
}

// Early in a crawl: every entry is an address never seen before.
void BM_WriteNewAddresses(benchmark::State& state)
{
    TempDatabase temp;
    int64_t next_id = 1;
    size_t rows = 0;
    for (auto _ : state) {
        state.PauseTiming();
        store::Batch batch;
        std::vector<store::AddrEntryRow> entries;
        for (int i = 0; i < ENTRIES_PER_MESSAGE; ++i, ++next_id) {
            batch.addresses.push_back({next_id, Address(next_id), 1000});
            batch.crawl_addresses.push_back({temp.crawl_id, next_id, 1000});
            entries.push_back({next_id, 1700000000, 0x409});
        }
        batch.connections.push_back(Connection(next_id, temp.crawl_id, std::move(entries)));
        rows += batch.RowCount();
        state.ResumeTiming();
        temp.database->WriteBatch(batch);
    }
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteNewAddresses)->Unit(benchmark::kMillisecond)->Iterations(200)->UseRealTime();

// Most of a crawl: `state.range(0)` connections per batch, each advertising known addresses.
void BM_WriteEntriesOfKnownAddresses(benchmark::State& state)
{
    constexpr int64_t KNOWN = 50'000;
    TempDatabase temp;
    store::Batch known;
    for (int64_t id = 1; id <= KNOWN; ++id)
        known.addresses.push_back({id, Address(id), 1000});
    temp.database->WriteBatch(known);

    std::mt19937_64 random{42};
    std::uniform_int_distribution<int64_t> pick{1, KNOWN};
    int64_t next_connection = 1;
    size_t rows = 0;
    for (auto _ : state) {
        state.PauseTiming();
        store::Batch batch;
        for (int64_t c = 0; c < state.range(0); ++c) {
            std::vector<store::AddrEntryRow> entries;
            for (int i = 0; i < ENTRIES_PER_MESSAGE; ++i)
                entries.push_back({pick(random), 1700000000, 0x409});
            batch.connections.push_back(Connection(next_connection++, temp.crawl_id, std::move(entries)));
        }
        rows += batch.RowCount();
        state.ResumeTiming();
        temp.database->WriteBatch(batch);
    }
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteEntriesOfKnownAddresses)
    ->Arg(1)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
