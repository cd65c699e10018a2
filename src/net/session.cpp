// Why this file exists: the protocol of one crawl connection, top to bottom (docs/spec.md §2), with one
// watchdog per connection for every deadline (connect, handshake, getaddr answer, grace).
#include "net/session.h"

#include <array>
#include <asio/connect.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"
#include "net/clock.h"
#include "wire/transport.h"

namespace net {
namespace {

using namespace asio::experimental::awaitable_operators;
using steady_clock = std::chrono::steady_clock;
constexpr size_t READ_CHUNK = 8 * 1024;

// What the connection is waiting for; decides the outcome when a deadline passes.
enum class Phase { connecting, handshake, awaiting_addr, grace };

// Thrown inside the protocol coroutine to end the connection with an outcome; caught at its top.
struct SessionEnd {
    store::Outcome outcome;
    std::optional<std::string> error;
};

store::Outcome TimeoutOutcome(Phase phase)
{
    switch (phase) {
    case Phase::connecting: return store::Outcome::connect_timeout;
    case Phase::handshake: return store::Outcome::handshake_timeout;
    case Phase::awaiting_addr: return store::Outcome::no_addr;
    case Phase::grace: return store::Outcome::ok;
    }
    return store::Outcome::cancelled;
}

std::unique_ptr<wire::Transport> MakeTransport(wire::TransportKind kind, wire::Magic magic)
{
    if (kind == wire::TransportKind::v2) return std::make_unique<wire::V2Transport>(magic, true);
    return std::make_unique<wire::V1Transport>(magic);
}

}  // namespace

std::vector<wire::AddrEntry> ReceivedAddr::DecodeEntries() const
{
    return command == wire::command::ADDR ? wire::DecodeAddr(raw) : wire::DecodeAddrV2(raw);
}

struct Session::State {
    State(asio::any_io_executor executor, wire::Endpoint peer_endpoint, const SessionConfig& session_config,
          Dialer& session_dialer, wire::TransportKind transport_kind)
        : config{session_config}, dialer{session_dialer}, peer{std::move(peer_endpoint)}, socket{executor},
          timer{executor}
    {
        result.transport = transport_kind;
    }

    const SessionConfig& config;
    Dialer& dialer;
    wire::Endpoint peer;
    asio::ip::tcp::socket socket;
    asio::steady_timer timer;
    // V1Transport or BIP324's V2Transport: every line above the framing is the same for both.
    // Made once the socket is connected, with the read buffer: most dials of a crawl never connect
    // (dead addresses), and a v2 transport's ephemeral key costs a quarter of a millisecond to make.
    std::unique_ptr<wire::Transport> transport;
    std::unique_ptr<std::array<uint8_t, READ_CHUNK>> read_buffer;
    Phase phase{Phase::connecting};
    steady_clock::time_point deadline;
    bool cancelled{false};
    bool expired{false};   // the watchdog ended the connection: its socket is closed
    size_t addr_bytes{0};  // payload bytes of the address messages kept in `result`
    SessionResult result;

    void SetDeadline(Phase next_phase, Duration timeout)
    {
        phase = next_phase;
        deadline = steady_clock::now() + timeout;
        timer.cancel();  // wakes the watchdog to re-arm on the new deadline
    }

    [[noreturn]] void EndOnSocketError(const std::error_code& error) const
    {
        if (cancelled) throw SessionEnd{store::Outcome::cancelled, "crawl stopped"};
        if (expired || error == asio::error::operation_aborted) {
            throw SessionEnd{TimeoutOutcome(phase), TimeoutError()};
        }
        throw SessionEnd{store::Outcome::peer_closed, error.message()};  // eof, reset, broken pipe…
    }

    std::optional<std::string> TimeoutError() const
    {
        switch (phase) {
        case Phase::connecting:
            return dialer.ThroughProxy(peer) ? "no connection through the proxy within the proxy timeout"
                                             : "no connection within the connect timeout";
        case Phase::handshake: return "no handshake within the handshake timeout";
        case Phase::awaiting_addr: return "no getaddr answer within the addr timeout";
        case Phase::grace: return std::nullopt;
        }
        return std::nullopt;
    }

    // Frames already decoded need no I/O, so a stream of them would outlive the deadline unchecked.
    void EndIfExpired() const
    {
        if (expired) EndOnSocketError(asio::error::operation_aborted);
    }

