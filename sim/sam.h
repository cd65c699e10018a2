#pragma once
// Why this file exists: btcsim plays an I2P SAM v3.1 bridge (HELLO, SESSION CREATE STYLE=STREAM,
// STREAM CONNECT) so that a crawl reaches .b32.i2p nodes end to end. A session lives while its
// control connection is open; STREAM CONNECT to one of the simulator's own I2P names becomes that
// node's stream, anything else gets the result a bridge gives (INVALID_ID, CANT_REACH_PEER).
// Each session created is reported on stderr ("btcsim: SAM session <id> created"), so a test can
// check that a crawl creates exactly one.
#include <set>
#include <string>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "sim/networks.h"

namespace sim {

class SamBridge {
public:
    SamBridge(const World& world, wire::Magic magic, const Aliases& aliases);
    asio::awaitable<void> Serve(asio::ip::tcp::socket socket);

private:
    asio::awaitable<void> Session(asio::ip::tcp::socket& socket, const std::string& id);

    const World& m_world;
    wire::Magic m_magic;
    const Aliases& m_aliases;
    std::set<std::string, std::less<>> m_sessions;
};

}  // namespace sim
