#pragma once
// Why this file exists: one monitor per file. Two monitors on one file would interleave rounds and
// fold each other's verdicts twice, so the second refuses before it writes anything. The lock is a
// BSD flock on the database file itself: the kernel drops it when the process dies (kill -9 leaves
// nothing to clean up), and on Linux it is independent of the POSIX locks SQLite takes.
#include <filesystem>

namespace store {

class MonitorLock {
public:
    // Throws UsageError ("FILE: another btccrawl monitor is running on it", or cannot open it).
    // The file must exist.
    explicit MonitorLock(const std::filesystem::path& path);
    // Closing a descriptor of the file drops every POSIX lock this process holds on it, SQLite's
    // included: destroy the lock only after the Database on the same file is closed.
    ~MonitorLock();
    MonitorLock(const MonitorLock&) = delete;
    MonitorLock& operator=(const MonitorLock&) = delete;

private:
    int m_fd;
};

}  // namespace store
