#include "net/resolve.h"

#include <asio/co_spawn.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "net/awaitable.h"

namespace net {
namespace {

using namespace asio::experimental::awaitable_operators;

wire::Endpoint FromAsio(const asio::ip::tcp::endpoint& endpoint)
{
    const auto address = endpoint.address();
    if (address.is_v4()) return {wire::NetAddress::FromIPv4(address.to_v4().to_bytes()), endpoint.port()};
    return {wire::NetAddress::FromIPv6(address.to_v6().to_bytes()), endpoint.port()};
}

asio::awaitable<void> ResolveOne(wire::HostPort name, std::chrono::milliseconds timeout, Resolved& out)
{
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver{executor};
    asio::steady_timer timer{executor, timeout};
    auto answer =
        co_await (resolver.async_resolve(name.host, std::to_string(name.port), AS_TUPLE) || timer.async_wait(AS_TUPLE));
    if (answer.index() == 1) {
        out.error = "no answer within " + std::to_string(timeout.count()) + " ms";
        co_return;
    }
    auto [error, results] = std::get<0>(std::move(answer));
    if (error) {
        out.error = error.message();
        co_return;
    }
    for (const auto& entry : results) {
        auto endpoint = FromAsio(entry.endpoint());
        if (std::find(out.endpoints.begin(), out.endpoints.end(), endpoint) == out.endpoints.end()) {
            out.endpoints.push_back(endpoint);
        }
    }
    if (out.endpoints.empty()) out.error = "no addresses";
}

}  // namespace

std::vector<Resolved> ResolveNames(const std::vector<wire::HostPort>& names, std::chrono::milliseconds timeout)
{
    std::vector<Resolved> resolved(names.size());
    asio::io_context io;
    for (size_t i = 0; i < names.size(); ++i) {
        resolved[i].name = names[i].host;
        asio::co_spawn(io, ResolveOne(names[i], timeout, resolved[i]), [](std::exception_ptr error) {
            if (error) std::rethrow_exception(error);
        });
    }
    io.run();
    return resolved;
}

}  // namespace net
