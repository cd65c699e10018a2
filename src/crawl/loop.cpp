#include "crawl/loop.h"

#include <asio/co_spawn.hpp>
#include <csignal>
#include <cstdlib>

namespace crawl {

Loop::Loop() : m_signal_set{m_io, SIGINT, SIGTERM}, m_sleep{m_io} {}

// Asio queues a signal that comes while nothing waits (between two crawls), so none is lost.
void Loop::WaitForSignal()
{
    m_signal_set.async_wait([this](std::error_code error, int) {
        if (error) return;
        if (++m_signals > 1) std::_Exit(130);
        if (m_running) m_running->Stop(StopReason::signal);
        m_sleep.cancel();
        WaitForSignal();
    });
}

void Loop::Run(Crawler& crawler)
{
    m_running = &crawler;
    if (m_signals > 0) crawler.Stop(StopReason::signal);
    m_io.restart();
    WaitForSignal();
    asio::co_spawn(m_io, crawler.Run(), [this](std::exception_ptr error) {
        m_signal_set.cancel();
        if (error) std::rethrow_exception(error);
    });
    m_io.run();
    m_running = nullptr;
}

void Loop::Drain()
{
    m_io.restart();
    m_io.poll();
}

bool Loop::SleepUntil(SteadyClock::time_point until)
{
    if (m_signals > 0) return false;
    m_io.restart();
    WaitForSignal();
    m_sleep.expires_at(until);
    m_sleep.async_wait([this](std::error_code) { m_signal_set.cancel(); });
    m_io.run();
    return m_signals == 0;
}

}  // namespace crawl
