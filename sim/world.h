#pragma once
// Why this file exists: the simulated network as pure functions of the command line, so that
// 100,000 virtual nodes cost no memory: every node's identity, version fields and address book
// are recomputed from (seed, index) whenever a connection or the truth file needs them. No I/O
// here, so the rules (addresses, books, fault kinds) are unit-tested without sockets.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wire/messages.h"
#include "wire/transport.h"

namespace sim {

// How a virtual node treats an inbound peer. `good` plays Bitcoin Core; the rest are the faults
// of docs/spec.md §5 (FAULT_KINDS, the default mix) and the hostile peers of issue 7 (HOSTILE_KINDS, only
// served when --fault-kinds names them). Fault nodes take the kinds of the mix in order, cycling.
enum class NodeKind : uint8_t {
    good,
    silent,         // accepts, never sends
    hangup,         // closes at once (even occurrences) or after the peer's version (odd ones)
    garbage,        // answers the version with random bytes
    badmagic,       // answers with a version framed with the wrong magic
    badchecksum,    // answers with a version whose checksum is wrong
    oversize,       // answers with a header announcing OVERSIZE_LENGTH bytes, then stalls
    slow,           // a good node that waits SLOW_DELAY before each reply
    noaddr,         // a good node that never answers getaddr
    flood,          // a good node that answers getaddr with FLOOD_MESSAGES small messages
    latehangup,     // closes after its version (ordinal % 3 == 0), its verack (1) or on the getaddr (2)
    trickle,        // sends its handshake one byte every TRICKLE_INTERVAL (slowloris)
    addr1001,       // answers getaddr with an `addr` of 1001 entries
    addrv2badlen,   // answers getaddr with an addrv2 whose last entry is an IPv4 of 5 bytes
    addrv2unknown,  // answers getaddr with an addrv2 that also carries UNKNOWN_ENTRIES unknown networks
    addrflood,      // answers getaddr with FLOOD_MESSAGES one-entry messages and nothing more
    chatter,        // answers getaddr with an endless stream of inv and ping
    stall,          // after its verack streams inv and ping as fast as it can, never reading again
    dupaddr,        // answers getaddr with MAX_ADDR_TO_SEND copies of one entry
    addrbulk,       // answers getaddr with BULK_MESSAGES addrv2 of 1000 maximal unknown-network entries
    longagent,      // a version whose user agent is LONG_AGENT_LENGTH bytes, then as good
    badagent,       // a version whose user agent is BAD_AGENT (invalid UTF-8), then as good
    splitaddr,      // a good node that answers getaddr in two messages, SPLIT_DELAY_MS apart
    // BIP324 (issue 12): nodes that accept only v2 and break it, each after the peer's key.
    v2garbage,   // its key, then V2_GARBAGE_SIZE bytes of garbage without a terminator
    v2badtag,    // its key, terminator and a version packet whose tag has one bit flipped
    v2decoys,    // its key and terminator, then decoy packets without end, never its version packet
    v2silent,    // completes the v2 handshake (its version packet), then never sends a message
    v2badmagic,  // derives its keys with another network's magic (WrongMagic): no terminator matches
};
constexpr std::array<NodeKind, 9> FAULT_KINDS = {
    NodeKind::silent,   NodeKind::hangup, NodeKind::garbage, NodeKind::badmagic, NodeKind::badchecksum,
    NodeKind::oversize, NodeKind::slow,   NodeKind::noaddr,  NodeKind::flood,
};
constexpr std::array<NodeKind, 12> HOSTILE_KINDS = {
    NodeKind::latehangup,    NodeKind::trickle,   NodeKind::addr1001, NodeKind::addrv2badlen,
    NodeKind::addrv2unknown, NodeKind::addrflood, NodeKind::chatter,  NodeKind::dupaddr,
    NodeKind::longagent,     NodeKind::badagent,  NodeKind::addrbulk, NodeKind::stall,
};
// Kinds of real peers that are not faults but that a crawler may handle differently (issue 15),
// only served when --fault-kinds names them.
constexpr std::array<NodeKind, 1> SHAPE_KINDS = {NodeKind::splitaddr};
// The hostile BIP324 peers, only served when --fault-kinds names them. They speak v2 only.
constexpr std::array<NodeKind, 5> V2_HOSTILE_KINDS = {
    NodeKind::v2garbage, NodeKind::v2badtag, NodeKind::v2decoys, NodeKind::v2silent, NodeKind::v2badmagic,
};
bool IsV2Hostile(NodeKind kind);
std::string_view KindName(NodeKind kind);
// The fault kind of that name (not `good`); nullopt for an unknown name.
std::optional<NodeKind> FaultKindFromName(std::string_view name);

constexpr int SLOW_DELAY_SECONDS = 3;
constexpr int SPLIT_DELAY_MS = 500;
constexpr uint32_t OVERSIZE_LENGTH = 0x02000001;  // 33,554,433: one byte over Core's MAX_SIZE
constexpr size_t FLOOD_MESSAGES = 5000;
constexpr size_t GARBAGE_SIZE = 256;
constexpr int TRICKLE_INTERVAL_MS = 1000;
constexpr int CHATTER_INTERVAL_MS = 10;
constexpr size_t CHATTER_BATCH = 10;  // inv messages per round, then one ping
constexpr size_t UNKNOWN_ENTRIES = 3;
// The least garbage that proves no terminator is coming: BIP324's limit and one terminator's length.
constexpr size_t V2_GARBAGE_SIZE = wire::MAX_GARBAGE_LEN + wire::GARBAGE_TERMINATOR_LEN;
constexpr size_t DECOY_SIZE = 1000;           // contents bytes of each decoy; CHATTER_BATCH per round
constexpr uint8_t UNKNOWN_NETWORK_ID = 0x42;  // no BIP155 network: a peer must skip it
constexpr size_t LONG_AGENT_LENGTH = wire::MAX_SUBVERSION_LENGTH + 1;
// addrbulk: each message ~0.5 MB (1000 entries of a 512-byte address), 4 MB in all.
constexpr size_t BULK_MESSAGES = 8;
constexpr std::string_view BAD_AGENT =
    "/Bad\xc3\x28"
    "Agent\xff:1.0/";  // a broken 2-byte sequence, a 0xff
// Dead addresses live in 127.200.0.0/16, advertised with the port after --port (see DeadPort()).
constexpr uint32_t DEAD_BASE = 0x7fc80001;  // 127.200.0.1
constexpr uint32_t DEAD_MAX = 254 * 256;    // .1 to .254 of each 127.200.x.0/24
// Book entry times are fixed, not taken from the clock, so that two runs produce the same bytes.
constexpr uint32_t TIME_BASE = 1'735'689'600;  // 2025-01-01T00:00:00Z

class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An inclusive range of milliseconds, "MIN-MAX" on the command line.
struct Range {
    uint32_t min{0};
    uint32_t max{0};
};
// "MIN-MAX" (or a single number) in milliseconds; nullopt when malformed or MIN > MAX.
std::optional<Range> ParseRange(std::string_view text);

// The exotic networks in --exotic-mix order.
enum class ExoticNetwork : uint8_t { onion, i2p, cjdns, ipv6 };

// How a dead address fails to answer: RST (nothing listens), a dropped SYN, or ICMP
// net-unreachable. btcsim only names the ranges; the harness adds the nftables rules.
enum class DeadKind : uint8_t { refused, silent, unreachable };
std::string_view DeadKindName(DeadKind kind);
// What a node speaks (BIP324, --v2 and --v2-only): v1 only (it closes on a v2 key, as a node
// before Core 26 does), v2 and v1 (Core 27+: it advertises NODE_P2P_V2), or v2 only (refuses v1).
enum class NodeTransport : uint8_t { v1, dual, v2 };
std::string_view TransportName(NodeTransport transport);  // "v1", "dual", "v2"
constexpr uint64_t NODE_P2P_V2 = uint64_t{1} << 11;

struct Config {
    uint32_t nodes{0};
    uint32_t base{0x7f0a0001};  // 127.10.0.1, host byte order
    uint16_t port{18444};
    uint32_t book{1000};
    uint32_t dead{0};
    uint32_t exotic{0};
    // The first `ipv6` exotic IPv6 addresses are reachable: ::1 at ports port+2, port+3, ...
    uint32_t ipv6{0};
    double faults{0.0};
    uint64_t seed{1};
    // The kinds fault nodes take in turn (--fault-kinds); never empty, never `good`.
    std::vector<NodeKind> fault_kinds{FAULT_KINDS.begin(), FAULT_KINDS.end()};
    // The mainnet shape (issue 15). How many exotic addresses of each network, in ExoticNetwork
    // order, each cycle of sum(exotic_mix) carries (--exotic-mix; default one of each).
    std::array<uint32_t, 4> exotic_mix{1, 1, 1, 1};
    // Shares of the dead addresses that are silent and unreachable (--dead-silent,
    // --dead-unreachable): the first ones silent, then the unreachable ones, the rest refused.
    double dead_silent{0.0};
    double dead_unreachable{0.0};
    // Milliseconds, inclusive ranges: each node's reply delay (--latency) and the SOCKS5 circuit
    // set-up time per connection (--socks5-delay).
    Range latency{};
    Range socks5_delay{};
    // Entry times as Bitcoin Core keeps them (--core-times): the living re-announce daily, the
    // dead age over weeks. Without it every address is up to TIME_SPREAD old.
    bool core_times{false};
    // Shares of the good nodes that speak v2 and v1 / only v2; the rest and every fault node: v1.
    double v2{0.8};
    double v2_only{0.0};
};

// What a node says about itself in its `version` message (the timestamp is the clock's).
struct VersionFields {
    int32_t version{wire::PROTOCOL_VERSION};
    uint64_t services{0};
    std::string_view user_agent;
    int32_t start_height{0};
    uint64_t nonce{0};
    bool relay{true};
};

// Address indices: [0, TotalNodes()) are the virtual nodes (good ones first, then the fault
// nodes), then DeadCount() dead addresses, then ExoticCount() exotic ones.
class World {
public:
    // Throws UsageError naming the option when the network cannot be built as asked.
    explicit World(const Config& config);

