#pragma once
// Why this file exists: one place decides how a peer's socket gets connected — directly (IPv4,
// IPv6, CJDNS), through a SOCKS5 proxy (Tor .onion; IPv4/IPv6 too with `all_through_socks5`), or
// through an I2P SAM bridge — so a session only ever sees a connected byte stream, and every
// proxy failure ends the same way: outcome `proxy_error`, the proxy's own reason in the text.
// The I2P session is shared by every dial of a crawl and created on the first I2P dial.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "store/records.h"
#include "wire/address.h"

namespace net {

struct ProxyConfig {
    std::optional<asio::ip::tcp::endpoint> socks5;  // Tor's SOCKS port
    bool all_through_socks5{false};                 // also IPv4/IPv6 (Bitcoin Core's -proxy)
    std::optional<asio::ip::tcp::endpoint> i2p_sam;
    // Bounds SESSION CREATE, which a real I2P router may take tens of seconds for.
    std::chrono::steady_clock::duration sam_session_timeout{std::chrono::minutes{1}};
};

struct DialFailure {
    store::Outcome outcome;
    std::string error;
};

asio::ip::tcp::endpoint ToAsio(const wire::Endpoint& endpoint);  // IPv4, IPv6 or CJDNS only

class Dialer {
public:
    Dialer(asio::any_io_executor executor, ProxyConfig config);
    ~Dialer();
    Dialer(const Dialer&) = delete;
    Dialer& operator=(const Dialer&) = delete;

    // Connects `socket` to `peer` (directly or through the proxy its network needs); nullopt once
    // the socket carries the peer's bytes. Never throws for what the network or a proxy does.
    // When the caller's deadline cancels it, the failure is connect_timeout.
    asio::awaitable<std::optional<DialFailure>> Connect(asio::ip::tcp::socket& socket, wire::Endpoint peer);
    // Whether Connect reaches `peer` through a proxy (SOCKS5 or SAM) rather than directly.
    bool ThroughProxy(const wire::Endpoint& peer) const;
    // The crawl is stopping: abandons a SAM session being created and closes the session.
    void Stop();

private:
    struct SamSession;
    asio::awaitable<std::optional<DialFailure>> ConnectTcp(asio::ip::tcp::socket& socket,
                                                           const asio::ip::tcp::endpoint& endpoint,
                                                           std::string_view proxy_name);
    asio::awaitable<std::optional<DialFailure>> ConnectSam(asio::ip::tcp::socket& socket, const wire::Endpoint& peer);

    asio::any_io_executor m_executor;
    ProxyConfig m_config;
    std::unique_ptr<SamSession> m_sam;
};

}  // namespace net
