#pragma once
// Why this file exists: a SOCKS5 proxy or an I2P SAM bridge that refuses, misbehaves or cannot
// reach the peer ends the connection with outcome `proxy_error`; both protocols throw this one
// type so the dialer maps them the same way, with the proxy's own reason in the message.
#include <stdexcept>

namespace net {

class ProxyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace net
