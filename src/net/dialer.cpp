// Why this file exists: see dialer.h.
#include "net/dialer.h"

#include <fmt/format.h>
#include <asio/co_spawn.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <iostream>

#include "net/awaitable.h"
#include "net/sam.h"
#include "net/socks5.h"

namespace net {
namespace {

using namespace asio::experimental::awaitable_operators;

// The session turns this into its own connect-timeout outcome and message.
DialFailure Aborted()
{
    return {store::Outcome::connect_timeout, "aborted"};
}

DialFailure ProxyFailure(std::string error)
{
    return {store::Outcome::proxy_error, std::move(error)};
}

store::Outcome DirectErrorOutcome(const std::error_code& error)
{
    if (error == asio::error::connection_refused) return store::Outcome::refused;
    if (error == asio::error::timed_out) return store::Outcome::connect_timeout;
    return store::Outcome::unreachable;
}

std::string EndpointText(const asio::ip::tcp::endpoint& endpoint)
{
    const auto address = endpoint.address().to_string();
    if (endpoint.address().is_v6()) return fmt::format("[{}]:{}", address, endpoint.port());
    return fmt::format("{}:{}", address, endpoint.port());
}

}  // namespace

asio::ip::tcp::endpoint ToAsio(const wire::Endpoint& endpoint)
{
    const auto raw = endpoint.address.Raw();
    if (endpoint.address.IsIPv4()) {
        asio::ip::address_v4::bytes_type bytes;
        std::copy(raw.begin(), raw.end(), bytes.begin());
        return {asio::ip::address_v4{bytes}, endpoint.port};
    }
    asio::ip::address_v6::bytes_type bytes;
    std::copy(raw.begin(), raw.end(), bytes.begin());
    return {asio::ip::address_v6{bytes}, endpoint.port};
}

struct Dialer::SamSession {
    enum class State { none, creating, ready };

    explicit SamSession(const asio::any_io_executor& executor) : control{executor}, signal{executor}
    {
        signal.expires_at(asio::steady_timer::time_point::max());
    }

    State state{State::none};
    std::string id;
    std::optional<std::string> error;  // why the last creation failed
    asio::ip::tcp::socket control;     // the session lives as long as this connection
    asio::steady_timer signal;         // dials wait on it; cancelled when a creation ends
    bool stopped{false};

    void Finish(std::optional<std::string> failure)
    {
        error = std::move(failure);
        state = error ? State::none : State::ready;
        if (error) {
            std::error_code ignored;
            control.close(ignored);
        }
        signal.cancel();  // wakes every waiting dial
    }

