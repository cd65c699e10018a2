// Why this file exists: see server.h. One coroutine per connection plays the node's part, with a
// watchdog coroutine beside it that closes the connection after IDLE_TIMEOUT without input. Under
// churn one more coroutine per node opens and closes its listener on the node's schedule.
#include "sim/server.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <asio/co_spawn.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/awaitable.h"
#include "sim/replies.h"
#include "wire/transport.h"

namespace sim {
namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using net::AS_TUPLE;

constexpr auto IDLE_TIMEOUT = std::chrono::seconds{120};
constexpr auto ACCEPT_BACKOFF = std::chrono::milliseconds{100};
constexpr int LISTEN_BACKLOG = 4096;
constexpr size_t READ_CHUNK = 4096;

int64_t UnixNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

wire::Endpoint ToWire(const tcp::endpoint& endpoint)
{
    const auto address = endpoint.address();
    if (address.is_v4()) return {wire::NetAddress::FromIPv4(address.to_v4().to_bytes()), endpoint.port()};
    return {wire::NetAddress::FromIPv6(address.to_v6().to_bytes()), endpoint.port()};
}

// The node's code writes v1 frames (faults are broken v1 bytes); over v2 each whole frame it
// wrote goes out as one v2 packet, which only good nodes (the ones that speak v2) ever write.
struct Peer {
    Peer(tcp::socket peer_socket, wire::Magic peer_magic, NodeTransport speaks, std::chrono::milliseconds delay,
         NodeCounters& node_counters)
        : socket{std::move(peer_socket)}, magic{peer_magic},
          accepts_v1{speaks != NodeTransport::v2}, outgoing{peer_magic}, latency{delay}, counters{node_counters}
    {
        if (speaks == NodeTransport::v1) {
            transport = std::make_unique<wire::V1Transport>(magic);
        } else {
            transport = std::make_unique<wire::V2Transport>(magic, false);
        }
    }

    tcp::socket socket;
    wire::Magic magic;
    bool accepts_v1;
    std::unique_ptr<wire::Transport> transport;
    wire::FrameDecoder outgoing;
    std::chrono::milliseconds latency;  // before each reply (--latency)
    NodeCounters& counters;
    Clock::time_point deadline{Clock::now() + IDLE_TIMEOUT};
    std::array<uint8_t, READ_CHUNK> buffer{};