    const Config& GetConfig() const { return m_config; }
    uint32_t GoodNodes() const { return m_config.nodes; }
    uint32_t FaultNodes() const { return m_fault_nodes; }
    uint32_t TotalNodes() const { return m_config.nodes + m_fault_nodes; }
    uint32_t AddressCount() const { return TotalNodes() + m_config.dead + m_config.exotic; }
    uint32_t FirstDead() const { return TotalNodes(); }
    uint32_t FirstExotic() const { return TotalNodes() + m_config.dead; }
    uint32_t BookSize() const { return m_book_size; }
    // How many book entries a getaddr answer carries: min(1000, BookSize()).
    uint32_t AnswerSize() const;
    uint16_t DeadPort() const;

    NodeKind KindOf(uint32_t node) const;
    // Which occurrence of its fault kind a fault node is (0 for the first silent node, ...).
    uint32_t FaultOrdinal(uint32_t node) const;
    // IPv4 addresses in host byte order.
    uint32_t NodeIPv4(uint32_t node) const;
    std::optional<uint32_t> NodeOfIPv4(uint32_t ipv4) const;
    VersionFields VersionOf(uint32_t node) const;
    NodeTransport TransportOf(uint32_t node) const;

    // Exotic address j (0-based among the exotic ones): its network and its rank among that
    // network's exotic addresses.
    ExoticNetwork NetworkOfExotic(uint32_t exotic) const;
    uint32_t RankOfExotic(uint32_t exotic) const;
    // How many of the exotic addresses are of `network`.
    uint32_t ExoticCount(ExoticNetwork network) const;
    // Dead address d (0-based among the dead ones): how it fails. Each kind is one contiguous run
    // of NthAddress(DEAD_BASE, ...), so one nftables range covers it.
    DeadKind DeadKindOf(uint32_t dead) const;
    uint32_t DeadCount(DeadKind kind) const;
    // How long `node` waits before each reply, and how long the SOCKS5 proxy takes to set up a
    // circuit to the target with this key (any stable value of the target: its address hash).
    std::chrono::milliseconds LatencyOf(uint32_t node) const;
    std::chrono::milliseconds CircuitDelayOf(uint64_t target_key) const;

