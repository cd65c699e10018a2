#include "store/writer_lock.h"

#include "store_fixture.h"

namespace {

using store::WriterLock;
using store_test::StoreTest;

TEST_F(StoreTest, ASecondWriterLockOnOneFileIsRefused)
{
    store_test::WriteFile(DbPath(), "");
    const std::string before = store_test::ReadFile(DbPath());
    {
        WriterLock first{DbPath()};
        try {
            WriterLock second{DbPath()};
            FAIL() << "the second lock was granted";
        } catch (const store::UsageError& error) {
            EXPECT_EQ(std::string{error.what()},
                      DbPath().string() + ": another btccrawl is writing it (a crawl or a monitor)");
        }
    }
    WriterLock again{DbPath()};  // released with the first
    EXPECT_EQ(store_test::ReadFile(DbPath()), before);
}

// What report tells a running crawl from a killed one by: the lock dies with its process.
TEST_F(StoreTest, IsBeingWrittenWhileAWriterLockIsHeld)
{
    EXPECT_FALSE(store::IsBeingWritten(DbPath()));  // no file
    store::Database database{DbPath(), store::OpenMode::create_new};
    EXPECT_FALSE(store::IsBeingWritten(DbPath()));
    {
        WriterLock lock{DbPath()};
        EXPECT_TRUE(store::IsBeingWritten(DbPath()));
        EXPECT_TRUE(store::IsBeingWritten(DbPath()));  // the probe's own lock is gone at once
    }
    EXPECT_FALSE(store::IsBeingWritten(DbPath()));
    WriterLock after_probes{DbPath()};                      // a probe never keeps the file from a writer
    EXPECT_EQ(database.StartCrawl("regtest", "{}", 1), 1);  // nor drops SQLite's locks
}

TEST_F(StoreTest, WriterLockNeedsTheFile)
{
    try {
        WriterLock lock{DbPath()};
        FAIL() << "locked a missing file";
    } catch (const store::UsageError& error) {
        EXPECT_EQ(std::string{error.what()}, DbPath().string() + ": cannot open: No such file or directory");
    }
}

TEST_F(StoreTest, WriterLockLeavesSqliteWorking)
{
    {
        store::Database database{DbPath(), store::OpenMode::create_new};
    }
    WriterLock lock{DbPath()};
    store::Database database{DbPath(), store::OpenMode::create_or_open};
    EXPECT_EQ(database.StartCrawl("regtest", "{}", 1), 1);
}

}  // namespace
