#include "store/writer_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "store/database.h"

namespace store {
namespace {

// A reader's probe holds a shared lock for a moment; a writer starting then waits it out rather
// than refusing as if another writer held the file.
constexpr int LOCK_TRIES = 50;
constexpr auto LOCK_RETRY_PAUSE = std::chrono::milliseconds{10};

// One descriptor per probed file, open for the life of the process: closing it would drop this
// process's POSIX locks on the file (SQLite's readers and writer among them). -1 when the file
// cannot be opened.
int ProbeDescriptor(const std::filesystem::path& path)
{
    static std::mutex guard;
    static std::map<std::pair<dev_t, ino_t>, int> descriptors;
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return -1;
    const std::lock_guard lock{guard};
    const auto [found, inserted] = descriptors.try_emplace({status.st_dev, status.st_ino}, -1);
    if (inserted) found->second = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    return found->second;
}

}  // namespace

WriterLock::WriterLock(const std::filesystem::path& path) : m_fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)}
{
    if (m_fd < 0) throw UsageError{fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno))};
    int error = 0;
    for (int attempt = 0; attempt < LOCK_TRIES; ++attempt) {
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) return;
        error = errno;
        if (error != EWOULDBLOCK) break;
        std::this_thread::sleep_for(LOCK_RETRY_PAUSE);
    }
    ::close(m_fd);
    if (error == EWOULDBLOCK) {
        throw UsageError{fmt::format("{}: another btccrawl is writing it (a crawl or a monitor)", path.string())};
    }
    throw UsageError{fmt::format("{}: cannot lock: {}", path.string(), std::strerror(error))};
}

WriterLock::~WriterLock()
{
    ::close(m_fd);
}

bool IsBeingWritten(const std::filesystem::path& path)
{
    const int fd = ProbeDescriptor(path);
    if (fd < 0) return false;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) return errno == EWOULDBLOCK;
    ::flock(fd, LOCK_UN);
    return false;
}

}  // namespace store