    // A dual node whose v2 responder saw a v1 version header serves the peer over v1, as Core
    // does, from the bytes already received; a v2-only node closes.
    bool ServeV1Instead(const wire::TransportError& error)
    {
        if (!accepts_v1 || error.Kind() != wire::TransportErrorKind::v1_peer) return false;
        const auto received = static_cast<const wire::V2Transport&>(*transport).Unconsumed();
        transport = std::make_unique<wire::V1Transport>(magic);
        transport->Feed(received);
        return true;
    }
};

asio::awaitable<bool> Write(Peer& peer, const wire::Bytes& bytes)
{
    if (bytes.empty()) co_return true;
    auto [error, size] = co_await asio::async_write(peer.socket, asio::buffer(bytes), AS_TUPLE);
    co_return !error;
}

// The next message, or nullopt once the peer closed, the read failed or the peer broke framing.
asio::awaitable<std::optional<wire::Frame>> ReadFrame(Peer& peer)
{
    for (;;) {
        std::optional<wire::Frame> frame;
        try {
            frame = peer.transport->Next();
        } catch (const wire::TransportError& error) {
            if (peer.ServeV1Instead(error)) continue;
            co_return std::nullopt;
        } catch (const wire::DecodeError&) {
            co_return std::nullopt;
        }
        // A v2 responder answers with its key and version packet while it reads.
        if (!co_await Write(peer, peer.transport->TakeOutput())) co_return std::nullopt;
        if (frame) co_return frame;
        auto [error, size] = co_await peer.socket.async_read_some(asio::buffer(peer.buffer), AS_TUPLE);
        if (error) co_return std::nullopt;
        peer.deadline = Clock::now() + IDLE_TIMEOUT;
        peer.transport->Feed({peer.buffer.data(), size});
    }
}

// Reads and discards until the peer closes: what a stalled or broken node does after its reply.
asio::awaitable<void> Drain(Peer& peer)
{
    for (;;) {
        auto [error, size] = co_await peer.socket.async_read_some(asio::buffer(peer.buffer), AS_TUPLE);
        if (error) co_return;
        peer.deadline = Clock::now() + IDLE_TIMEOUT;
    }
}

asio::awaitable<void> Sleep(Peer& peer, std::chrono::milliseconds delay);

// Sends v1 frame bytes as the connection's transport carries them.
asio::awaitable<bool> Send(Peer& peer, const wire::Bytes& bytes)
{
    if (peer.latency.count() > 0) co_await Sleep(peer, peer.latency);
    if (peer.transport->Kind() == wire::TransportKind::v1) co_return co_await Write(peer, bytes);
    peer.outgoing.Feed(bytes);
    while (auto frame = peer.outgoing.Next())
        peer.transport->Send(frame->command, frame->payload);
    co_return co_await Write(peer, peer.transport->TakeOutput());
}

asio::awaitable<void> Sleep(Peer& peer, std::chrono::milliseconds delay)
{
    asio::steady_timer timer{peer.socket.get_executor(), delay};
    co_await timer.async_wait(AS_TUPLE);
}

asio::awaitable<void> Pause(Peer& peer, bool slow)
{
    if (slow) co_await Sleep(peer, std::chrono::seconds{SLOW_DELAY_SECONDS});
}

// Slowloris: one byte at a time; ends when the peer has gone.
asio::awaitable<void> Trickle(Peer& peer, const wire::Bytes& bytes)
{
    for (size_t i = 0; i < bytes.size(); ++i) {
        const wire::Bytes one(bytes.begin() + i, bytes.begin() + i + 1);
        if (!co_await Send(peer, one)) co_return;
        co_await Sleep(peer, std::chrono::milliseconds{TRICKLE_INTERVAL_MS});
    }
}

// inv and ping until the peer goes away, never reading: its pongs pile up unread.
asio::awaitable<void> Chatter(Peer& peer, const wire::Magic& magic, std::chrono::milliseconds interval)
{
    for (uint64_t round = 0;; ++round) {
        if (!co_await Send(peer, ChatterFrames(magic, round))) co_return;
        co_await Sleep(peer, interval);
    }
}

// Bitcoin Core's side of a connection after the peer's version (net_processing.cpp): messages
// other than wtxidrelay/sendaddrv2/verack are ignored until the handshake is done, a sendaddrv2
// after verack disconnects, only the first getaddr is answered.
asio::awaitable<void> ServeAsCore(Peer& peer, const World& world, const wire::Magic& magic, uint32_t node,
                                  const wire::Endpoint& remote, int32_t peer_version)
{
    const NodeKind kind = world.KindOf(node);
    const bool slow = kind == NodeKind::slow;
    co_await Pause(peer, slow);
    if (!co_await Send(peer, HandshakeReply(world, magic, node, remote, peer_version, UnixNow()))) co_return;

    bool handshake_done = false;
    bool addrv2 = false;
    bool getaddr_answered = false;
    while (auto frame = co_await ReadFrame(peer)) {
        const std::string_view command = frame->command;
        if (command == wire::command::GETADDR) ++peer.counters.getaddrs;
        if (command == wire::command::SENDADDRV2) {
            if (handshake_done) co_return;
            addrv2 = true;
        } else if (command == wire::command::VERACK) {
            if (handshake_done) continue;
            handshake_done = true;
            if (!co_await Send(peer, AfterVerack(world, magic, node, addrv2, uint32_t(UnixNow())))) co_return;
            if (kind == NodeKind::stall) {
                co_await Chatter(peer, magic, std::chrono::milliseconds{0});
                co_return;
            }
        } else if (!handshake_done) {
            continue;
        } else if (command == wire::command::GETADDR) {
            if (getaddr_answered) continue;
            getaddr_answered = true;
            if (kind == NodeKind::noaddr) continue;
            if (kind == NodeKind::latehangup) co_return;
            if (kind == NodeKind::chatter) {
                co_await Chatter(peer, magic, std::chrono::milliseconds{CHATTER_INTERVAL_MS});
                co_return;
            }
            co_await Pause(peer, slow);
            if (kind == NodeKind::splitaddr) {
                const auto [first, second] = SplitAnswerFrames(world, magic, node, addrv2);
                if (!co_await Send(peer, first)) co_return;
                co_await Sleep(peer, std::chrono::milliseconds{SPLIT_DELAY_MS});
                if (!co_await Send(peer, second)) co_return;
                continue;
            }
            if (!co_await Send(peer, GetaddrAnswer(world, magic, node, addrv2))) co_return;
        } else if (command == wire::command::PING) {
            uint64_t nonce = 0;
            try {
                nonce = wire::DecodeNonce(frame->payload);
            } catch (const wire::DecodeError&) {
                co_return;
            }
            co_await Pause(peer, slow);
            if (!co_await Send(peer, wire::EncodeFrame(magic, wire::command::PONG, wire::EncodeNonce(nonce))))
                co_return;
        }
    }
}

// A hostile v2 node: waits for the peer's key, answers as its kind (HostileV2Handshake), then reads
// and discards, or streams decoys (v2decoys) until the peer has gone. Like every v2-only node it
// closes on a v1 version header.
asio::awaitable<void> ServeHostileV2(Peer& peer, const wire::Magic& magic, NodeKind kind)
{
    const auto v1 = wire::V1VersionPrefix(magic);
    wire::Bytes received;
    while (received.size() < wire::ELLSWIFT_SIZE) {
        auto [error, size] = co_await peer.socket.async_read_some(asio::buffer(peer.buffer), AS_TUPLE);
        if (error) co_return;
        received.insert(received.end(), peer.buffer.begin(), peer.buffer.begin() + static_cast<std::ptrdiff_t>(size));
        if (received.size() >= v1.size() && std::equal(v1.begin(), v1.end(), received.begin())) co_return;
    }
    wire::EllSwiftPubKey theirs;
    std::copy_n(received.begin(), theirs.size(), theirs.begin());
    wire::Bip324Cipher cipher;
    cipher.Initialize(theirs, false, kind == NodeKind::v2badmagic ? WrongMagic(magic) : magic);
    if (!co_await Write(peer, HostileV2Handshake(kind, cipher))) co_return;
    if (kind != NodeKind::v2decoys) {
        co_await Drain(peer);
        co_return;
    }
    for (;;) {
        if (!co_await Write(peer, DecoyPackets(cipher))) co_return;
        co_await Sleep(peer, std::chrono::milliseconds{CHATTER_INTERVAL_MS});
    }
}

asio::awaitable<void> RunNode(Peer& peer, const World& world, const wire::Magic& magic, uint32_t node)
{
    const NodeKind kind = world.KindOf(node);
    if (IsV2Hostile(kind)) {
        co_await ServeHostileV2(peer, magic, kind);
        co_return;
    }
    if (kind == NodeKind::hangup && world.FaultOrdinal(node) % 2 == 0) co_return;
    std::error_code error;
    const auto remote = peer.socket.remote_endpoint(error);
    if (error) co_return;

    // As the listening side, Core says nothing until the peer's version; anything before is ignored.
    std::optional<wire::VersionMessage> version;
    while (!version) {
        auto frame = co_await ReadFrame(peer);
        if (!frame) co_return;
        if (frame->command != wire::command::VERSION) continue;
        ++peer.counters.versions;
        try {
            version = wire::DecodeVersion(frame->payload);
        } catch (const wire::DecodeError&) {
            co_return;
        }
    }
    const auto reply = [&] { return HandshakeReply(world, magic, node, ToWire(remote), version->version, UnixNow()); };
    switch (kind) {
    case NodeKind::hangup: co_return;
    case NodeKind::silent: co_await Drain(peer); co_return;
    case NodeKind::trickle: co_await Trickle(peer, reply()); co_return;
    case NodeKind::latehangup:
        // Ordinal % 3: close after our version (0), after our verack (1), or on the getaddr (2).
        if (world.FaultOrdinal(node) % 3 == 0) {
            co_await Send(peer, wire::EncodeFrame(magic, wire::command::VERSION,
                                                  VersionPayload(world, node, ToWire(remote), UnixNow())));
            co_return;
        }
        if (world.FaultOrdinal(node) % 3 == 1) {
            co_await Send(peer, reply());
            co_return;
        }
        co_await ServeAsCore(peer, world, magic, node, ToWire(remote), version->version);
        co_return;
    case NodeKind::garbage:
    case NodeKind::badmagic:
    case NodeKind::badchecksum:
    case NodeKind::oversize:
        if (co_await Send(peer, *FaultReply(world, magic, node, ToWire(remote), UnixNow()))) co_await Drain(peer);
        co_return;
    default: co_await ServeAsCore(peer, world, magic, node, ToWire(remote), version->version); co_return;
    }
}

// Ends when the peer has been idle for IDLE_TIMEOUT, or when cancelled because RunNode ended.
asio::awaitable<void> Watchdog(Peer& peer)
{
    asio::steady_timer timer{peer.socket.get_executor()};
    for (;;) {
        timer.expires_at(peer.deadline);
        auto [error] = co_await timer.async_wait(AS_TUPLE);
        if (error || peer.deadline <= Clock::now()) co_return;
    }
}

asio::awaitable<void> Serve(tcp::socket socket, const World& world, wire::Magic magic, uint32_t node,
                            NodeCounters& counters)
{
    using namespace asio::experimental::awaitable_operators;
    Peer peer{std::move(socket), magic, world.TransportOf(node), world.LatencyOf(node), counters};
    co_await (RunNode(peer, world, magic, node) || Watchdog(peer));
}

void Rethrow(std::exception_ptr error)
{
    if (error) std::rethrow_exception(error);
}

}  // namespace

