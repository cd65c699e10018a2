#include "store/monitor_lock.h"

#include "store_fixture.h"

namespace {

using store::MonitorLock;
using store_test::StoreTest;

TEST_F(StoreTest, ASecondMonitorLockOnOneFileIsRefused)
{
    store_test::WriteFile(DbPath(), "");
    const std::string before = store_test::ReadFile(DbPath());
    {
        MonitorLock first{DbPath()};
        try {
            MonitorLock second{DbPath()};
            FAIL() << "the second lock was granted";
        } catch (const store::UsageError& error) {
            EXPECT_EQ(std::string{error.what()}, DbPath().string() + ": another btccrawl monitor is running on it");
        }
    }
    MonitorLock again{DbPath()};  // released with the first
    EXPECT_EQ(store_test::ReadFile(DbPath()), before);
}

TEST_F(StoreTest, MonitorLockNeedsTheFile)
{
    try {
        MonitorLock lock{DbPath()};
        FAIL() << "locked a missing file";
    } catch (const store::UsageError& error) {
        EXPECT_EQ(std::string{error.what()}, DbPath().string() + ": cannot open: No such file or directory");
    }
}

TEST_F(StoreTest, MonitorLockLeavesSqliteWorking)
{
    {
        store::Database database{DbPath(), store::OpenMode::create_new};
    }
    MonitorLock lock{DbPath()};
    store::Database database{DbPath(), store::OpenMode::create_or_open};
    EXPECT_EQ(database.StartCrawl("regtest", "{}", 1), 1);
}

}  // namespace
