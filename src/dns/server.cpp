// Why this file exists: dns::RunSeed (server.h).
#include "dns/server.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <array>
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "dns/rate_limit.h"
#include "store/dns_candidates.h"
#include "wire/address.h"

namespace dns {
namespace {

using asio::ip::tcp;
using asio::ip::udp;
constexpr auto as_tuple = asio::experimental::as_tuple(asio::use_awaitable);
constexpr auto TCP_IDLE = std::chrono::seconds{10};  // per query on a TCP connection
constexpr size_t MAX_TCP_CONNECTIONS = 256;
constexpr uint16_t DNS_PORT = 53;

// The answer set the queries read and the refresh thread replaces.
class SharedAnswers {
public:
    std::shared_ptr<const AnswerSet> Get() const
    {
        std::lock_guard lock{m_mutex};
        return m_set;
    }
    void Set(std::shared_ptr<const AnswerSet> set)
    {
        std::lock_guard lock{m_mutex};
        m_set = std::move(set);
    }

private:
    mutable std::mutex m_mutex;
    std::shared_ptr<const AnswerSet> m_set = std::make_shared<AnswerSet>();
};

// Everything the listeners share; touched only on the io thread except `answers`.
struct Context {
    const Responder& responder;
    SharedAnswers& answers;
    std::optional<RateLimiter> limiter;  // none: --rate-limit 0
    std::mt19937_64 random{std::random_device{}()};
    struct Counts {
        std::array<uint64_t, VERDICT_COUNT> verdicts{};
        uint64_t udp_queries{0};
        uint64_t tcp_queries{0};
        uint64_t rate_limited{0};
    } counts;  // since the last log line
    size_t tcp_connections{0};
};

std::string SourceKey(const asio::ip::address& address)
{
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        return {bytes.begin(), bytes.end()};
    }
    const auto bytes = address.to_v6().to_bytes();
    return {bytes.begin(), bytes.end()};
}

// Rate limit, answer, count. An empty reply means: send nothing.
Reply Handle(Context& context, const asio::ip::address& source, std::span<const uint8_t> query, Transport transport)
{
    ++(transport == Transport::udp ? context.counts.udp_queries : context.counts.tcp_queries);
    if (context.limiter && !context.limiter->Allow(SourceKey(source), RateLimiter::Clock::now())) {
        ++context.counts.rate_limited;
        return {{}, Verdict::ignored};
    }
    const auto set = context.answers.Get();
    Reply reply = context.responder.Answer(query, transport, *set, context.random);
    ++context.counts.verdicts[static_cast<size_t>(reply.verdict)];
    return reply;
}

asio::awaitable<void> ServeUdp(udp::socket socket, Context& context)
{
    std::vector<uint8_t> buffer(UINT16_MAX);
    for (;;) {
        udp::endpoint sender;
        auto [error, size] = co_await socket.async_receive_from(asio::buffer(buffer), sender, as_tuple);
        if (error == asio::error::operation_aborted) co_return;
        if (error) continue;  // e.g. an ICMP error of an earlier reply
        const Reply reply = Handle(context, sender.address(), {buffer.data(), size}, Transport::udp);
        if (reply.wire.empty()) continue;
        co_await socket.async_send_to(asio::buffer(reply.wire), sender, as_tuple);
    }
}

struct TcpConnection {
    explicit TcpConnection(tcp::socket s) : socket{std::move(s)}, deadline{socket.get_executor()} {}
    tcp::socket socket;
    asio::steady_timer deadline;
};

// The one deadline of a connection: closes it once the deadline passes without being moved.
asio::awaitable<void> Watchdog(std::shared_ptr<TcpConnection> connection)
{
    while (connection->socket.is_open()) {
        co_await connection->deadline.async_wait(as_tuple);
        if (connection->deadline.expiry() <= asio::steady_timer::clock_type::now()) {
            std::error_code ignored;
            connection->socket.close(ignored);
        }
    }
}

// RFC 1035 §4.2.2 / RFC 7766: each message on TCP is preceded by its length (two bytes, network
// order). Junk, a query longer than MAX_QUERY_SIZE, a rate-limited source or idleness closes it.
asio::awaitable<void> ServeTcpConnection(std::shared_ptr<TcpConnection> connection, Context& context)
{
    std::error_code gone;  // the peer may have left already
    const auto source = connection->socket.remote_endpoint(gone).address();
    std::vector<uint8_t> query(MAX_QUERY_SIZE);
    while (!gone) {
        connection->deadline.expires_after(TCP_IDLE);
        std::array<uint8_t, 2> length{};
        auto [read_error, read] = co_await asio::async_read(connection->socket, asio::buffer(length), as_tuple);
        const size_t size = (size_t{length[0]} << 8) | length[1];
        if (read_error || size == 0 || size > MAX_QUERY_SIZE) break;
        auto [body_error, body] = co_await asio::async_read(connection->socket, asio::buffer(query, size), as_tuple);
        if (body_error) break;
        const Reply reply = Handle(context, source, {query.data(), size}, Transport::tcp);
        if (reply.wire.empty()) break;
        const std::array<uint8_t, 2> reply_length{static_cast<uint8_t>(reply.wire.size() >> 8),
                                                  static_cast<uint8_t>(reply.wire.size())};
        const std::array buffers{asio::buffer(reply_length), asio::buffer(reply.wire)};
        auto [write_error, written] = co_await asio::async_write(connection->socket, buffers, as_tuple);
        if (write_error) break;
    }
    std::error_code ignored;
    connection->socket.close(ignored);
    connection->deadline.cancel();
    --context.tcp_connections;
}

asio::awaitable<void> ServeTcp(tcp::acceptor acceptor, Context& context)
{
    for (;;) {
        auto [error, socket] = co_await acceptor.async_accept(as_tuple);
        if (error == asio::error::operation_aborted) co_return;
        if (error || context.tcp_connections >= MAX_TCP_CONNECTIONS) continue;  // the socket closes here
        ++context.tcp_connections;
        auto connection = std::make_shared<TcpConnection>(std::move(socket));
        auto executor = acceptor.get_executor();
        asio::co_spawn(executor, Watchdog(connection), asio::detached);
        asio::co_spawn(executor, ServeTcpConnection(connection, context), asio::detached);
    }
}

std::string CountsLine(const Context& context, const AnswerSet& set)
{
    std::string line = fmt::format("dns: last {} s: {} udp, {} tcp queries, {} rate-limited", LOG_SECONDS,
                                   context.counts.udp_queries, context.counts.tcp_queries, context.counts.rate_limited);
    for (size_t i = 0; i < VERDICT_COUNT; ++i) {
        line += fmt::format(", {} {}", context.counts.verdicts[i], VerdictName(static_cast<Verdict>(i)));
    }
    return line + fmt::format("; {} nodes to serve", set.nodes.size());
}

asio::awaitable<void> LogEveryMinute(Context& context)
{
    asio::steady_timer timer{co_await asio::this_coro::executor};
    for (;;) {
        timer.expires_after(std::chrono::seconds{LOG_SECONDS});
        auto [error] = co_await timer.async_wait(as_tuple);
        if (error) co_return;
        std::fprintf(stderr, "%s\n", CountsLine(context, *context.answers.Get()).c_str());
        context.counts = {};
    }
}

std::shared_ptr<const AnswerSet> Load(store::Database& db)
{
    auto set = std::make_shared<AnswerSet>();
    set->nodes = store::LoadSeedCandidates(db).nodes;
    set->serial = static_cast<uint32_t>(std::time(nullptr));
    return set;
}

// Reloads the answer set every `refresh_seconds` until stopped; a failed read keeps the old set.
class Refresher {
public:
    Refresher(store::Database db, SharedAnswers& answers, int refresh_seconds)
        : m_db{std::move(db)}, m_answers{answers}, m_refresh{refresh_seconds}, m_thread{[this] { Run(); }}
    {
    }
    ~Refresher()
    {
        {
            std::lock_guard lock{m_mutex};
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

private:
    void Run()
    {
        std::unique_lock lock{m_mutex};
        while (!m_wake.wait_for(lock, m_refresh, [this] { return m_stopping; })) {
            try {
                m_answers.Set(Load(m_db));
            } catch (const std::exception& error) {
                std::fprintf(stderr, "dns: cannot read %s (%s); answering from the previous set\n", m_db.Path().c_str(),
                             error.what());
            }
        }
    }

    store::Database m_db;
    SharedAnswers& m_answers;
    std::chrono::seconds m_refresh;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping{false};
    std::thread m_thread;
};

asio::ip::address ParseListenAddress(const std::string& text, uint16_t& port)
{
    try {
        const wire::HostPort host_port = wire::SplitHostPort(text, DNS_PORT);
        port = host_port.port;
        return asio::ip::make_address(host_port.host);
    } catch (const std::exception&) {
        throw store::UsageError{fmt::format("--listen '{}' is not ADDR:PORT with an IP address", text)};
    }
}

template <typename Socket, typename Endpoint>
void OpenAndBind(Socket& socket, const Endpoint& endpoint, const std::string& text)
{
    std::error_code error;
    socket.open(endpoint.protocol(), error);
    if (!error && endpoint.address().is_v6()) socket.set_option(asio::ip::v6_only{true}, error);
    if (!error) socket.set_option(asio::socket_base::reuse_address{true}, error);
    if (!error) socket.bind(endpoint, error);
    if (error) throw store::UsageError{fmt::format("cannot listen on {}: {}", text, error.message())};
}

void Listen(asio::io_context& io, const std::string& text, Context& context)
{
    uint16_t port = 0;
    const auto address = ParseListenAddress(text, port);
    udp::socket datagrams{io};
    OpenAndBind(datagrams, udp::endpoint{address, port}, text);
    tcp::acceptor acceptor{io};
    OpenAndBind(acceptor, tcp::endpoint{address, port}, text);
    acceptor.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(io, ServeUdp(std::move(datagrams), context), asio::detached);
    asio::co_spawn(io, ServeTcp(std::move(acceptor), context), asio::detached);
}

std::unique_ptr<Responder> MakeResponder(const ZoneSettings& settings)
{
    try {
        return std::make_unique<Responder>(settings);
    } catch (const std::invalid_argument& error) {
        throw store::UsageError{error.what()};
    }
}

struct Account {
    uid_t uid;
    gid_t gid;
};

// Looked up before anything is bound, so a typo fails before the server starts.
std::optional<Account> FindAccount(const std::string& user)
{
    if (user.empty()) return std::nullopt;
    const passwd* entry = getpwnam(user.c_str());
    if (!entry) throw store::UsageError{fmt::format("--user '{}': no such user", user)};
    if (geteuid() != 0) throw store::UsageError{fmt::format("--user '{}' needs btccrawl to start as root", user)};
    return Account{entry->pw_uid, entry->pw_gid};
}

// After binding: the listeners keep their privileged ports, everything else runs as the user.
// Groups first, then the group, then the user: each later step removes the right to the earlier.
void DropPrivileges(const Account& account, const std::string& user)
{
    if (setgroups(1, &account.gid) != 0 || setgid(account.gid) != 0 || setuid(account.uid) != 0 ||
        (account.uid != 0 && setuid(0) == 0)) {
        throw store::UsageError{fmt::format("--user '{}': cannot switch to it: {}", user, std::strerror(errno))};
    }
}

}  // namespace

int RunSeed(const SeedOptions& options)
{
    const auto responder = MakeResponder(options.zone);
    const auto account = FindAccount(options.user);
    store::Database db{options.db, store::OpenMode::read_only};
    SharedAnswers answers;
    answers.Set(Load(db));
    asio::io_context io{1};
    Context context{*responder, answers};
    if (options.source_rate > 0) context.limiter.emplace(options.source_rate, 2 * options.source_rate);
    const std::vector<std::string> listen =
        options.listen.empty() ? std::vector<std::string>{"0.0.0.0:53", "[::]:53"} : options.listen;
    for (const auto& text : listen)
        Listen(io, text, context);
    if (account) DropPrivileges(*account, options.user);
    asio::signal_set signals{io, SIGINT, SIGTERM};
    signals.async_wait([&](const std::error_code&, int) { io.stop(); });
    asio::co_spawn(io, LogEveryMinute(context), asio::detached);
    std::fprintf(stderr, "dns: serving %s on %s from %s (%zu nodes)\n", options.zone.zone.c_str(),
                 fmt::format("{}", fmt::join(listen, ", ")).c_str(), options.db.c_str(), answers.Get()->nodes.size());
    Refresher refresher{std::move(db), answers, options.refresh_seconds};
    io.run();
    return 0;
}

}  // namespace dns