asio::awaitable<void> ServeNode(tcp::socket socket, const World& world, wire::Magic magic, uint32_t node)
{
    NodeCounters uncounted;
    co_await Serve(std::move(socket), world, magic, node, uncounted);
}

bool OnlyLoopbackInterface()
{
    std::ifstream dev{"/proc/net/dev"};
    std::string line;
    int interfaces = 0;
    for (int number = 0; std::getline(dev, line); ++number) {
        if (number < 2) continue;  // two header lines
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const auto start = line.find_first_not_of(' ');
        if (line.substr(start, colon - start) != "lo") return false;
        ++interfaces;
    }
    return interfaces == 1;
}

Server::Server(asio::io_context& io, const World& world, const wire::Magic& magic, std::optional<ChurnClock> churn)
    : m_io{io}, m_world{world}, m_magic{magic}, m_churn{churn}, m_counters(world.TotalNodes())
{
}

asio::ip::tcp::acceptor OpenListener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint)
{
    tcp::acceptor acceptor{io};
    std::error_code error;
    acceptor.open(endpoint.protocol(), error);
    if (!error) acceptor.set_option(tcp::acceptor::reuse_address{true}, error);
    if (!error) acceptor.bind(endpoint, error);
    if (!error) acceptor.listen(LISTEN_BACKLOG, error);
    if (error) {
        const auto host = endpoint.address().to_string();
        const auto where = endpoint.address().is_v6() ? fmt::format("[{}]:{}", host, endpoint.port())
                                                      : fmt::format("{}:{}", host, endpoint.port());
        throw std::system_error{error, "cannot listen on " + where};
    }
    return acceptor;
}

