#pragma once
// Why this file exists: one value type for every network a Bitcoin node can live on, with the
// canonical text docs/spec.md §3 stores, the BIP155 network ids, and the routability classes Bitcoin Core
// draws (src/netaddress.h), so the crawler decides "record" vs "dial" in one place.
#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "wire/serialize.h"

namespace wire {

enum class Network : uint8_t { ipv4, ipv6, onion, i2p, cjdns, unknown };
// The networks an address can be stored on (not `unknown`), in the order reports list them.
inline constexpr std::array STORED_NETWORKS{Network::ipv4, Network::ipv6, Network::onion, Network::i2p, Network::cjdns};

// "ipv4", "ipv6", "onion", "i2p", "cjdns", "unknown" — the `addresses.network` column values.
std::string_view NetworkName(Network network);
std::optional<Network> NetworkFromName(std::string_view name);

// BIP155 network ids and address sizes.
constexpr uint8_t BIP155_IPV4 = 1;
constexpr uint8_t BIP155_IPV6 = 2;
constexpr uint8_t BIP155_TORV2 = 3;  // retired; Core treats it as unknown
constexpr uint8_t BIP155_TORV3 = 4;
constexpr uint8_t BIP155_I2P = 5;
constexpr uint8_t BIP155_CJDNS = 6;
constexpr size_t ADDR_IPV4_SIZE = 4;
constexpr size_t ADDR_IPV6_SIZE = 16;
constexpr size_t ADDR_TORV2_SIZE = 10;
constexpr size_t ADDR_TORV3_SIZE = 32;
constexpr size_t ADDR_I2P_SIZE = 32;
constexpr size_t ADDR_CJDNS_SIZE = 16;
constexpr size_t MAX_ADDRV2_SIZE = 512;  // BIP155: longer addresses are malformed
// CJDNS addresses live in fc00::/8: their first byte (Bitcoin Core's CJDNS_PREFIX).
constexpr uint8_t CJDNS_PREFIX = 0xfc;

class AddressError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A host on one of the networks above. Value type: cheap to copy, ordered, hashable.
// Unknown BIP155 networks keep only their id: they are recorded as seen, never dialed or stored.
class NetAddress {
public:
    NetAddress() = default;  // 0.0.0.0 (IPv4, not valid)

    static NetAddress FromIPv4(const std::array<uint8_t, ADDR_IPV4_SIZE>& bytes);
    // IPv4-mapped (::ffff:0:0/96) becomes IPv4, as Core does for `addr` v1.
    static NetAddress FromIPv6(const std::array<uint8_t, ADDR_IPV6_SIZE>& bytes);
    // Throws AddressError unless the address is in fc00::/8.
    static NetAddress FromCjdns(const std::array<uint8_t, ADDR_CJDNS_SIZE>& bytes);
    static NetAddress FromTorV3(const std::array<uint8_t, ADDR_TORV3_SIZE>& pubkey);
    static NetAddress FromI2p(const std::array<uint8_t, ADDR_I2P_SIZE>& hash);
    // Throws AddressError for a known BIP155 id (1, 2, 4, 5, 6): those carry an address.
    static NetAddress FromUnknown(uint8_t bip155_id);
    // An address as `addrv2` carries it (Bitcoin Core CNetAddr::UnserializeV2Stream): a known id
    // with the wrong length throws DecodeError ("BIP155 IPv4 address with length 5 (should be
    // 4)"); an unknown id (including retired TORv2) becomes FromUnknown; an IPv4-mapped IPv6
    // becomes IPv4; a CJDNS address outside fc00::/8 is kept, but is not IsValid (as in Core).
    static NetAddress FromBip155(uint8_t bip155_id, ByteSpan bytes);

    Network GetNetwork() const { return m_network; }
    uint8_t Bip155Id() const;
    // The address bytes as BIP155 carries them (4, 16 or 32 bytes; empty for unknown).
    ByteSpan Raw() const { return ByteSpan{m_bytes.data(), m_size}; }
    // The 16-byte form `addr` v1 and `version` carry (IPv4 as ::ffff:a.b.c.d). Only for IPv4,
    // IPv6 and CJDNS; throws AddressError otherwise.
    std::array<uint8_t, ADDR_IPV6_SIZE> V1Bytes() const;
    // Core's IsAddrV1Compatible: whether `addr` v1 (and `version`'s address fields) can carry it.
    bool IsAddrV1Compatible() const { return IsIPv4() || IsIPv6(); }

    // Canonical text of docs/spec.md §3: dotted quad, RFC 5952 IPv6 (also for CJDNS),
    // `<56 base32>.onion` (v3, checksum included), `<52 base32>.b32.i2p`, "unknown-<id>".
    std::string ToString() const;