    // Closing the socket is what makes a deadline final: Asio's cancellation reaches only an
    // operation pending at that instant, while a closed socket fails every later one at once.
    void Expire()
    {
        expired = true;
        std::error_code ignored;
        socket.close(ignored);
    }

    // Writes what the transport has to say: our messages, and for v2 also its handshake (key and
    // garbage first, then the terminator and version packet once the peer's key is in).
    asio::awaitable<void> Flush()
    {
        const auto bytes = transport->TakeOutput();
        if (bytes.empty()) co_return;
        auto [error, written] = co_await asio::async_write(socket, asio::buffer(bytes), AS_TUPLE);
        if (error) EndOnSocketError(error);
    }

    asio::awaitable<void> Send(std::string_view command, const wire::Bytes& payload)
    {
        EndIfExpired();
        transport->Send(command, payload);
        co_await Flush();
    }

    asio::awaitable<wire::Frame> Receive()
    {
        for (;;) {
            EndIfExpired();
            auto frame = transport->Next();
            co_await Flush();
            if (frame) co_return std::move(*frame);
            auto [error, count] = co_await socket.async_read_some(asio::buffer(*read_buffer), AS_TUPLE);
            if (error) EndOnSocketError(error);
            transport->Feed(wire::ByteSpan{read_buffer->data(), count});
        }
    }

    // BIP324 "v1 fallback": what a v1-only peer does to our v2 key, before the v2 handshake is done.
    bool V2Rejected(const SessionEnd& end) const
    {
        return result.connected_at && transport->Kind() == wire::TransportKind::v2 && !transport->HandshakeComplete() &&
               end.outcome == store::Outcome::peer_closed;
    }

    void RecordSessionId()
    {
        if (const auto* v2 = dynamic_cast<const wire::V2Transport*>(transport.get())) {
            result.v2_session_id = v2->GetSessionId();
        }
    }

    asio::awaitable<void> SendVersion()
    {
        wire::VersionMessage version;
        version.timestamp = NowMs() / 1000;
        // As Bitcoin Core: the peer's address only when `version` can carry it (not Tor or I2P).
        if (peer.address.IsAddrV1Compatible()) {
            version.addr_recv.address = peer.address;
            version.addr_recv.port = peer.port;
        } else {
            version.addr_recv.address = wire::NetAddress::FromIPv6({});
        }
        version.nonce = RandomU64();
        version.user_agent = config.user_agent;
        version.relay = false;
        co_await Send(wire::command::VERSION, wire::EncodeVersion(version));
    }

    static bool IsAddr(const wire::Frame& frame)
    {
        return frame.command == wire::command::ADDR || frame.command == wire::command::ADDRV2;
    }

    // Answers what needs an answer outside the exchange we drive; ignores the rest (inv, feefilter…).
    asio::awaitable<void> HandleOther(const wire::Frame& frame)
    {
        if (frame.command == wire::command::PING) {
            co_await Send(wire::command::PONG, wire::EncodeNonce(wire::DecodeNonce(frame.payload)));
        }
    }

    // Stores the message whole (even one that does not parse) and returns its entry count.
    size_t RecordAddr(wire::Frame frame)
    {
        if (result.addr_messages.size() >= config.max_addr_messages) {
            throw SessionEnd{store::Outcome::protocol_error,
                             "address flood: more than " + std::to_string(config.max_addr_messages) + " addr messages"};
        }
        if (addr_bytes + frame.payload.size() > config.max_addr_bytes) {
            throw SessionEnd{
                store::Outcome::protocol_error,
                "address flood: more than " + std::to_string(config.max_addr_bytes) + " bytes of addr messages"};
        }
        addr_bytes += frame.payload.size();
        auto& received = result.addr_messages.emplace_back(
            ReceivedAddr{NowMs(), std::move(frame.command), std::move(frame.payload)});
        received.entry_count = static_cast<uint32_t>(received.DecodeEntries().size());
        return received.entry_count;
    }

    asio::awaitable<void> Handshake()
    {
        co_await SendVersion();
        bool got_version = false;
        bool got_verack = false;
        while (!got_version || !got_verack) {
            auto frame = co_await Receive();
            if (frame.command == wire::command::VERSION && !got_version) {
                got_version = true;
                store::VersionRow row{NowMs(), frame.payload, std::nullopt};
                result.version = std::move(row);
                result.version->parsed = wire::DecodeVersion(frame.payload);
                // BIP155: sendaddrv2 must come before our verack; Core disconnects a late one.
                if (result.version->parsed->version >= wire::PROTOCOL_VERSION) {
                    co_await Send(wire::command::SENDADDRV2, {});
                }
                co_await Send(wire::command::VERACK, {});
            } else if (frame.command == wire::command::VERACK) {
                got_verack = true;
            } else if (IsAddr(frame)) {
                RecordAddr(std::move(frame));
            } else {
                co_await HandleOther(frame);
            }
        }
    }

