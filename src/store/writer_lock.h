#pragma once
// Why this file exists: one writing btccrawl per file, and a way for readers to tell a crawl that
// is running from one whose process died. A crawl or monitor holds the lock from before it writes
// until it ends; two writers would interleave crawls (and a monitor's rounds) in one file. The
// lock is a BSD flock on the database file itself: the kernel drops it when the process dies
// (kill -9 or a crash leaves nothing to clean up), and on Linux it is independent of the POSIX
// locks SQLite takes.
#include <filesystem>

namespace store {

class WriterLock {
public:
    // Throws UsageError ("FILE: another btccrawl is writing it (a crawl or a monitor)", or cannot
    // open it). The file must exist.
    explicit WriterLock(const std::filesystem::path& path);
    // Closing a descriptor of the file drops every POSIX lock this process holds on it, SQLite's
    // included: destroy the lock only after the Database on the same file is closed.
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

private:
    int m_fd;
};

// Whether a process (this one included) holds the WriterLock of `path`: a crawl in it with status
// 'running' is alive, not killed. False for a file that cannot be opened.
bool IsBeingWritten(const std::filesystem::path& path);

}  // namespace store
