#pragma once
// Why this file exists: one outbound connection to one peer, as Bitcoin Core expects of an inbound
// peer (docs/spec.md §2): connect, version, sendaddrv2 (peer >= 70016, before our verack), verack, wait
// for the peer's verack, getaddr, collect addr/addrv2 until the answer plus a grace period, close.
// It only observes and reports: the crawl decides what to do with what it saw.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/dialer.h"
#include "store/records.h"
#include "wire/messages.h"
#include "wire/transport.h"

namespace net {

using Duration = std::chrono::steady_clock::duration;

struct SessionConfig {
    wire::Magic magic{};
    std::string user_agent;
    Duration connect_timeout{std::chrono::seconds{5}};
    // Instead of connect_timeout for a peer reached through a proxy: a Tor circuit or an I2P
    // tunnel takes seconds to build (Bitcoin Core gives its SOCKS5 exchange 20 s).
    Duration proxy_timeout{std::chrono::seconds{20}};
    Duration handshake_timeout{std::chrono::seconds{10}};
    Duration addr_timeout{std::chrono::seconds{30}};
    // How long to keep listening after the getaddr answer, for more address messages. 0: close
    // at once, since Core, btcd and bcoin send the whole answer in one message (--grace).
    Duration grace{0};
    // A peer that sends more address messages, or more bytes of them, than this is flooding: we
    // stop listening. The byte cap bounds a connection's memory: a thousand maximal addrv2
    // messages would be half a gigabyte, while a real answer is tens of kilobytes.
    size_t max_addr_messages{1000};
    size_t max_addr_bytes{2 * 1024 * 1024};
    // false: end right after the handshake, outcome `ok` (a monitor round skips `getaddr` when the
    // node's last answer is recent: Core would answer from the same cache).
    bool send_getaddr{true};
};

// An address message as received. Only the raw payload is kept while the connection lives (a
// decoded answer is three times its size and a thousand sessions may hold one during the grace
// period); it is decoded on arrival to check it, and again when it is recorded.
struct ReceivedAddr {
    store::TimeMs received_at;
    std::string command;  // "addr" or "addrv2"
    wire::Bytes raw;
    uint32_t entry_count{0};  // 0 also for a message that did not decode (kept raw, as received)

    // Throws wire::DecodeError for a malformed message; never for one with entry_count > 0.
    std::vector<wire::AddrEntry> DecodeEntries() const;
};

struct SessionResult {
    store::TimeMs started_at{0};
    std::optional<store::TimeMs> connected_at;
    std::optional<store::TimeMs> handshake_at;
    store::TimeMs finished_at{0};
    store::Outcome outcome{store::Outcome::cancelled};
    std::optional<std::string> error;
    std::optional<store::VersionRow> version;
    std::vector<ReceivedAddr> addr_messages;
    wire::TransportKind transport{wire::TransportKind::v1};
    // v2: the BIP324 session id, once the peer's key arrived (never the keys themselves).
    std::optional<wire::SessionId> v2_session_id;
    // v2: the peer ended the attempt before the v2 handshake completed as a v1-only peer does
    // (closed or reset the connection, or answered with a v1 header with our magic).
    bool v2_rejected{false};
};

// A running connection. Cancel() ends it early (the crawl is stopping): outcome `cancelled`.
// The dialer connects the socket (directly or through a proxy) within the connect timeout; the
// connection speaks `transport` from its first byte to its last.
class Session {
public:
    Session(asio::any_io_executor executor, wire::Endpoint peer, const SessionConfig& config, Dialer& dialer,
            wire::TransportKind transport);
    ~Session();

    // Runs the whole connection; never throws for anything the peer does.
    asio::awaitable<SessionResult> Run();
    void Cancel();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace net
