#pragma once
// Why this file exists: the crawl loop. One event loop owns the frontier, opens connections at a
// steady pace up to the concurrency cap, turns each finished connection into rows for the writer
// thread, and pauses dialing when the writer falls behind so memory stays bounded.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "crawl/frontier.h"
#include "crawl/transport_policy.h"
#include "net/session.h"
#include "store/database.h"
#include "store/writer.h"

namespace crawl {

struct CrawlSettings {
    size_t concurrency{1000};
    double connect_rate{5000};  // new connections per second, at most
    // Dialing pauses while the writer has more rows than this to write: memory stays bounded.
    size_t writer_backlog{500'000};
    net::SessionConfig session;
    TransportPolicy transport{TransportPolicy::automatic};
    net::ProxyConfig proxies;  // how Tor and I2P peers are reached (docs/networks.md)
    std::optional<SteadyClock::duration> max_duration;
    bool quiet{false};
};

// Counts shown by the progress line and the final summary.
struct CrawlCounts {
    size_t known{0};  // addresses this crawl learned
    size_t in_flight{0};
    size_t done{0};       // connections finished
    size_t reachable{0};  // connections whose handshake completed
    size_t failed{0};     // connections without a handshake
    std::map<store::Outcome, size_t> outcomes;
};

// A run of `unreachable` outcomes (ENETUNREACH, EHOSTUNREACH) means the local network cannot route
// right now (a home router's table full, an interface flapping), not that hundreds of peers are
// gone: after BURST of them in a row, new dials wait PAUSE, so the next ones are not failed too.
// Any other outcome ends the run.
class UnreachableBackoff {
public:
    static constexpr size_t BURST = 100;
    static constexpr auto PAUSE = std::chrono::milliseconds{250};

    void Record(store::Outcome outcome, SteadyClock::time_point now);
    bool Paused(SteadyClock::time_point now) const { return now < m_paused_until; }
    SteadyClock::time_point PausedUntil() const { return m_paused_until; }
    size_t Pauses() const { return m_pauses; }

private:
    size_t m_run{0};
    size_t m_pauses{0};
    SteadyClock::time_point m_paused_until{};
};

enum class StopReason { none, finished, max_duration, signal, store_error };

class Crawler {
public:
    Crawler(asio::io_context& io, const std::filesystem::path& database, Frontier& frontier, CrawlSettings settings,
            int64_t crawl_id, store::NextIds next_ids);

    // Marks an address learned by this crawl (a seed, a known address, or a peer's entry),
    // queues the rows that say so, and returns its id. `entry_time` and `advertiser`: the
    // advertised timestamp of a peer's entry and that peer's address id (0 for seeds), which order
    // the dials (Frontier::Freshness).
    int64_t Learn(const wire::Endpoint& endpoint, store::TimeMs learned_at, uint32_t entry_time = 0,
                  int64_t advertiser = 0);

    // Runs until nothing is queued or in flight, the max duration passes, or Stop().
    asio::awaitable<void> Run();
    // Stops dialing and cancels every connection in flight (SIGINT/SIGTERM).
    void Stop(StopReason reason);

    // After the event loop ended: flush and close the writer. Returns the store's error, if any.
    std::optional<std::string> CloseStore();

    StopReason Reason() const { return m_reason; }
    const CrawlCounts& Counts() const { return m_counts; }
    double ElapsedSeconds() const;

private:
    asio::awaitable<void> DialLoop();
    asio::awaitable<void> DialOne(Dial dial);
    asio::awaitable<net::SessionResult> Connect(const Dial& dial, wire::TransportKind transport);
    asio::awaitable<void> ReportProgress();
    // Returns the connection row's id.
    int64_t Record(const Dial& dial, net::SessionResult result, std::optional<int64_t> fallback_from);
    void FlushBatch();
    void Wake();
    bool WriterBacklogged() const;
    std::string ProgressLine() const;

    asio::io_context& m_io;
    Frontier& m_frontier;
    CrawlSettings m_settings;
    net::Dialer m_dialer;
    int64_t m_crawl_id;
    store::NextIds m_next_ids;
    store::Batch m_batch;
    std::unique_ptr<store::Writer> m_writer;
    std::optional<std::string> m_store_error;
    std::unordered_map<int64_t, net::Session*> m_in_flight;
    asio::steady_timer m_wake;
    double m_tokens;
    SteadyClock::time_point m_tokens_at;
    SteadyClock::time_point m_started;
    UnreachableBackoff m_unreachable_backoff;
    StopReason m_reason{StopReason::none};
    CrawlCounts m_counts;
};

}  // namespace crawl
