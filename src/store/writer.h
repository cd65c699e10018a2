#pragma once
// Why this file exists: the event loop must never wait on disk. It hands whole batches to one
// writer thread, which owns its own SQLite connection and writes each batch in one IMMEDIATE
// transaction with prepared statements. PendingRows() lets the engine pause dialing when the
// writer falls behind, so memory stays bounded.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/records.h"

namespace store {

class Writer {
public:
    // Opens its own connection to an existing btccrawl database (create it with Database first).
    // `on_written(rows)` runs on the writer thread after each committed batch, `on_error(message)`
    // once if a write fails (disk full, read-only file…): after it, submitted batches are dropped.
    // Both are for the engine to post back into its event loop.
    Writer(const std::filesystem::path& path, std::function<void(size_t rows)> on_written,
           std::function<void(const std::string& message)> on_error);
    ~Writer();  // Close()s

    void Submit(Batch batch);
    size_t PendingRows() const;
    // Writes everything submitted, then stops the thread. Returns the first error, if any.
    std::optional<std::string> Close();

private:
    void Run(std::filesystem::path path);

    std::function<void(size_t)> m_on_written;
    std::function<void(const std::string&)> m_on_error;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Batch> m_queue;
    size_t m_pending_rows{0};
    bool m_closing{false};
    std::optional<std::string> m_error;
    std::thread m_thread;
};

}  // namespace store
