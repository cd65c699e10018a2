// Why this file exists: see networks.h.
#include "sim/networks.h"

#include <iostream>

#include <fmt/format.h>
#include <asio/co_spawn.hpp>
#include <asio/ip/address_v6.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include "net/awaitable.h"
#include "sim/sam.h"
#include "sim/server.h"
#include "sim/socks5.h"

namespace sim {
namespace {

using asio::ip::tcp;
using net::AS_TUPLE;
constexpr auto ACCEPT_BACKOFF = std::chrono::milliseconds{100};

void Rethrow(std::exception_ptr error)
{
    if (error) std::rethrow_exception(error);
}

}  // namespace

Aliases::Aliases(const World& world)
{
    for (uint32_t address = world.FirstExotic(); address < world.AddressCount(); ++address) {
        const auto node = world.AliasOf(address);
        if (!node) continue;
        const auto endpoint = world.EndpointOf(address);
        if (endpoint.address.IsIPv6()) {
            m_by_endpoint.emplace(endpoint, *node);
        } else {
            m_by_address.emplace(endpoint.address, *node);
        }
    }
}

std::optional<uint32_t> Aliases::NodeOf(const wire::NetAddress& address) const
{
    const auto found = m_by_address.find(address);
    if (found == m_by_address.end()) return std::nullopt;
    return found->second;
}

std::optional<uint32_t> Aliases::NodeOf(const wire::Endpoint& endpoint) const
{
    const auto found = m_by_endpoint.find(endpoint);
    if (found == m_by_endpoint.end()) return std::nullopt;
    return found->second;
}

Networks::Networks(asio::io_context& io, const World& world, const wire::Magic& magic)
    : m_io{io}, m_world{world}, m_magic{magic}, m_aliases{world}, m_sam{std::make_unique<SamBridge>(world, magic,
                                                                                                    m_aliases)}
{
}

Networks::~Networks() = default;

void Networks::Listen(const tcp::endpoint& endpoint, Handler handler)
{
    auto& acceptor = m_acceptors.emplace_back(OpenListener(m_io, endpoint));
    auto loop = [](tcp::acceptor& listener, Handler serve) -> asio::awaitable<void> {
        for (;;) {
            auto [accept_error, socket] = co_await listener.async_accept(AS_TUPLE);
            if (accept_error == asio::error::operation_aborted) co_return;
            if (accept_error) {  // EMFILE and friends: wait in the backlog for a free descriptor
                asio::steady_timer timer{listener.get_executor(), ACCEPT_BACKOFF};
                co_await timer.async_wait(AS_TUPLE);
                continue;
            }
            socket.set_option(tcp::no_delay{true}, accept_error);
            asio::co_spawn(listener.get_executor(), serve(std::move(socket)), Rethrow);
        }
    };
    asio::co_spawn(m_io, loop(acceptor, std::move(handler)), Rethrow);
}

void Networks::ListenIPv6()
{
    for (uint32_t address = m_world.FirstExotic(); address < m_world.AddressCount(); ++address) {
        const auto endpoint = m_world.EndpointOf(address);
        const auto node = m_world.AliasOf(address);
        if (!node || !endpoint.address.IsIPv6()) continue;
        Listen(
            tcp::endpoint{asio::ip::address_v6::loopback(), endpoint.port},
            [this, node = *node](tcp::socket socket) { return ServeNode(std::move(socket), m_world, m_magic, node); });
    }
}

void Networks::ListenSocks5(uint16_t port)
{
    Listen(tcp::endpoint{asio::ip::address_v4::loopback(), port},
           [this](tcp::socket socket) { return ServeSocks5(std::move(socket), m_world, m_magic, m_aliases); });
}

void Networks::ListenSam(uint16_t port)
{
    Listen(tcp::endpoint{asio::ip::address_v4::loopback(), port},
           [this](tcp::socket socket) { return m_sam->Serve(std::move(socket)); });
}

}  // namespace sim
