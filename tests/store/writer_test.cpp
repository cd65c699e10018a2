// Why this file exists: the writer thread is where a crawl's data is either saved or lost. These
// tests pin that Close() flushes everything, that queued batches are merged when the writer is
// behind, that a failed write is reported once and nothing after it is half-written, and that a
// process killed mid-crawl leaves a consistent file holding whole batches only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <functional>
#include <future>
#include <semaphore>
#include <vector>

#include "store/writer.h"
#include "store_fixture.h"

namespace store_test {
namespace {

using store::Database;
using store::OpenMode;
using store::Writer;
using ::testing::ElementsAre;

constexpr int ENTRIES = 100;
constexpr size_t BATCH_ROWS = 3 * ENTRIES + 2;  // addresses, learned, entries + connection, message

class WriterTest : public StoreTest {
protected:
    void SetUp() override
    {
        StoreTest::SetUp();
        Database database{DbPath(), OpenMode::create_new};
        crawl = database.StartCrawl("regtest", "{}", 1);
    }

    // The n-th batch (from 0) of distinct ids.
    store::Batch Nth(int n) const { return AddrBatch(crawl, 1 + n * ENTRIES, ENTRIES, 1 + n, 1 + n); }

    int64_t crawl{0};
};

struct Recorder {
    std::mutex mutex;
    std::vector<size_t> written;
    std::vector<std::string> errors;

