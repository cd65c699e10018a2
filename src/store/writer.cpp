// Why this file exists: it keeps the disk off the event loop. Batches cross one mutex-guarded queue
// to a thread that owns its own SQLite connection; the thread sleeps on a condition variable, never
// polls, and when it falls behind it merges queued batches so one commit covers many.
#include "store/writer.h"

#include <iterator>
#include <stdexcept>

#include "store/database.h"

namespace store {
namespace {

// Merging stops here so that one transaction (and the WAL it grows) stays a few megabytes.
constexpr size_t MAX_MERGED_ROWS = 100'000;

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from)
{
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

Writer::Writer(const std::filesystem::path& path, std::function<void(size_t rows)> on_written,
               std::function<void(const std::string& message)> on_error)
    : m_on_written{std::move(on_written)}, m_on_error{std::move(on_error)}, m_thread{[this, path] { Run(path); }}
{
}

Writer::~Writer()
{
    Close();
}

void Writer::Submit(Batch batch)
{
    if (batch.Empty()) return;
    size_t rows = batch.RowCount();
    {
        std::lock_guard lock{m_mutex};
        if (m_closing) throw std::logic_error{"Writer::Submit after Close"};
        if (m_error) return;  // nothing more can be written; do not hold it in memory
        m_queue.push_back(std::move(batch));
        m_pending_rows += rows;
    }
    m_wake.notify_one();
}

size_t Writer::PendingRows() const
{
    std::lock_guard lock{m_mutex};
    return m_pending_rows;
}

std::optional<std::string> Writer::Close()
{
    {
        std::lock_guard lock{m_mutex};
        m_closing = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard lock{m_mutex};
    return m_error;
}

void Writer::Run(std::filesystem::path path)
{
    std::optional<Database> database;
    auto fail = [this](const std::string& message) {
        {
            std::lock_guard lock{m_mutex};
            m_error = message;
        }
        m_on_error(message);
    };
    try {
        database.emplace(path, OpenMode::second_connection);
    } catch (const std::exception& e) {
        fail(e.what());
    }

    while (true) {
        Batch batch;
        size_t rows = 0;
        bool failed = false;
        {
            std::unique_lock lock{m_mutex};
            m_wake.wait(lock, [this] { return !m_queue.empty() || m_closing; });
            if (m_queue.empty()) return;  // closing and drained
            batch = std::move(m_queue.front());
            m_queue.pop_front();
            rows = batch.RowCount();
            while (!m_queue.empty() && rows + m_queue.front().RowCount() <= MAX_MERGED_ROWS) {
                Batch& next = m_queue.front();
                rows += next.RowCount();
                Append(batch.addresses, next.addresses);
                Append(batch.crawl_addresses, next.crawl_addresses);
                Append(batch.connections, next.connections);
                m_queue.pop_front();
            }
            failed = m_error.has_value();
        }
        if (!failed) {
            try {
                database->WriteBatch(batch);
            } catch (const std::exception& e) {
                failed = true;
                fail(e.what());
            }
        }
        {
            std::lock_guard lock{m_mutex};
            m_pending_rows -= rows;
        }
        if (!failed) m_on_written(rows);
    }
}

}  // namespace store
