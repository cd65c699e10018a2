#include "crawl/crawler.h"

#include <fmt/format.h>
#include <unistd.h>
#include <asio/co_spawn.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <cstdio>

#include "net/awaitable.h"
#include "net/clock.h"

namespace crawl {
namespace {

using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
using net::AS_TUPLE;

// A batch goes to the writer when it holds this many rows, or when it is this old.
constexpr size_t FLUSH_ROWS = 20'000;
constexpr auto FLUSH_INTERVAL = 250ms;
constexpr auto IDLE_WAKE = 1h;

}  // namespace

Crawler::Crawler(asio::io_context& io, const std::filesystem::path& database, Frontier& frontier,
                 CrawlSettings settings, int64_t crawl_id, store::NextIds next_ids)
    : m_io{io}, m_frontier{frontier}, m_settings{std::move(settings)}, m_dialer{io.get_executor(), m_settings.proxies},
      m_crawl_id{crawl_id}, m_next_ids{next_ids}, m_wake{io}, m_tokens{1},
      m_tokens_at{SteadyClock::now()}, m_started{SteadyClock::now()}
{
    m_writer = std::make_unique<store::Writer>(
        database, [this](size_t) { asio::post(m_io, [this] { Wake(); }); },
        [this](const std::string& message) {
            asio::post(m_io, [this, message] {
                m_store_error = message;
                Stop(StopReason::store_error);
            });
        });
}

int64_t Crawler::Learn(const wire::Endpoint& endpoint, store::TimeMs learned_at, uint32_t entry_time,
                       int64_t advertiser)
{
    const auto learned = m_frontier.Learn(endpoint, entry_time, advertiser);
    if (learned.new_address) m_batch.addresses.push_back(store::AddressRow{learned.id, endpoint, learned_at});
    if (learned.new_to_crawl) {
        m_batch.crawl_addresses.push_back(store::CrawlAddressRow{m_crawl_id, learned.id, learned_at});
        ++m_counts.known;
    }
    return learned.id;
}

double Crawler::ElapsedSeconds() const
{
    return std::chrono::duration<double>(SteadyClock::now() - m_started).count();
}

void Crawler::Wake()
{
    m_wake.cancel();
}

bool Crawler::WriterBacklogged() const
{
    return m_writer->PendingRows() > m_settings.writer_backlog;
}

void Crawler::Stop(StopReason reason)
{
    if (m_reason != StopReason::none) return;
    m_reason = reason;
    for (auto& [id, session] : m_in_flight)
        session->Cancel();
    m_dialer.Stop();
    Wake();
}

void Crawler::FlushBatch()
{
    if (m_batch.Empty()) return;
    m_writer->Submit(std::exchange(m_batch, store::Batch{}));
}

asio::awaitable<void> Crawler::Run()
{
    m_started = SteadyClock::now();
    if (m_settings.quiet) {
        co_await DialLoop();
        co_return;
    }
    co_await (DialLoop() || ReportProgress());
    const bool terminal = isatty(STDERR_FILENO) != 0;
    std::fprintf(stderr, terminal ? "\r%s\033[K\n" : "%s\n", ProgressLine().c_str());
}

void UnreachableBackoff::Record(store::Outcome outcome, SteadyClock::time_point now)
{
    if (outcome != store::Outcome::unreachable) {
        m_run = 0;
        return;
    }
    if (++m_run < BURST) return;
    m_run = 0;
    m_paused_until = now + PAUSE;
    ++m_pauses;
}

asio::awaitable<void> Crawler::DialLoop()
{
    auto last_flush = SteadyClock::now();
    for (;;) {
        const auto now = SteadyClock::now();
        if (m_settings.max_duration && now >= m_started + *m_settings.max_duration) {
            Stop(StopReason::max_duration);
        }
        if (m_reason == StopReason::none && m_frontier.Exhausted() && m_in_flight.empty()) {
            m_reason = StopReason::finished;
        }
        if (m_reason != StopReason::none && m_in_flight.empty()) break;

        // Token bucket: a steady pace of new connections, never a burst of thousands.
        const double burst = std::max(1.0, m_settings.connect_rate / 100);
        m_tokens = std::min(
            burst, m_tokens + std::chrono::duration<double>(now - m_tokens_at).count() * m_settings.connect_rate);
        m_tokens_at = now;
        const bool paused = m_unreachable_backoff.Paused(now);
        const bool can_dial = m_reason == StopReason::none && !WriterBacklogged() && !paused;
        while (can_dial && m_in_flight.size() < m_settings.concurrency && m_tokens >= 1) {
            auto dial = m_frontier.Next(now);
            if (!dial) break;
            m_tokens -= 1;
            asio::co_spawn(m_io, DialOne(*dial), [](std::exception_ptr error) {
                if (error) std::rethrow_exception(error);
            });
        }

        if (!m_batch.Empty() && (m_batch.RowCount() >= FLUSH_ROWS || now - last_flush >= FLUSH_INTERVAL)) {
            FlushBatch();
            last_flush = now;
        }

        auto wake_at = now + IDLE_WAKE;
        if (paused) wake_at = std::min(wake_at, m_unreachable_backoff.PausedUntil());
        if (!m_batch.Empty()) wake_at = std::min(wake_at, last_flush + FLUSH_INTERVAL);
        // Once stopping, the deadline is past: waiting on it would wake the loop without end.
        if (m_settings.max_duration && m_reason == StopReason::none) {
            wake_at = std::min(wake_at, m_started + *m_settings.max_duration);
        }
        if (can_dial && m_in_flight.size() < m_settings.concurrency) {
            // A dial needs a token; a retry already due would otherwise wake the loop in the past.
            const std::chrono::duration<double> missing{std::max(0.0, 1 - m_tokens) / m_settings.connect_rate};
            const auto token_at = now + std::chrono::duration_cast<SteadyClock::duration>(missing);
            if (m_frontier.ReadyCount() > 0) wake_at = std::min(wake_at, token_at);
            if (auto retry_at = m_frontier.NextRetryAt()) wake_at = std::min(wake_at, std::max(*retry_at, token_at));
        }
        m_wake.expires_at(wake_at);
        co_await m_wake.async_wait(AS_TUPLE);
    }
    FlushBatch();
}

asio::awaitable<net::SessionResult> Crawler::Connect(const Dial& dial, wire::TransportKind transport)
{
    auto config = m_settings.session;
    config.send_getaddr = dial.send_getaddr;
    net::Session session{m_io.get_executor(), dial.endpoint, config, m_dialer, transport};
    m_in_flight.emplace(dial.address_id, &session);
    auto result = co_await session.Run();
    m_in_flight.erase(dial.address_id);
    co_return result;
}

// One attempt: the first transport the policy picks and, when a v1-only peer turned our v2 key
// away, the v1 reconnection at once within the same attempt (BIP324's fallback, not a retry).
asio::awaitable<void> Crawler::DialOne(Dial dial)
{
    auto result = co_await Connect(dial, FirstTransport(m_settings.transport, dial.advertised_services));
    std::optional<int64_t> fallback_from;
    if (ReconnectsWithV1(m_settings.transport, result)) {
        if (m_reason == StopReason::none) {
            fallback_from = Record(dial, std::move(result), std::nullopt);
            result = co_await Connect(dial, wire::TransportKind::v1);
        } else {
            // The stop came between the two connections: what it cancelled is the v1 one, so the
            // attempt stays unfinished and --resume dials the node again.
            result.outcome = store::Outcome::cancelled;
            result.error = "stopped before the v1 reconnection after " + result.error.value_or("the v2 attempt");
        }
    }
    m_frontier.Finished(dial, result.outcome, SteadyClock::now());
    m_unreachable_backoff.Record(result.outcome, SteadyClock::now());
    Record(dial, std::move(result), fallback_from);
    Wake();
}

int64_t Crawler::Record(const Dial& dial, net::SessionResult result, std::optional<int64_t> fallback_from)
{
    ++m_counts.done;
    ++m_counts.outcomes[result.outcome];
    if (result.handshake_at) {
        ++m_counts.reachable;
    } else {
        ++m_counts.failed;
    }

    store::ConnectionRecord record{m_next_ids.connection++,
                                   m_crawl_id,
                                   dial.address_id,
                                   dial.attempt,
                                   result.started_at,
                                   result.connected_at,
                                   result.handshake_at,
                                   result.finished_at,
                                   result.outcome,
                                   std::move(result.error),
                                   std::move(result.version),
                                   {},
                                   result.transport,
                                   result.v2_session_id,
                                   fallback_from};
    record.addr_messages.reserve(result.addr_messages.size());
    for (auto& received : result.addr_messages) {
        const auto entries = received.entry_count > 0 ? received.DecodeEntries() : std::vector<wire::AddrEntry>{};
        store::AddrMessageRow row{m_next_ids.addr_message++, received.received_at, std::move(received.command),
                                  std::move(received.raw),   received.entry_count, {}};
        row.entries.reserve(entries.size());
        for (const auto& entry : entries) {
            // Unknown BIP155 networks stay in the raw message only: the schema has no column for them.
            if (entry.address.GetNetwork() == wire::Network::unknown) continue;
            const auto address_id =
                Learn(wire::Endpoint{entry.address, entry.port}, received.received_at, entry.time, dial.address_id);
            m_frontier.Advertised(address_id, entry.services);
            row.entries.push_back(store::AddrEntryRow{address_id, entry.time, entry.services});
        }
        record.addr_messages.push_back(std::move(row));
    }
    const int64_t id = record.id;
    m_batch.connections.push_back(std::move(record));
    return id;
}

std::string Crawler::ProgressLine() const
{
    const double elapsed = ElapsedSeconds();
    return fmt::format("{:.0f}s known {} queued {} in flight {} done {} reachable {} failed {} rate {:.0f}/s", elapsed,
                       m_counts.known, m_frontier.ReadyCount() + m_frontier.WaitingRetryCount(), m_in_flight.size(),
                       m_counts.done, m_counts.reachable, m_counts.failed,
                       elapsed > 0 ? static_cast<double>(m_counts.done) / elapsed : 0.0);
}

asio::awaitable<void> Crawler::ReportProgress()
{
    // In place once a second on a terminal; a plain line every 10 s in logs.
    const bool terminal = isatty(STDERR_FILENO) != 0;
    asio::steady_timer timer{m_io};
    for (;;) {
        timer.expires_after(terminal ? 1s : 10s);
        auto [error] = co_await timer.async_wait(AS_TUPLE);
        if (error) co_return;
        if (terminal) {
            std::fprintf(stderr, "\r%s\033[K", ProgressLine().c_str());
        } else {
            std::fprintf(stderr, "%s\n", ProgressLine().c_str());
        }
    }
}

std::optional<std::string> Crawler::CloseStore()
{
    auto error = m_writer->Close();
    return m_store_error ? m_store_error : error;
}

}  // namespace crawl
