// Why this file exists: addresses of every network a Bitcoin node can live on, their canonical
// text (docs/spec.md §3) and Bitcoin Core's validity and routability rules (src/netaddress.cpp), kept in
// one value type so that storing, deduplicating and deciding whether to dial agree everywhere.
#include "wire/address.h"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wire {

namespace {

constexpr std::array<uint8_t, 12> IPV4_IN_IPV6_PREFIX{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
// Bitcoin Core netaddress.h: Tor v2 as OnionCat IPv6, and Core's own "internal" name hashes.
constexpr std::array<uint8_t, 6> TORV2_IN_IPV6_PREFIX{0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43};
constexpr std::array<uint8_t, 6> INTERNAL_IN_IPV6_PREFIX{0xfd, 0x6b, 0x88, 0xc0, 0x87, 0x24};

constexpr std::string_view ONION_SUFFIX = ".onion";
constexpr std::string_view I2P_SUFFIX = ".b32.i2p";
// Tor rend-spec-v3 §6: onion_address = base32(PUBKEY | CHECKSUM | VERSION) + ".onion",
// CHECKSUM = SHA3-256(".onion checksum" | PUBKEY | VERSION)[:2], VERSION = 3.
constexpr std::string_view ONION_CHECKSUM_PREFIX = ".onion checksum";
constexpr uint8_t TORV3_VERSION = 3;
constexpr size_t TORV3_CHECKSUM_SIZE = 2;
constexpr size_t TORV3_TOTAL_SIZE = ADDR_TORV3_SIZE + TORV3_CHECKSUM_SIZE + 1;
constexpr size_t ONION_BASE32_LENGTH = 56;  // 35 bytes
constexpr size_t I2P_BASE32_LENGTH = 52;    // 32 bytes

constexpr std::string_view BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

template <size_t N>
bool HasPrefix(ByteSpan bytes, const std::array<uint8_t, N>& prefix)
{
    return bytes.size() >= N && std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

// RFC 4648 base32, lower case, no padding.
std::string EncodeBase32(ByteSpan bytes)
{
    std::string out;
    uint32_t accumulator = 0;
    int bits = 0;
    for (uint8_t byte : bytes) {
        accumulator = (accumulator << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += BASE32_ALPHABET[(accumulator >> bits) & 0x1f];
        }
    }
    if (bits > 0) out += BASE32_ALPHABET[(accumulator << (5 - bits)) & 0x1f];
    return out;
}

// Case-insensitive; nullopt on a character outside the alphabet or non-zero leftover bits (so
// that every accepted text is the canonical text of its bytes, after lower-casing).
std::optional<Bytes> DecodeBase32(std::string_view text)
{
    Bytes out;
    uint32_t accumulator = 0;
    int bits = 0;
    for (char c : text) {
        const auto position = BASE32_ALPHABET.find(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (position == std::string_view::npos) return std::nullopt;
        accumulator = (accumulator << 5) | static_cast<uint32_t>(position);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<uint8_t>(accumulator >> bits));
        }
    }
    if ((accumulator & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::array<uint8_t, TORV3_CHECKSUM_SIZE> OnionChecksum(ByteSpan pubkey)
{
    std::array<uint8_t, 32> digest;
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const uint8_t version = TORV3_VERSION;
    unsigned int length = 0;
    const bool ok = context != nullptr && EVP_DigestInit_ex(context, EVP_sha3_256(), nullptr) == 1 &&
                    EVP_DigestUpdate(context, ONION_CHECKSUM_PREFIX.data(), ONION_CHECKSUM_PREFIX.size()) == 1 &&
                    EVP_DigestUpdate(context, pubkey.data(), pubkey.size()) == 1 &&
                    EVP_DigestUpdate(context, &version, 1) == 1 &&
                    EVP_DigestFinal_ex(context, digest.data(), &length) == 1;
    EVP_MD_CTX_free(context);
    if (!ok) throw std::runtime_error{"OpenSSL SHA3-256 failed"};
    return {digest[0], digest[1]};
}

std::string IPv4ToString(ByteSpan a)
{
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
}

// RFC 5952 §4: lower-case hex without leading zeros, the longest run of two or more zero groups
// (the first one on a tie) compressed to "::". Same algorithm as Bitcoin Core's IPv6ToString;
// unlike glibc's inet_ntop it never switches to dotted-quad tails (::1.2.3.4).
std::string IPv6ToString(ByteSpan a)
{
    std::array<uint16_t, 8> groups;
    for (size_t i = 0; i < groups.size(); ++i)
        groups[i] = static_cast<uint16_t>((a[2 * i] << 8) | a[2 * i + 1]);

    size_t best_start = 0, best_length = 0, run_start = 0, run_length = 0;
    for (size_t i = 0; i < groups.size(); ++i) {
        if (groups[i] != 0) {
            run_start = i + 1;
            run_length = 0;
            continue;
        }
        if (++run_length > best_length) {
            best_start = run_start;
            best_length = run_length;
        }
    }

    static constexpr char DIGITS[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < groups.size(); ++i) {
        if (best_length >= 2 && i >= best_start && i < best_start + best_length) {
            if (i == best_start) out += "::";
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        char hex[4];
        int digits = 0;
        for (uint16_t value = groups[i]; digits == 0 || value != 0; value >>= 4)
            hex[digits++] = DIGITS[value & 0xf];
        while (digits > 0)
            out += hex[--digits];
    }
    return out;
}

std::string Lower(std::string_view text)
{
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && Lower(text.substr(text.size() - suffix.size())) == suffix;
}

std::string Quoted(std::string_view text)
{
    return "\"" + std::string{text} + "\"";
}

NetAddress ParseOnion(std::string_view text)
{
    const auto base32 = text.substr(0, text.size() - ONION_SUFFIX.size());
    if (base32.size() != ONION_BASE32_LENGTH) {
        throw AddressError{"not a Tor v3 address (56 base32 characters before .onion): " + Quoted(text)};
    }
    const auto decoded = DecodeBase32(base32);
    if (!decoded || decoded->size() != TORV3_TOTAL_SIZE) {
        throw AddressError{"bad base32 in .onion address: " + Quoted(text)};
    }
    const ByteSpan pubkey{decoded->data(), ADDR_TORV3_SIZE};
    const uint8_t version = (*decoded)[TORV3_TOTAL_SIZE - 1];
    if (version != TORV3_VERSION) {
        throw AddressError{"bad .onion version " + std::to_string(version) + " (expected 3): " + Quoted(text)};
    }
    const auto checksum = OnionChecksum(pubkey);
    if (!std::equal(checksum.begin(), checksum.end(), decoded->begin() + ADDR_TORV3_SIZE)) {
        throw AddressError{"bad .onion checksum: " + Quoted(text)};
    }
    std::array<uint8_t, ADDR_TORV3_SIZE> key;
    std::copy(pubkey.begin(), pubkey.end(), key.begin());
    return NetAddress::FromTorV3(key);
}

NetAddress ParseI2p(std::string_view text)
{
    const auto base32 = text.substr(0, text.size() - I2P_SUFFIX.size());
    if (base32.size() != I2P_BASE32_LENGTH) {
        throw AddressError{"not an I2P address (52 base32 characters before .b32.i2p): " + Quoted(text)};
    }
    const auto decoded = DecodeBase32(base32);
    if (!decoded || decoded->size() != ADDR_I2P_SIZE) {
        throw AddressError{"bad base32 in .b32.i2p address: " + Quoted(text)};
    }
    std::array<uint8_t, ADDR_I2P_SIZE> hash;
    std::copy(decoded->begin(), decoded->end(), hash.begin());
    return NetAddress::FromI2p(hash);
}

// Only ASCII digits (no sign, no spaces), fitting 16 bits.
std::optional<uint16_t> ParseDecimal16(std::string_view text)
{
    uint16_t port = 0;
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return port;
}

size_t HashBytes(ByteSpan bytes, size_t seed)
{
    // FNV-1a: addresses are short and this keeps the hash independent of the platform's std::hash.
    uint64_t hash = 0xcbf29ce484222325ULL ^ seed;
    for (uint8_t byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    }
    return static_cast<size_t>(hash);
}

}  // namespace

std::string_view NetworkName(Network network)
{
    switch (network) {
    case Network::ipv4: return "ipv4";
    case Network::ipv6: return "ipv6";
    case Network::onion: return "onion";
    case Network::i2p: return "i2p";
    case Network::cjdns: return "cjdns";
    case Network::unknown: return "unknown";
    }
    return "unknown";
}

std::optional<Network> NetworkFromName(std::string_view name)
{
    for (Network network : STORED_NETWORKS) {
        if (NetworkName(network) == name) return network;
    }
    if (name == NetworkName(Network::unknown)) return Network::unknown;
    return std::nullopt;
}

NetAddress NetAddress::Make(Network network, ByteSpan bytes)
{
    NetAddress address;
    address.m_network = network;
    address.m_size = static_cast<uint8_t>(bytes.size());
    std::copy(bytes.begin(), bytes.end(), address.m_bytes.begin());
    return address;
}

NetAddress NetAddress::FromIPv4(const std::array<uint8_t, ADDR_IPV4_SIZE>& bytes)
{
    return Make(Network::ipv4, bytes);
}

NetAddress NetAddress::FromIPv6(const std::array<uint8_t, ADDR_IPV6_SIZE>& bytes)
{
    if (HasPrefix(bytes, IPV4_IN_IPV6_PREFIX)) {
        return FromIPv4({bytes[12], bytes[13], bytes[14], bytes[15]});
    }
    return Make(Network::ipv6, bytes);
}

NetAddress NetAddress::FromCjdns(const std::array<uint8_t, ADDR_CJDNS_SIZE>& bytes)
{
    const NetAddress address = Make(Network::cjdns, bytes);
    if (!address.HasCjdnsPrefix()) throw AddressError{"CJDNS address outside fc00::/8: " + IPv6ToString(bytes)};
    return address;
}

NetAddress NetAddress::FromTorV3(const std::array<uint8_t, ADDR_TORV3_SIZE>& pubkey)
{
    return Make(Network::onion, pubkey);
}

NetAddress NetAddress::FromI2p(const std::array<uint8_t, ADDR_I2P_SIZE>& hash)
{
    return Make(Network::i2p, hash);
}

NetAddress NetAddress::FromUnknown(uint8_t bip155_id)
{
    switch (bip155_id) {
    case BIP155_IPV4:
    case BIP155_IPV6:
    case BIP155_TORV3:
    case BIP155_I2P:
    case BIP155_CJDNS: throw AddressError{"BIP155 network id " + std::to_string(bip155_id) + " is known"};
    default: break;
    }
    NetAddress address = Make(Network::unknown, {});
    address.m_unknown_id = bip155_id;
    return address;
}

NetAddress NetAddress::FromBip155(uint8_t bip155_id, ByteSpan bytes)
{
    struct Known {
        uint8_t id;
        std::string_view name;
        size_t size;
    };
    static constexpr std::array<Known, 5> KNOWN{{{BIP155_IPV4, "IPv4", ADDR_IPV4_SIZE},
                                                 {BIP155_IPV6, "IPv6", ADDR_IPV6_SIZE},
                                                 {BIP155_TORV3, "TORv3", ADDR_TORV3_SIZE},
                                                 {BIP155_I2P, "I2P", ADDR_I2P_SIZE},
                                                 {BIP155_CJDNS, "CJDNS", ADDR_CJDNS_SIZE}}};
    const auto known = std::find_if(KNOWN.begin(), KNOWN.end(), [&](const Known& k) { return k.id == bip155_id; });
    if (known == KNOWN.end()) return FromUnknown(bip155_id);
    if (bytes.size() != known->size) {
        throw DecodeError{"BIP155 " + std::string{known->name} + " address with length " +
                          std::to_string(bytes.size()) + " (should be " + std::to_string(known->size) + ")"};
    }
    if (bip155_id == BIP155_IPV6) {
        std::array<uint8_t, ADDR_IPV6_SIZE> ipv6;
        std::copy(bytes.begin(), bytes.end(), ipv6.begin());
        return FromIPv6(ipv6);
    }
    return Make(bip155_id == BIP155_IPV4    ? Network::ipv4
                : bip155_id == BIP155_TORV3 ? Network::onion
                : bip155_id == BIP155_I2P   ? Network::i2p
                                            : Network::cjdns,
                bytes);
}

uint8_t NetAddress::Bip155Id() const
{
    switch (m_network) {
    case Network::ipv4: return BIP155_IPV4;
    case Network::ipv6: return BIP155_IPV6;
    case Network::onion: return BIP155_TORV3;
    case Network::i2p: return BIP155_I2P;
    case Network::cjdns: return BIP155_CJDNS;
    case Network::unknown: return m_unknown_id;
    }
    return m_unknown_id;
}

std::array<uint8_t, ADDR_IPV6_SIZE> NetAddress::V1Bytes() const
{
    std::array<uint8_t, ADDR_IPV6_SIZE> out{};
    switch (m_network) {
    case Network::ipv4:
        std::copy(IPV4_IN_IPV6_PREFIX.begin(), IPV4_IN_IPV6_PREFIX.end(), out.begin());
        std::copy_n(m_bytes.begin(), ADDR_IPV4_SIZE, out.begin() + IPV4_IN_IPV6_PREFIX.size());
        return out;
    case Network::ipv6:
    case Network::cjdns: std::copy_n(m_bytes.begin(), ADDR_IPV6_SIZE, out.begin()); return out;
    default:
        throw AddressError{std::string{NetworkName(m_network)} + " address has no 16-byte addr v1 form: " + ToString()};
    }
}

std::string NetAddress::ToString() const
{
    switch (m_network) {
    case Network::ipv4: return IPv4ToString(Raw());
    case Network::ipv6:
    case Network::cjdns: return IPv6ToString(Raw());
    case Network::onion: {
        const auto checksum = OnionChecksum(Raw());
        Bytes full{Raw().begin(), Raw().end()};
        full.insert(full.end(), checksum.begin(), checksum.end());
        full.push_back(TORV3_VERSION);
        return EncodeBase32(full) + std::string{ONION_SUFFIX};
    }
    case Network::i2p: return EncodeBase32(Raw()) + std::string{I2P_SUFFIX};
    case Network::unknown: return "unknown-" + std::to_string(m_unknown_id);
    }
    return {};
}

bool NetAddress::IsValid() const
{
    const ByteSpan raw = Raw();
    switch (m_network) {
    case Network::ipv4: {
        const bool any = std::all_of(raw.begin(), raw.end(), [](uint8_t b) { return b == 0x00; });
        const bool none = std::all_of(raw.begin(), raw.end(), [](uint8_t b) { return b == 0xff; });
        return !any && !none;
    }
    case Network::ipv6:
        return !std::all_of(raw.begin(), raw.end(), [](uint8_t b) { return b == 0; }) && !IsRFC3849() &&
               !HasPrefix(raw, TORV2_IN_IPV6_PREFIX) && !HasPrefix(raw, INTERNAL_IN_IPV6_PREFIX);
    case Network::cjdns: return HasCjdnsPrefix();
    case Network::onion:
    case Network::i2p: return true;
    case Network::unknown: return false;
    }
    return false;
}

bool NetAddress::HasCjdnsPrefix() const
{
    return (m_network == Network::ipv6 || m_network == Network::cjdns) && m_bytes[0] == CJDNS_PREFIX;
}

bool NetAddress::IsLoopback() const
{
    static constexpr std::array<uint8_t, 16> IPV6_LOOPBACK{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return (IsIPv4() && m_bytes[0] == 127) || (IsIPv6() && HasPrefix(Raw(), IPV6_LOOPBACK));
}

bool NetAddress::IsLocal() const
{
    return IsLoopback() || (IsIPv4() && m_bytes[0] == 0);
}

bool NetAddress::IsRFC1918() const
{
    return IsIPv4() && (m_bytes[0] == 10 || (m_bytes[0] == 192 && m_bytes[1] == 168) ||
                        (m_bytes[0] == 172 && m_bytes[1] >= 16 && m_bytes[1] <= 31));
}

bool NetAddress::IsRFC2544() const
{
    return IsIPv4() && m_bytes[0] == 198 && (m_bytes[1] == 18 || m_bytes[1] == 19);
}

bool NetAddress::IsRFC3927() const
{
    return IsIPv4() && m_bytes[0] == 169 && m_bytes[1] == 254;
}

bool NetAddress::IsRFC6598() const
{
    return IsIPv4() && m_bytes[0] == 100 && m_bytes[1] >= 64 && m_bytes[1] <= 127;
}

bool NetAddress::IsRFC5737() const
{
    return IsIPv4() && (HasPrefix(Raw(), std::array<uint8_t, 3>{192, 0, 2}) ||
                        HasPrefix(Raw(), std::array<uint8_t, 3>{198, 51, 100}) ||
                        HasPrefix(Raw(), std::array<uint8_t, 3>{203, 0, 113}));
}

bool NetAddress::IsRFC3849() const
{
    return IsIPv6() && HasPrefix(Raw(), std::array<uint8_t, 4>{0x20, 0x01, 0x0d, 0xb8});
}

bool NetAddress::IsRFC4193() const
{
    return IsIPv6() && (m_bytes[0] & 0xfe) == 0xfc;
}

bool NetAddress::IsRFC4843() const
{
    return IsIPv6() && HasPrefix(Raw(), std::array<uint8_t, 3>{0x20, 0x01, 0x00}) && (m_bytes[3] & 0xf0) == 0x10;
}

bool NetAddress::IsRFC7343() const
{
    return IsIPv6() && HasPrefix(Raw(), std::array<uint8_t, 3>{0x20, 0x01, 0x00}) && (m_bytes[3] & 0xf0) == 0x20;
}

bool NetAddress::IsRFC4862() const
{
    return IsIPv6() && HasPrefix(Raw(), std::array<uint8_t, 8>{0xfe, 0x80, 0, 0, 0, 0, 0, 0});
}

bool NetAddress::IsRoutable() const
{
    return IsValid() && !(IsRFC1918() || IsRFC2544() || IsRFC3927() || IsRFC4862() || IsRFC6598() || IsRFC5737() ||
                          IsRFC4193() || IsRFC4843() || IsRFC7343() || IsLocal());
}

std::string Endpoint::ToString() const
{
    const bool bracketed = address.GetNetwork() == Network::ipv6 || address.GetNetwork() == Network::cjdns;
    const std::string host = address.ToString();
    return (bracketed ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

NetAddress ParseHost(std::string_view text)
{
    std::string_view host = text;
    const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    if (host.empty()) throw AddressError{"empty host"};
    if (host.find('\0') != std::string_view::npos)
        throw AddressError{"NUL in host"};  // what() would cut the text at the NUL
    const std::string host_string{host};

    if (!bracketed) {
        std::array<uint8_t, ADDR_IPV4_SIZE> ipv4;
        if (inet_pton(AF_INET, host_string.c_str(), ipv4.data()) == 1) return NetAddress::FromIPv4(ipv4);
        if (EndsWithIgnoringCase(host, ONION_SUFFIX)) return ParseOnion(host);
        if (EndsWithIgnoringCase(host, I2P_SUFFIX)) return ParseI2p(host);
    }
    std::array<uint8_t, ADDR_IPV6_SIZE> ipv6;
    if (inet_pton(AF_INET6, host_string.c_str(), ipv6.data()) == 1) return NetAddress::FromIPv6(ipv6);
    throw AddressError{bracketed ? "not an IPv6 address in brackets: " + Quoted(text)
                                 : "not an IP address, .onion or .b32.i2p name: " + Quoted(text)};
}

std::optional<NetAddress> TryParseHost(std::string_view text)
{
    try {
        return ParseHost(text);
    } catch (const AddressError&) {
        return std::nullopt;
    }
}

NetAddress ParseHost(Network network, std::string_view text)
{
    if (network == Network::cjdns) {
        // Parsed as bytes, not through ParseHost, which reads an IPv4-mapped text as IPv4.
        std::array<uint8_t, ADDR_CJDNS_SIZE> bytes;
        if (inet_pton(AF_INET6, std::string{text}.c_str(), bytes.data()) != 1)
            throw AddressError{"not a CJDNS address: " + Quoted(text)};
        return NetAddress::FromBip155(BIP155_CJDNS, bytes);
    }
    const NetAddress address = ParseHost(text);
    if (address.GetNetwork() != network)
        throw AddressError{"not an " + std::string{NetworkName(network)} + " address: " + Quoted(text)};
    return address;
}

NetAddress SeedAddress(const NetAddress& literal)
{
    return literal.IsIPv6() && literal.HasCjdnsPrefix() ? NetAddress::FromBip155(BIP155_CJDNS, literal.Raw()) : literal;
}

HostPort SplitHostPort(std::string_view text, uint16_t default_port)
{
    std::string_view host = text;
    std::optional<std::string_view> port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) throw AddressError{"missing ']' in " + Quoted(text)};
        host = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') throw AddressError{"expected ':' after ']' in " + Quoted(text)};
            port_text = rest.substr(1);
        }
    } else if (const auto colon = text.find(':');
               colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
        // Exactly one colon: host:port. Two or more: a bare IPv6 literal without a port.
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    if (host.empty()) throw AddressError{"empty host in " + Quoted(text)};
    uint16_t port = default_port;
    if (port_text) {
        const auto parsed = ParseDecimal16(*port_text);
        if (!parsed) throw AddressError{"bad port " + Quoted(*port_text) + " in " + Quoted(text)};
        port = *parsed;
    }
    return {std::string{host}, port};
}

Cidr Cidr::Parse(std::string_view text)
{
    const auto slash = text.find('/');
    const NetAddress base = ParseHost(text.substr(0, slash));
    if (!base.IsIPv4() && !base.IsIPv6()) throw AddressError{"CIDR needs an IPv4 or IPv6 address: " + Quoted(text)};
    const int max_prefix = static_cast<int>(base.Raw().size() * 8);
    int prefix_length = max_prefix;
    if (slash != std::string_view::npos) {
        const auto prefix_text = text.substr(slash + 1);
        const auto parsed = ParseDecimal16(prefix_text);
        if (!parsed || *parsed > max_prefix) {
            throw AddressError{"bad prefix length " + Quoted(prefix_text) + " (0-" + std::to_string(max_prefix) +
                               ") in " + Quoted(text)};
        }
        prefix_length = *parsed;
    }
    // Keep the base normalised (host bits cleared) so that ToString is canonical.
    Bytes bytes(base.Raw().begin(), base.Raw().end());
    for (size_t i = 0; i < bytes.size(); ++i) {
        const int bits = std::clamp(prefix_length - static_cast<int>(i * 8), 0, 8);
        bytes[i] &= static_cast<uint8_t>(0xff00 >> bits);
    }
    Cidr cidr;
    if (base.IsIPv4()) {
        cidr.m_base = NetAddress::FromIPv4({bytes[0], bytes[1], bytes[2], bytes[3]});
    } else {
        std::array<uint8_t, ADDR_IPV6_SIZE> ipv6;
        std::copy(bytes.begin(), bytes.end(), ipv6.begin());
        cidr.m_base = NetAddress::FromIPv6(ipv6);
    }
    cidr.m_prefix_length = prefix_length;
    return cidr;
}

bool Cidr::Contains(const NetAddress& address) const
{
    // CJDNS lives in IPv6 address space (fc00::/8), so an IPv6 range can cover it.
    const bool same_space =
        address.GetNetwork() == m_base.GetNetwork() || (m_base.IsIPv6() && address.GetNetwork() == Network::cjdns);
    if (!same_space) return false;
    const ByteSpan a = address.Raw();
    const ByteSpan b = m_base.Raw();
    for (size_t i = 0; i < b.size(); ++i) {
        const int bits = std::clamp(m_prefix_length - static_cast<int>(i * 8), 0, 8);
        const auto mask = static_cast<uint8_t>(0xff00 >> bits);
        if ((a[i] & mask) != b[i]) return false;
    }
    return true;
}

std::string Cidr::ToString() const
{
    return m_base.ToString() + "/" + std::to_string(m_prefix_length);
}

size_t NetAddressHash::operator()(const NetAddress& address) const noexcept
{
    return HashBytes(address.Raw(), (static_cast<size_t>(address.GetNetwork()) << 8) | address.Bip155Id());
}

size_t EndpointHash::operator()(const Endpoint& endpoint) const noexcept
{
    return NetAddressHash{}(endpoint.address) * 31 + endpoint.port;
}

}  // namespace wire