    // Collects address messages until the getaddr answer (the first with more than one entry),
    // then keeps listening through the grace period, if any; the watchdog ends the wait.
    asio::awaitable<void> CollectAddresses()
    {
        SetDeadline(Phase::awaiting_addr, config.addr_timeout);
        for (;;) {
            auto frame = co_await Receive();
            if (!IsAddr(frame)) {
                co_await HandleOther(frame);
            } else if (RecordAddr(std::move(frame)) > 1 && phase == Phase::awaiting_addr) {
                SetDeadline(Phase::grace, config.grace);
                if (config.grace <= Duration::zero()) co_return;
            }
        }
    }

    asio::awaitable<void> Protocol()
    {
        // When the watchdog wins, cancellation must reach us as an operation_aborted value from the
        // pending read or write (EndOnSocketError), not as an exception thrown at the next co_await.
        co_await asio::this_coro::throw_if_cancelled(false);
        try {
            auto failure = co_await dialer.Connect(socket, peer);
            if (cancelled) throw SessionEnd{store::Outcome::cancelled, "crawl stopped"};
            EndIfExpired();
            if (failure && failure->outcome == store::Outcome::connect_timeout) {
                throw SessionEnd{TimeoutOutcome(phase), TimeoutError()};
            }
            if (failure) throw SessionEnd{failure->outcome, std::move(failure->error)};
            result.connected_at = NowMs();
            transport = MakeTransport(result.transport, config.magic);
            read_buffer = std::make_unique<std::array<uint8_t, READ_CHUNK>>();

            SetDeadline(Phase::handshake, config.handshake_timeout);
            co_await Handshake();
            result.handshake_at = NowMs();

            if (!config.send_getaddr) {
                result.outcome = store::Outcome::ok;
                co_return;
            }
            co_await Send(wire::command::GETADDR, {});
            co_await CollectAddresses();
        } catch (const SessionEnd& end) {
            result.outcome = end.outcome;
            result.error = end.error;
            result.v2_rejected = V2Rejected(end);
        } catch (const wire::TransportError& error) {
            result.outcome = store::Outcome::protocol_error;
            result.error = error.what();
            result.v2_rejected = error.Kind() == wire::TransportErrorKind::v1_peer;
        } catch (const wire::DecodeError& error) {
            result.outcome = store::Outcome::protocol_error;
            result.error = error.what();
        }
        RecordSessionId();
        // Once the answer is in, whatever the peer does during the grace period changes nothing.
        if (phase == Phase::grace) {
            result.outcome = store::Outcome::ok;
            result.error.reset();
        }
    }

    // Ends the protocol when the current deadline passes (or the crawl stops).
    asio::awaitable<void> Watchdog()
    {
        for (;;) {
            timer.expires_at(deadline);
            co_await timer.async_wait(AS_TUPLE);
            auto state = co_await asio::this_coro::cancellation_state;
            if (state.cancelled() != asio::cancellation_type::none) co_return;  // protocol finished
            if (cancelled || steady_clock::now() >= deadline) {
                Expire();
                co_return;
            }
        }
    }
};

Session::Session(asio::any_io_executor executor, wire::Endpoint peer, const SessionConfig& config, Dialer& dialer,
                 wire::TransportKind transport)
    : m_state{std::make_unique<State>(std::move(executor), std::move(peer), config, dialer, transport)}
{
}

Session::~Session() = default;

asio::awaitable<SessionResult> Session::Run()
{
    auto& state = *m_state;
    state.result.started_at = NowMs();
    state.deadline = steady_clock::now() + (state.dialer.ThroughProxy(state.peer) ? state.config.proxy_timeout
                                                                                  : state.config.connect_timeout);
    co_await (state.Protocol() || state.Watchdog());
    std::error_code ignored;
    state.socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    state.socket.close(ignored);
    state.result.finished_at = NowMs();
    co_return std::move(state.result);
}

void Session::Cancel()
{
    m_state->cancelled = true;
    m_state->timer.cancel();
}

}  // namespace net