tcp::endpoint Server::EndpointOfNode(uint32_t node) const
{
    return {asio::ip::address_v4{m_world.NodeIPv4(node)}, m_world.GetConfig().port};
}

void Server::Listen(bool wildcard)
{
    if (wildcard && !m_churn) {
        m_acceptors.push_back(OpenListener(m_io, tcp::endpoint{asio::ip::address_v4::any(), m_world.GetConfig().port}));
        return;
    }
    m_acceptors.reserve(m_world.TotalNodes());
    for (uint32_t node = 0; node < m_world.TotalNodes(); ++node) {
        const bool down =
            m_churn && AvailabilityAt(ChurnOf(m_world.GetConfig().seed, node), m_churn->Now()) == Availability::refuse;
        m_acceptors.push_back(down ? tcp::acceptor{m_io} : OpenListener(m_io, EndpointOfNode(node)));
        m_acceptor_nodes.push_back(node);
    }
}

void Server::Start()
{
    for (size_t i = 0; i < m_acceptors.size(); ++i) {
        if (m_acceptor_nodes.empty()) {
            asio::co_spawn(m_io, AcceptLoop(m_acceptors[i], std::nullopt), Rethrow);
        } else if (m_churn) {
            asio::co_spawn(m_io, FollowSchedule(m_acceptors[i], m_acceptor_nodes[i]), Rethrow);
        } else {
            asio::co_spawn(m_io, AcceptLoop(m_acceptors[i], m_acceptor_nodes[i]), Rethrow);
        }
    }
}

