#pragma once
// Why this file exists: btcsim plays Tor's SOCKS5 port (RFC 1928/1929) so that a crawl reaches
// .onion nodes end to end: a CONNECT to one of the simulator's own onion names (or to a virtual
// node's IPv4 address, or an --ipv6 endpoint) becomes that node's stream; anything else gets the
// reply Tor would give. It insists on username/password authentication, which the crawler must
// offer for Tor stream isolation, and it accepts any credentials.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "sim/networks.h"

namespace sim {

constexpr uint8_t SOCKS5_ONION_NOT_FOUND = 0xf0;  // Tor: onion service descriptor can not be found
constexpr uint8_t SOCKS5_HOST_UNREACHABLE = 0x04;
constexpr uint8_t SOCKS5_CONNECTION_REFUSED = 0x05;

asio::awaitable<void> ServeSocks5(asio::ip::tcp::socket socket, const World& world, wire::Magic magic,
                                  const Aliases& aliases);

}  // namespace sim