    asio::awaitable<void> Create(asio::ip::tcp::endpoint bridge, std::chrono::steady_clock::duration timeout)
    {
        asio::steady_timer deadline{control.get_executor(), timeout};
        auto steps = [&]() -> asio::awaitable<std::optional<std::string>> {
            try {
                auto [connect_error] = co_await control.async_connect(bridge, AS_TUPLE);
                if (connect_error) {
                    co_return fmt::format("cannot connect to I2P SAM bridge {}: {}", EndpointText(bridge),
                                          connect_error.message());
                }
                co_await sam::Exchange(control, sam::HelloCommand(), "HELLO REPLY", "HELLO");
                id = sam::RandomSessionId();
                co_await sam::Exchange(control, sam::SessionCreateCommand(id), "SESSION STATUS", "SESSION CREATE");
                co_return std::nullopt;
            } catch (const ProxyError& failure) {
                co_return std::string{failure.what()};
            } catch (const std::system_error&) {  // cancelled by the deadline or Stop()
                co_return "SAM SESSION CREATE: no session within the time allowed";
            }
        };
        auto result = co_await (steps() || deadline.async_wait(AS_TUPLE));
        if (stopped) {
            Finish("crawl stopped");
        } else if (result.index() == 1) {
            Finish(fmt::format("SAM SESSION CREATE: no session within {} s",
                               std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
        } else {
            Finish(std::get<0>(std::move(result)));
        }
    }
};

Dialer::Dialer(asio::any_io_executor executor, ProxyConfig config)
    : m_executor{std::move(executor)}, m_config{std::move(config)}, m_sam{std::make_unique<SamSession>(m_executor)}
{
}

Dialer::~Dialer() = default;

void Dialer::Stop()
{
    m_sam->stopped = true;
    std::error_code ignored;
    m_sam->control.close(ignored);  // aborts a creation in progress
}

asio::awaitable<std::optional<DialFailure>> Dialer::ConnectTcp(asio::ip::tcp::socket& socket,
                                                               const asio::ip::tcp::endpoint& endpoint,
                                                               std::string_view proxy_name)
{
    auto [error] = co_await socket.async_connect(endpoint, AS_TUPLE);
    if (error == asio::error::operation_aborted) co_return Aborted();
    if (!error) co_return std::nullopt;
    if (proxy_name.empty()) co_return DialFailure{DirectErrorOutcome(error), error.message()};
    co_return ProxyFailure(
        fmt::format("cannot connect to {} {}: {}", proxy_name, EndpointText(endpoint), error.message()));
}

asio::awaitable<std::optional<DialFailure>> Dialer::ConnectSam(asio::ip::tcp::socket& socket,
                                                               const wire::Endpoint& peer)
{
    auto& session = *m_sam;
    while (session.state != SamSession::State::ready) {
        if (session.stopped) co_return ProxyFailure("crawl stopped");
        if (session.state == SamSession::State::none) {
            session.state = SamSession::State::creating;
            asio::co_spawn(m_executor, session.Create(*m_config.i2p_sam, m_config.sam_session_timeout),
                           [](std::exception_ptr error) {
                               if (error) std::rethrow_exception(error);
                           });
        }
        co_await session.signal.async_wait(AS_TUPLE);
        auto cancellation = co_await asio::this_coro::cancellation_state;
        if (cancellation.cancelled() != asio::cancellation_type::none) co_return Aborted();
        if (session.state == SamSession::State::none && session.error) co_return ProxyFailure(*session.error);
    }
    if (auto failure = co_await ConnectTcp(socket, *m_config.i2p_sam, "I2P SAM bridge")) co_return failure;
    try {
        co_await sam::Exchange(socket, sam::HelloCommand(), "HELLO REPLY", "HELLO");
        co_await sam::Exchange(socket, sam::StreamConnectCommand(session.id, peer.address), "STREAM STATUS",
                               "STREAM CONNECT");
    } catch (const ProxyError& failure) {
        // The bridge forgot our session (restarted, or the control connection dropped): the
        // next I2P dial creates a new one.
        const std::string_view text = failure.what();
        if (text.find("RESULT=INVALID_ID") != std::string_view::npos && session.state == SamSession::State::ready) {
            session.Finish(std::string{text});
        }
        co_return ProxyFailure(std::string{text});
    }
    co_return std::nullopt;
}

bool Dialer::ThroughProxy(const wire::Endpoint& peer) const
{
    switch (peer.address.GetNetwork()) {
    case wire::Network::ipv4:
    case wire::Network::ipv6: return m_config.socks5 && m_config.all_through_socks5;
    case wire::Network::cjdns: return false;
    case wire::Network::onion:
    case wire::Network::i2p: return true;
    case wire::Network::unknown: return false;
    }
    return false;
}

asio::awaitable<std::optional<DialFailure>> Dialer::Connect(asio::ip::tcp::socket& socket, wire::Endpoint peer)
{
    try {
        switch (peer.address.GetNetwork()) {
        case wire::Network::ipv4:
        case wire::Network::ipv6:
        case wire::Network::cjdns:
            if (!ThroughProxy(peer)) co_return co_await ConnectTcp(socket, ToAsio(peer), "");
            break;
        case wire::Network::onion:
            if (!m_config.socks5) co_return ProxyFailure("no SOCKS5 proxy for .onion (--proxy)");
            break;
        case wire::Network::i2p:
            if (!m_config.i2p_sam) co_return ProxyFailure("no I2P SAM bridge (--i2p-sam)");
            co_return co_await ConnectSam(socket, peer);
        case wire::Network::unknown: co_return ProxyFailure("no way to reach " + peer.ToString());
        }
        if (auto failure = co_await ConnectTcp(socket, *m_config.socks5, "SOCKS5 proxy")) co_return failure;
        co_await socks5::Handshake(socket, peer);
        co_return std::nullopt;
    } catch (const ProxyError& failure) {
        co_return ProxyFailure(failure.what());
    } catch (const std::system_error& error) {
        if (error.code() != asio::error::operation_aborted) throw;
        co_return Aborted();
    }
}

}  // namespace net