// Ends once the acceptor is closed (FollowSchedule closes it when the node goes down).
asio::awaitable<void> Server::AcceptLoop(tcp::acceptor& acceptor, std::optional<uint32_t> fixed_node)
{
    while (acceptor.is_open()) {
        auto [error, socket] = co_await acceptor.async_accept(AS_TUPLE);
        if (error == asio::error::operation_aborted) co_return;
        if (error) {
            // EMFILE and friends: the connections wait in the backlog until descriptors free up.
            if (!m_accept_warned) {
                std::cerr << "btcsim: accept failed, backing off (reported once): " << error.message() << '\n';
            }
            m_accept_warned = true;
            asio::steady_timer timer{acceptor.get_executor(), ACCEPT_BACKOFF};
            co_await timer.async_wait(AS_TUPLE);
            continue;
        }
        std::optional<uint32_t> node = fixed_node;
        if (!node) {
            const auto local = socket.local_endpoint(error);
            if (error || !local.address().is_v4()) continue;
            node = m_world.NodeOfIPv4(local.address().to_v4().to_uint());
            if (!node) continue;  // an address no virtual node plays: close at once
        }
        ++m_counters[*node].connections;
        // Every inbound slot taken: closed before a byte is read or sent, as Core does.
        if (m_churn && AvailabilityAt(ChurnOf(m_world.GetConfig().seed, *node), m_churn->Now()) == Availability::full) {
            continue;
        }
        socket.set_option(tcp::no_delay{true}, error);
        asio::co_spawn(acceptor.get_executor(), Serve(std::move(socket), m_world, m_magic, *node, m_counters[*node]),
                       Rethrow);
    }
}

// Keeps the node's listener open exactly while its schedule says it is up (or full): a dial of a
// down node is refused by the kernel (RST to the SYN), as a host where nothing listens refuses.
// Connections accepted while it was up are served to their end.
asio::awaitable<void> Server::FollowSchedule(tcp::acceptor& acceptor, uint32_t node)
{
    const ChurnSchedule schedule = ChurnOf(m_world.GetConfig().seed, node);
    asio::steady_timer timer{m_io};
    for (;;) {
        const int64_t now = m_churn->Now();
        const bool up = AvailabilityAt(schedule, now) != Availability::refuse;
        std::error_code ignored;
        if (!up) acceptor.close(ignored);
        if (up && !acceptor.is_open() && !Reopen(acceptor, node)) {
            timer.expires_after(ACCEPT_BACKOFF);
            co_await timer.async_wait(AS_TUPLE);
            continue;
        }
        const auto change = NextChange(schedule, now);
        if (!change) break;
        timer.expires_at(m_churn->WallOf(*change));
        if (!up) {
            co_await timer.async_wait(AS_TUPLE);
            continue;
        }
        timer.async_wait([&acceptor](const std::error_code& error) {
            std::error_code close_error;
            if (!error) acceptor.close(close_error);
        });
        co_await AcceptLoop(acceptor, node);
    }
    if (acceptor.is_open()) co_await AcceptLoop(acceptor, node);
}

// Listens again for a node coming up; false (reported once) when it cannot, e.g. out of descriptors.
bool Server::Reopen(tcp::acceptor& acceptor, uint32_t node)
{
    try {
        acceptor = OpenListener(m_io, EndpointOfNode(node));
        return true;
    } catch (const std::system_error& error) {
        if (!m_reopen_warned) std::cerr << "btcsim: retrying (reported once): " << error.what() << '\n';
        m_reopen_warned = true;
        return false;
    }
}

}  // namespace sim