    Writer Make(const std::filesystem::path& path)
    {
        return Writer{path,
                      [this](size_t rows) {
                          std::lock_guard lock{mutex};
                          written.push_back(rows);
                      },
                      [this](const std::string& message) {
                          std::lock_guard lock{mutex};
                          errors.push_back(message);
                      }};
    }
};

TEST_F(WriterTest, CloseFlushesEveryBatch)
{
    size_t total = 0;
    std::optional<std::string> error;
    {
        Writer writer{DbPath(), [&](size_t rows) { total += rows; }, [](const std::string&) { FAIL(); }};
        for (int n = 0; n < 5; ++n)
            writer.Submit(Nth(n));
        writer.Submit(store::Batch{});  // nothing to write, not counted
        error = writer.Close();
        EXPECT_EQ(writer.PendingRows(), 0u);
        EXPECT_EQ(writer.Close(), std::nullopt);  // a second Close is harmless
    }
    EXPECT_EQ(error, std::nullopt);
    EXPECT_EQ(total, 5 * BATCH_ROWS);
    Database database{DbPath(), OpenMode::read_only};
    EXPECT_EQ(Count(database.Sql(), "addresses"), 5 * ENTRIES);
    EXPECT_EQ(Count(database.Sql(), "addr_entries"), 5 * ENTRIES);
    EXPECT_EQ(Count(database.Sql(), "connections"), 5);
}

TEST_F(WriterTest, MergesBatchesQueuedWhileItWrites)
{
    std::promise<void> entered;
    std::promise<void> release;
    std::vector<size_t> written;
    Writer writer{DbPath(),
                  [&](size_t rows) {
                      written.push_back(rows);
                      if (written.size() == 1) {
                          entered.set_value();
                          release.get_future().wait();
                      }
                  },
                  [](const std::string&) { FAIL(); }};
    writer.Submit(Nth(0));
    entered.get_future().wait();
    writer.Submit(Nth(1));
    writer.Submit(Nth(2));
    EXPECT_EQ(writer.PendingRows(), 2 * BATCH_ROWS);
    release.set_value();
    EXPECT_EQ(writer.Close(), std::nullopt);
    EXPECT_THAT(written, ElementsAre(BATCH_ROWS, 2 * BATCH_ROWS));
    Database database{DbPath(), OpenMode::read_only};
    EXPECT_EQ(Count(database.Sql(), "addr_messages"), 3);
}

TEST_F(WriterTest, AFailedWriteIsReportedOnceAndLaterBatchesAreDropped)
{
    Recorder recorder;
    std::promise<void> first_written;
    Writer writer{DbPath(), [&](size_t) { first_written.set_value(); },
                  [&](const std::string& message) { recorder.errors.push_back(message); }};
    writer.Submit(Nth(0));
    first_written.get_future().wait();
    auto duplicate = Nth(1);
    duplicate.addresses.front().id = 1;  // already written by the first batch
    writer.Submit(std::move(duplicate));
    writer.Submit(Nth(2));
    EXPECT_EQ(writer.Close(), "UNIQUE constraint failed: addresses.id");
    EXPECT_THAT(recorder.errors, ElementsAre("UNIQUE constraint failed: addresses.id"));
    EXPECT_EQ(writer.PendingRows(), 0u);
    Database database{DbPath(), OpenMode::read_only};
    EXPECT_EQ(Count(database.Sql(), "addresses"), ENTRIES);
    EXPECT_EQ(Count(database.Sql(), "connections"), 1);
}

TEST_F(WriterTest, AFileThatCannotBeOpenedIsReported)
{
    Recorder recorder;
    auto path = Dir() / "missing.sqlite";
    auto writer = recorder.Make(path);
    writer.Submit(Nth(0));
    EXPECT_EQ(writer.Close(), path.string() + ": no such file");
    EXPECT_THAT(recorder.errors, ElementsAre(path.string() + ": no such file"));
    EXPECT_TRUE(recorder.written.empty());
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(WriterTest, SubmitAfterCloseIsAProgrammingError)
{
    Recorder recorder;
    auto writer = recorder.Make(DbPath());
    writer.Close();
    try {
        writer.Submit(Nth(0));
        FAIL();
    } catch (const std::logic_error& e) {
        EXPECT_STREQ(e.what(), "Writer::Submit after Close");
    }
}

// A full disk, made real for root too: the file-size limit makes the kernel refuse to grow any
// file (EFBIG, which SQLite reports as an I/O error; ENOSPC would read "database or disk is full"),
// so SQLite's own write fails. Run in a child process so that the limit stays there.
void WriteUntilTheDiskIsFull(const std::filesystem::path& path, rlim_t file_size_limit,
                             const std::function<store::Batch(int)>& nth)
{
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit size{file_size_limit, file_size_limit};
    setrlimit(RLIMIT_FSIZE, &size);
    Recorder recorder;
    auto writer = recorder.Make(path);
    for (int n = 0; n < 50; ++n)
        writer.Submit(nth(n));
    auto error = writer.Close();
    std::fprintf(stderr, "error: %s; reported %zu\n", error ? error->c_str() : "none", recorder.errors.size());
    std::_Exit(error ? 0 : 1);
}

TEST_F(WriterTest, ADiskFullIsReportedByClose)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    auto limit = std::filesystem::file_size(DbPath()) + 64 * 1024;
    EXPECT_EXIT(WriteUntilTheDiskIsFull(DbPath(), limit, [this](int n) { return Nth(n); }),
                ::testing::ExitedWithCode(0), "error: disk I/O error; reported 1");
}

// SIGKILL in the middle of a crawl: the file is intact and holds whole batches, each a connection
// with all of its rows.
TEST_F(WriterTest, AKilledWriterLeavesWholeBatchesOnly)
{
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(ready[0]);
        std::counting_semaphore<> in_flight{4};  // bounded like the engine's back-pressure
        Writer writer{DbPath(),
                      [&](size_t rows) {
                          in_flight.release(static_cast<std::ptrdiff_t>(rows / BATCH_ROWS));
                          (void)!write(ready[1], "w", 1);
                      },
                      [](const std::string&) { std::_Exit(3); }};
        for (int n = 0;; ++n) {
            in_flight.acquire();
            writer.Submit(Nth(n));
        }
    }
    close(ready[1]);
    char byte;
    for (int written = 0; written < 20; ++written)
        ASSERT_EQ(read(ready[0], &byte, 1), 1);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(ready[0]);
    ASSERT_TRUE(WIFSIGNALED(status));

    Database database{DbPath(), OpenMode::open_existing};
    auto& db = database.Sql();
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    int64_t connections = Count(db, "connections");
    EXPECT_GE(connections, 20);
    EXPECT_EQ(Count(db, "addresses"), connections * ENTRIES);
    EXPECT_EQ(Count(db, "crawl_addresses"), connections * ENTRIES);
    EXPECT_EQ(Count(db, "addr_messages"), connections);
    EXPECT_EQ(Count(db, "addr_entries"), connections * ENTRIES);
    EXPECT_EQ(database.LoadNextIds().connection, connections + 1);
}

}  // namespace
}  // namespace store_test
