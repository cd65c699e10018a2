// Why this file exists: the one session setting of the monitor, `send_getaddr`, checked against an
// in-process peer on 127.0.0.1 that plays a Core handshake and records every command it receives.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "net/session.h"
#include "wire/chain.h"
#include "wire/frame.h"

namespace {

using asio::ip::tcp;
using namespace std::chrono_literals;

const wire::Magic MAGIC = wire::FindChain("regtest")->magic;

// Answers `version` with version + verack, then records commands until the session closes.
asio::awaitable<void> Peer(tcp::acceptor& acceptor, std::vector<std::string>& received)
{
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    wire::FrameDecoder decoder{MAGIC};
    std::array<uint8_t, 4096> buffer{};
    for (;;) {
        std::error_code error;
        const size_t size =
            co_await socket.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, error));
        if (error) co_return;
        decoder.Feed({buffer.data(), size});
        while (auto frame = decoder.Next()) {
            received.push_back(frame->command);
            if (frame->command != wire::command::VERSION) continue;
            wire::VersionMessage version;
            version.services = 1 | 8;
            version.nonce = 42;
            version.user_agent = "/Satoshi:27.0.0/";
            wire::Bytes reply = wire::EncodeFrame(MAGIC, wire::command::VERSION, wire::EncodeVersion(version));
            const wire::Bytes verack = wire::EncodeFrame(MAGIC, wire::command::VERACK, {});
            reply.insert(reply.end(), verack.begin(), verack.end());
            co_await asio::async_write(socket, asio::buffer(reply), asio::redirect_error(asio::use_awaitable, error));
        }
    }
}

struct Outcome {
    net::SessionResult result;
    std::vector<std::string> received;
};

Outcome RunAgainstPeer(bool send_getaddr)
{
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0}};
    const uint16_t port = acceptor.local_endpoint().port();
    Outcome outcome;
    asio::co_spawn(io, Peer(acceptor, outcome.received), asio::detached);
    net::Dialer dialer{io.get_executor(), {}};
    net::SessionConfig config;
    config.magic = MAGIC;
    config.user_agent = "/btccrawl-test/";
    config.addr_timeout = 300ms;
    config.send_getaddr = send_getaddr;
    net::Session session{io.get_executor(), wire::Endpoint{wire::NetAddress::FromIPv4({127, 0, 0, 1}), port}, config,
                         dialer, wire::TransportKind::v1};
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { outcome.result = co_await session.Run(); }, asio::detached);
    io.run_for(5s);
    return outcome;
}

TEST(SessionGetaddr, WithoutGetaddrTheConnectionEndsAfterTheHandshake)
{
    const auto outcome = RunAgainstPeer(false);
    EXPECT_EQ(outcome.result.outcome, store::Outcome::ok);
    EXPECT_TRUE(outcome.result.handshake_at);
    EXPECT_TRUE(outcome.result.version);
    EXPECT_LT(outcome.result.finished_at - outcome.result.started_at, 300);  // did not wait for an answer
    EXPECT_EQ(std::count(outcome.received.begin(), outcome.received.end(), "getaddr"), 0);
    EXPECT_EQ(std::count(outcome.received.begin(), outcome.received.end(), "verack"), 1);
}

TEST(SessionGetaddr, ByDefaultGetaddrIsSentAndAwaited)
{
    const auto outcome = RunAgainstPeer(true);
    EXPECT_EQ(outcome.result.outcome, store::Outcome::no_addr);  // the peer never answers
    EXPECT_EQ(std::count(outcome.received.begin(), outcome.received.end(), "getaddr"), 1);
}

}  // namespace