    wire::Endpoint EndpointOf(uint32_t address) const;
    // The good node an exotic address leads to when it is reachable: its Tor v3 and I2P
    // addresses (through --socks5 / --sam) and its loopback IPv6 ones (--ipv6). Exotic address j
    // plays good node j % GoodNodes(), the node whose book is sure to list it: the same node seen
    // on two networks, as a dual-stack Bitcoin Core node is.
    std::optional<uint32_t> AliasOf(uint32_t address) const;
    uint64_t ServicesOf(uint32_t address) const;
    uint32_t TimeOf(uint32_t address) const;
    // The entry as `owner`'s book carries it: time is TimeOf(address) - owner % 3600.
    wire::AddrEntry EntryOf(uint32_t address, uint32_t owner) const;

    // The node's book: BookSize() distinct address indices, never the node itself, in the order
    // they are sent. Good node i always lists node i+1 (so all are reachable from node 0), and the
    // fault, dead and exotic addresses j with j % GoodNodes() == i (so each is advertised).
    std::vector<uint32_t> Book(uint32_t node) const;

private:
    Config m_config;
    uint32_t m_fault_nodes{0};
    uint32_t m_book_size{0};
};

// The n-th IPv4 address counting from `first` and skipping .0 and .255 of the last octet.
uint32_t NthAddress(uint32_t first, uint32_t n);
// Inverse of NthAddress; nullopt for a .0/.255 address or one before `first`.
std::optional<uint32_t> AddressOffset(uint32_t first, uint32_t ipv4);

// splitmix64: fast, good enough for simulation, and the same on every platform.
class Rng {
public:
    explicit Rng(uint64_t state) : m_state{state} {}
    uint64_t Next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform enough in [0, bound) for bound far below 2^64.
    uint64_t Below(uint64_t bound) { return Next() % bound; }

private:
    uint64_t m_state;
};

// A well-mixed value for (seed, stream, index): independent streams for each purpose.
uint64_t Mix(uint64_t seed, uint64_t stream, uint64_t index);

}  // namespace sim
