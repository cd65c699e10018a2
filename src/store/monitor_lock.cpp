#include "store/monitor_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/database.h"

namespace store {

MonitorLock::MonitorLock(const std::filesystem::path& path) : m_fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)}
{
    if (m_fd < 0) throw UsageError{fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno))};
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(m_fd);
        if (error == EWOULDBLOCK) {
            throw UsageError{fmt::format("{}: another btccrawl monitor is running on it", path.string())};
        }
        throw UsageError{fmt::format("{}: cannot lock: {}", path.string(), std::strerror(error))};
    }
}

MonitorLock::~MonitorLock()
{
    ::close(m_fd);
}

}  // namespace store