    bool IsIPv4() const { return m_network == Network::ipv4; }
    bool IsIPv6() const { return m_network == Network::ipv6; }
    // An IPv6 or CJDNS address in fc00::/8 (Core's HasCJDNSPrefix); the only test of that range.
    bool HasCjdnsPrefix() const;
    // Core's IsValid: not 0.0.0.0, 255.255.255.255, ::, 2001:db8::/32, not a CJDNS address
    // outside fc00::/8, not unknown; also not Tor v2 (fd87:d87e:eb43::/48) or Core's "internal"
    // names (fd6b:88c0:8724::/48) in IPv6 form, which Core unserializes as invalid.
    bool IsValid() const;
    bool IsLoopback() const;  // 127.0.0.0/8, ::1
    bool IsLocal() const;     // loopback or 0.0.0.0/8 (Core's IsLocal)
    bool IsRFC1918() const;   // 10/8, 172.16/12, 192.168/16
    bool IsRFC2544() const;   // 198.18/15
    bool IsRFC3927() const;   // 169.254/16
    bool IsRFC6598() const;   // 100.64/10
    bool IsRFC5737() const;   // 192.0.2/24, 198.51.100/24, 203.0.113/24
    bool IsRFC3849() const;   // 2001:db8::/32
    bool IsRFC4193() const;   // fc00::/7
    bool IsRFC4843() const;   // 2001:10::/28
    bool IsRFC7343() const;   // 2001:20::/28
    bool IsRFC4862() const;   // fe80::/64
    // Bitcoin Core's CNetAddr::IsRoutable: valid and in none of the classes above (nor IsLocal).
    // Tor, I2P and CJDNS addresses are routable.
    bool IsRoutable() const;

    auto operator<=>(const NetAddress&) const = default;
    bool operator==(const NetAddress&) const = default;

private:
    // `bytes` fit m_bytes: every caller passes a size its network allows.
    static NetAddress Make(Network network, ByteSpan bytes);

    Network m_network{Network::ipv4};
    uint8_t m_size{ADDR_IPV4_SIZE};
    uint8_t m_unknown_id{0};
    std::array<uint8_t, 32> m_bytes{};
};

// A dialable place: address and TCP port (port 0 for I2P, as Core uses).
struct Endpoint {
    NetAddress address;
    uint16_t port{0};

    // "1.2.3.4:8333", "[2001:db8::1]:8333", "<56>.onion:8333", "<52>.b32.i2p:0"
    std::string ToString() const;
    auto operator<=>(const Endpoint&) const = default;
    bool operator==(const Endpoint&) const = default;
};

// Parses a host literal: IPv4, IPv6 (bare or in brackets), `<56>.onion` (v3 checksum and version
// byte checked) or `<52>.b32.i2p`. Throws AddressError naming what is wrong.
NetAddress ParseHost(std::string_view text);
// Like ParseHost, but nullopt instead of an error (for "is this a literal or a name?").
std::optional<NetAddress> TryParseHost(std::string_view text);
// A stored address back from its `addresses` row: the inverse of (GetNetwork(), ToString()), the
// same value the wire decoder produced (a 'cjdns' host is read as addrv2 network id 6 is, even
// outside fc00::/8). Throws AddressError when `text` is not an address of `network`.
NetAddress ParseHost(Network network, std::string_view text);

// The network of an address learned as text a person or Bitcoin Core's seed list writes (--seed,
// --seed-file, the fixed seeds): an IPv6 literal in fc00::/8 is CJDNS, as Core's generate-seeds.py
// assumes for its seeds (and as Core's -cjdnsreachable reads -addnode/-seednode); every other
// address is returned as it is. Addresses from peers are not seeds: they keep the network their
// message says (addrv2 id 6 is CJDNS; an IPv6 entry, in addr or addrv2, stays IPv6 even in
// fc00::/8, as in Core). No option changes this; --cjdns only decides whether CJDNS is dialed.
NetAddress SeedAddress(const NetAddress& literal);

// "host", "host:port", "[v6]", "[v6]:port", or a bare IPv6 literal. `host` may be a DNS name.
// Throws AddressError on an empty host or a bad port.
struct HostPort {
    std::string host;
    uint16_t port;
};
HostPort SplitHostPort(std::string_view text, uint16_t default_port);

// An IPv4/IPv6 range for --scope: "127.0.0.0/8", "::1/128", or a single address.
class Cidr {
public:
    static Cidr Parse(std::string_view text);  // throws AddressError
    bool Contains(const NetAddress& address) const;
    std::string ToString() const;

private:
    NetAddress m_base;
    int m_prefix_length{0};
};

struct NetAddressHash {
    size_t operator()(const NetAddress& address) const noexcept;
};
struct EndpointHash {
    size_t operator()(const Endpoint& endpoint) const noexcept;
};

}  // namespace wire
