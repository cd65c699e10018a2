// Why this file exists: the rules that make the simulated network deterministic and complete
// (every node reachable from node 0, every dead/exotic/fault address advertised), kept apart from
// the sockets so they can be unit-tested and reused by the truth writer.
#include "sim/world.h"

#include <bit>
#include <cmath>
#include <limits>
#include <span>
#include <string>

namespace sim {
namespace {

// Independent random streams, one per purpose, so that changing one rule keeps the others.
enum Stream : uint64_t {
    STREAM_BOOK = 1,
    STREAM_VERSION,
    STREAM_NONCE,
    STREAM_SERVICES,
    STREAM_TIME,
    STREAM_EXOTIC,
    STREAM_LATENCY,
    STREAM_CIRCUIT,
    STREAM_TRANSPORT
};

constexpr std::array<std::string_view, 6> USER_AGENTS = {
    "/Satoshi:27.0.0/", "/Satoshi:27.1.0/", "/Satoshi:26.0.0/",
    "/Satoshi:25.1.0/", "/Satoshi:28.0.0/", "/Satoshi:24.0.1/",
};
// NETWORK|WITNESS|NETWORK_LIMITED, + BLOOM, + P2P_V2, and a pruned node (WITNESS|NETWORK_LIMITED).
constexpr std::array<uint64_t, 4> SERVICE_SETS = {0x409, 0x40d, 0xc09, 0x408};
// "/" + 255 x "a" + "/": one byte over what `version` may carry.
constexpr std::string_view LONG_AGENT =
    "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";
static_assert(LONG_AGENT.size() == LONG_AGENT_LENGTH);
constexpr uint32_t TIME_SPREAD = 7 * 86400;
// --core-times: Core re-announces its own address every day and drops entries older than 30 days
// (IsTerrible), so the living are under a day old and the dead between one day and four weeks.
constexpr uint32_t LIVE_TIME_SPREAD = 86400;
constexpr uint32_t DEAD_TIME_SPREAD = 28 * 86400;
constexpr uint32_t OWNER_TIME_SPREAD = 3600;
constexpr uint32_t LOOPBACK_FIRST = 0x7f000000;
constexpr uint32_t LOOPBACK_LAST = 0x7ffffffe;
constexpr uint32_t DEAD_NET_FIRST = 0x7fc80000;
constexpr uint32_t DEAD_NET_LAST = 0x7fc8ffff;

std::array<uint8_t, 4> IPv4Bytes(uint32_t ipv4)
{
    return {uint8_t(ipv4 >> 24), uint8_t(ipv4 >> 16), uint8_t(ipv4 >> 8), uint8_t(ipv4)};
}

uint32_t RangePick(const Range& range, uint64_t bits)
{
    return range.min + uint32_t(bits % (uint64_t{range.max} - range.min + 1));
}

uint32_t CeilDiv(uint32_t a, uint32_t b)
{
    return a / b + (a % b != 0);
}

// A fixed-capacity set of address indices for building one book without allocating per entry.
class IndexSet {
public:
    explicit IndexSet(size_t expected)
        : m_shift{64 - int(std::bit_width(std::bit_ceil(expected * 2 + 2) - 1))},
          m_slots(size_t{1} << (64 - m_shift), EMPTY)
    {
    }
    // False when already present.
    bool Insert(uint32_t value)
    {
        const size_t mask = m_slots.size() - 1;
        for (size_t slot = (value * 0x9e3779b97f4a7c15ULL) >> m_shift;; slot = (slot + 1) & mask) {
            if (m_slots[slot] == value) return false;
            if (m_slots[slot] == EMPTY) {
                m_slots[slot] = value;
                return true;
            }
        }
    }

private:
    static constexpr uint32_t EMPTY = std::numeric_limits<uint32_t>::max();
    int m_shift;
    std::vector<uint32_t> m_slots;
};

}  // namespace

std::string_view KindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::good: return "good";
    case NodeKind::silent: return "silent";
    case NodeKind::hangup: return "hangup";
    case NodeKind::garbage: return "garbage";
    case NodeKind::badmagic: return "badmagic";
    case NodeKind::badchecksum: return "badchecksum";
    case NodeKind::oversize: return "oversize";
    case NodeKind::slow: return "slow";
    case NodeKind::noaddr: return "noaddr";
    case NodeKind::flood: return "flood";
    case NodeKind::latehangup: return "latehangup";
    case NodeKind::trickle: return "trickle";
    case NodeKind::addr1001: return "addr1001";
    case NodeKind::addrv2badlen: return "addrv2badlen";
    case NodeKind::addrv2unknown: return "addrv2unknown";
    case NodeKind::addrflood: return "addrflood";
    case NodeKind::chatter: return "chatter";
    case NodeKind::stall: return "stall";
    case NodeKind::dupaddr: return "dupaddr";
    case NodeKind::longagent: return "longagent";
    case NodeKind::badagent: return "badagent";
    case NodeKind::addrbulk: return "addrbulk";
    case NodeKind::splitaddr: return "splitaddr";
    case NodeKind::v2garbage: return "v2garbage";
    case NodeKind::v2badtag: return "v2badtag";
    case NodeKind::v2decoys: return "v2decoys";
    case NodeKind::v2silent: return "v2silent";
    case NodeKind::v2badmagic: return "v2badmagic";
    }
    return "unknown";
}

bool IsV2Hostile(NodeKind kind)
{
    return std::find(V2_HOSTILE_KINDS.begin(), V2_HOSTILE_KINDS.end(), kind) != V2_HOSTILE_KINDS.end();
}

std::optional<NodeKind> FaultKindFromName(std::string_view name)
{
    for (const auto& kinds : {std::span<const NodeKind>{FAULT_KINDS}, std::span<const NodeKind>{HOSTILE_KINDS},
                              std::span<const NodeKind>{SHAPE_KINDS}, std::span<const NodeKind>{V2_HOSTILE_KINDS}}) {
        for (const NodeKind kind : kinds) {
            if (KindName(kind) == name) return kind;
        }
    }
    return std::nullopt;
}

std::optional<Range> ParseRange(std::string_view text)
{
    const auto number = [](std::string_view digits) -> std::optional<uint32_t> {
        if (digits.empty() || digits.size() > 9) return std::nullopt;
        uint32_t value = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + uint32_t(c - '0');
        }
        return value;
    };
    const auto dash = text.find('-');
    const auto min = number(text.substr(0, dash));
    const auto max = dash == std::string_view::npos ? min : number(text.substr(dash + 1));
    if (!min || !max || *min > *max) return std::nullopt;
    return Range{*min, *max};
}

std::string_view DeadKindName(DeadKind kind)
{
    switch (kind) {
    case DeadKind::refused: return "refused";
    case DeadKind::silent: return "silent";
    case DeadKind::unreachable: return "unreachable";
    }
    return "unknown";
}

uint64_t Mix(uint64_t seed, uint64_t stream, uint64_t index)
{
    return Rng{Rng{seed ^ (stream << 56)}.Next() + index * 0xd1342543de82ef95ULL}.Next();
}

uint32_t NthAddress(uint32_t first, uint32_t n)
{
    const uint64_t position = uint64_t{first >> 8} * 254 + (first & 0xff) - 1 + n;
    return uint32_t(((position / 254) << 8) | (position % 254 + 1));
}

std::optional<uint32_t> AddressOffset(uint32_t first, uint32_t ipv4)
{
    const uint32_t last_octet = ipv4 & 0xff;
    if (last_octet == 0 || last_octet == 255) return std::nullopt;
    const uint64_t start = uint64_t{first >> 8} * 254 + (first & 0xff) - 1;
    const uint64_t position = uint64_t{ipv4 >> 8} * 254 + last_octet - 1;
    if (position < start || position - start > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return uint32_t(position - start);
}

World::World(const Config& config) : m_config{config}
{
    if (config.nodes == 0) throw UsageError{"--nodes must be at least 1"};
    if (config.port == 0) throw UsageError{"--port must be 1..65535"};
    if (config.book == 0) throw UsageError{"--book must be at least 1"};
    if (!(config.faults >= 0.0 && config.faults <= 1.0)) throw UsageError{"--faults must be a share between 0 and 1"};
    if (!(config.v2 >= 0.0 && config.v2_only >= 0.0 && config.v2 + config.v2_only <= 1.0)) {
        throw UsageError{"--v2 and --v2-only must be shares between 0 and 1 whose sum is at most 1"};
    }
    if (config.dead > DEAD_MAX)
        throw UsageError{"--dead must be at most " + std::to_string(DEAD_MAX) + " (127.200.0.0/16)"};
    if (config.fault_kinds.empty()) throw UsageError{"--fault-kinds must name at least one kind"};
    for (const NodeKind kind : config.fault_kinds) {
        if (kind == NodeKind::good) throw UsageError{"--fault-kinds: good is not a fault kind"};
    }
    if ((config.base & 0xff) == 0 || (config.base & 0xff) == 255) throw UsageError{"--base must not end in .0 or .255"};
    if (config.base < LOOPBACK_FIRST || config.base > LOOPBACK_LAST) throw UsageError{"--base must be in 127.0.0.0/8"};

    m_fault_nodes = uint32_t(std::llround(config.faults * config.nodes));
    const uint32_t last = NthAddress(config.base, TotalNodes() - 1);
    if (TotalNodes() < config.nodes || last > LOOPBACK_LAST || last < config.base) {
        throw UsageError{"--nodes: the nodes do not fit in 127.0.0.0/8 from --base"};
    }
    if (config.base <= DEAD_NET_LAST && last >= DEAD_NET_FIRST) {
        throw UsageError{"--base/--nodes: the nodes overlap the dead range 127.200.0.0/16"};
    }
    if (config.exotic_mix[0] + uint64_t{config.exotic_mix[1]} + config.exotic_mix[2] + config.exotic_mix[3] == 0) {
        throw UsageError{"--exotic-mix must name at least one address"};
    }
    if (config.ipv6 > ExoticCount(ExoticNetwork::ipv6)) {
        throw UsageError{"--ipv6 must be at most the exotic IPv6 addresses (--exotic and --exotic-mix)"};
    }
    if (!(config.dead_silent >= 0.0 && config.dead_unreachable >= 0.0 &&
          config.dead_silent + config.dead_unreachable <= 1.0)) {
        throw UsageError{"--dead-silent and --dead-unreachable must be shares adding up to at most 1"};
    }
    if (uint32_t{config.port} + 1 + config.ipv6 > 65535) throw UsageError{"--ipv6: the ports do not fit after --port"};
    if (uint64_t{TotalNodes()} + config.dead + config.exotic > std::numeric_limits<uint32_t>::max() / 2) {
        throw UsageError{"--exotic: too many addresses"};
    }

    m_book_size = std::min(config.book, AddressCount() - 1);
    // Node 0 carries the most mandatory entries: the next node and the first of each kind.
    const uint32_t mandatory = (config.nodes > 1 ? 1 : 0) + CeilDiv(m_fault_nodes, config.nodes) +
                               CeilDiv(config.dead, config.nodes) + CeilDiv(config.exotic, config.nodes);
    if (mandatory > m_book_size) {
        throw UsageError{"--book " + std::to_string(config.book) + " is too small: node 0 must advertise " +
                         std::to_string(mandatory) + " addresses (next node, fault, dead and exotic shares)"};
    }
}

uint32_t World::AnswerSize() const
{
    return std::min<uint32_t>(m_book_size, wire::MAX_ADDR_TO_SEND);
}

uint16_t World::DeadPort() const
{
    return m_config.port == 65535 ? 65534 : m_config.port + 1;
}

NodeKind World::KindOf(uint32_t node) const
{
    if (node < m_config.nodes) return NodeKind::good;
    return m_config.fault_kinds[(node - m_config.nodes) % m_config.fault_kinds.size()];
}

uint32_t World::FaultOrdinal(uint32_t node) const
{
    return node < m_config.nodes ? 0 : (node - m_config.nodes) / m_config.fault_kinds.size();
}

uint32_t World::NodeIPv4(uint32_t node) const
{
    return NthAddress(m_config.base, node);
}

std::optional<uint32_t> World::NodeOfIPv4(uint32_t ipv4) const
{
    const auto offset = AddressOffset(m_config.base, ipv4);
    if (!offset || *offset >= TotalNodes()) return std::nullopt;
    return offset;
}

VersionFields World::VersionOf(uint32_t node) const
{
    const uint64_t bits = Mix(m_config.seed, STREAM_VERSION, node);
    VersionFields fields;
    fields.user_agent = USER_AGENTS[bits % USER_AGENTS.size()];
    if (KindOf(node) == NodeKind::longagent) fields.user_agent = LONG_AGENT;
    if (KindOf(node) == NodeKind::badagent) fields.user_agent = BAD_AGENT;
    fields.services = SERVICE_SETS[(bits >> 8) % SERVICE_SETS.size()];
    // The bit says what the node speaks: set for v2 nodes, cleared for v1-only ones.
    if (TransportOf(node) == NodeTransport::v1) {
        fields.services &= ~NODE_P2P_V2;
    } else {
        fields.services |= NODE_P2P_V2;
    }
    fields.start_height = int32_t(840'000 + (bits >> 16) % 60'000);
    fields.relay = ((bits >> 48) & 7) != 0;                     // one node in eight is blocks-only
    fields.nonce = Mix(m_config.seed, STREAM_NONCE, node) | 1;  // never 0: Core treats 0 as "no nonce"
    return fields;
}

ExoticNetwork World::NetworkOfExotic(uint32_t exotic) const
{
    const auto& mix = m_config.exotic_mix;
    uint32_t position = exotic % (mix[0] + mix[1] + mix[2] + mix[3]);
    size_t network = 0;
    while (position >= mix[network]) {
        position -= mix[network];
        ++network;
    }
    return ExoticNetwork(network);
}

uint32_t World::RankOfExotic(uint32_t exotic) const
{
    const auto& mix = m_config.exotic_mix;
    const uint32_t cycle = mix[0] + mix[1] + mix[2] + mix[3];
    const auto network = size_t(NetworkOfExotic(exotic));
    uint32_t before = 0;
    for (size_t i = 0; i < network; ++i)
        before += mix[i];
    return exotic / cycle * mix[network] + exotic % cycle - before;
}

uint32_t World::ExoticCount(ExoticNetwork network) const
{
    const auto& mix = m_config.exotic_mix;
    const uint32_t cycle = mix[0] + mix[1] + mix[2] + mix[3];
    const auto index = size_t(network);
    uint32_t before = 0;
    for (size_t i = 0; i < index; ++i)
        before += mix[i];
    const uint32_t rest = m_config.exotic % cycle;
    return m_config.exotic / cycle * mix[index] + std::min(rest - std::min(rest, before), mix[index]);
}

uint32_t World::DeadCount(DeadKind kind) const
{
    const auto silent = uint32_t(std::llround(m_config.dead_silent * m_config.dead));
    const auto unreachable =
        std::min(uint32_t(std::llround(m_config.dead_unreachable * m_config.dead)), m_config.dead - silent);
    switch (kind) {
    case DeadKind::silent: return silent;
    case DeadKind::unreachable: return unreachable;
    case DeadKind::refused: return m_config.dead - silent - unreachable;
    }
    return 0;
}

DeadKind World::DeadKindOf(uint32_t dead) const
{
    if (dead < DeadCount(DeadKind::silent)) return DeadKind::silent;
    if (dead < DeadCount(DeadKind::silent) + DeadCount(DeadKind::unreachable)) return DeadKind::unreachable;
    return DeadKind::refused;
}

std::chrono::milliseconds World::LatencyOf(uint32_t node) const
{
    return std::chrono::milliseconds{RangePick(m_config.latency, Mix(m_config.seed, STREAM_LATENCY, node))};
}

std::chrono::milliseconds World::CircuitDelayOf(uint64_t target_key) const
{
    return std::chrono::milliseconds{RangePick(m_config.socks5_delay, Mix(m_config.seed, STREAM_CIRCUIT, target_key))};
}

std::string_view TransportName(NodeTransport transport)
{
    switch (transport) {
    case NodeTransport::v1: return "v1";
    case NodeTransport::dual: return "dual";
    case NodeTransport::v2: return "v2";
    }
    return "v1";
}

NodeTransport World::TransportOf(uint32_t node) const
{
    if (IsV2Hostile(KindOf(node))) return NodeTransport::v2;
    if (KindOf(node) != NodeKind::good) return NodeTransport::v1;
    // A uniform draw in [0, 1): the first v2_only of it refuses v1, the next v2 speaks both.
    const double draw = static_cast<double>(Mix(m_config.seed, STREAM_TRANSPORT, node) >> 11) * 0x1p-53;
    if (draw < m_config.v2_only) return NodeTransport::v2;
    if (draw < m_config.v2_only + m_config.v2) return NodeTransport::dual;
    return NodeTransport::v1;
}

wire::Endpoint World::EndpointOf(uint32_t address) const
{
    if (address < TotalNodes()) return {wire::NetAddress::FromIPv4(IPv4Bytes(NodeIPv4(address))), m_config.port};
    if (address < FirstExotic()) {
        return {wire::NetAddress::FromIPv4(IPv4Bytes(NthAddress(DEAD_BASE, address - FirstDead()))), DeadPort()};
    }
    const uint32_t exotic = address - FirstExotic();
    Rng rng{Mix(m_config.seed, STREAM_EXOTIC, exotic)};
    std::array<uint8_t, 32> bytes;
    for (size_t i = 0; i < bytes.size(); i += 8) {
        const uint64_t word = rng.Next();
        for (size_t j = 0; j < 8; ++j)
            bytes[i + j] = uint8_t(word >> (8 * j));
    }
    std::array<uint8_t, 16> bytes16;
    std::copy_n(bytes.begin(), bytes16.size(), bytes16.begin());
    switch (NetworkOfExotic(exotic)) {
    case ExoticNetwork::onion: return {wire::NetAddress::FromTorV3(bytes), m_config.port};
    case ExoticNetwork::i2p: return {wire::NetAddress::FromI2p(bytes), 0};  // I2P has no ports; Core uses 0
    case ExoticNetwork::cjdns:
        bytes16[0] = wire::CJDNS_PREFIX;
        return {wire::NetAddress::FromCjdns(bytes16), m_config.port};
    case ExoticNetwork::ipv6:
        if (const uint32_t rank = RankOfExotic(exotic); rank < m_config.ipv6) {
            std::array<uint8_t, 16> loopback{};
            loopback[15] = 1;
            return {wire::NetAddress::FromIPv6(loopback), uint16_t(m_config.port + 2 + rank)};
        }
        // 2a00::/12: globally routable unicast, never IPv4-mapped, unreachable from a namespace.
        bytes16[0] = 0x2a;
        bytes16[1] &= 0x0f;
        return {wire::NetAddress::FromIPv6(bytes16), m_config.port};
    }
    return {};
}

std::optional<uint32_t> World::AliasOf(uint32_t address) const
{
    if (address < FirstExotic() || address >= AddressCount()) return std::nullopt;
    const uint32_t exotic = address - FirstExotic();
    const ExoticNetwork network = NetworkOfExotic(exotic);
    const bool reachable = network == ExoticNetwork::onion || network == ExoticNetwork::i2p ||
                           (network == ExoticNetwork::ipv6 && RankOfExotic(exotic) < m_config.ipv6);
    if (!reachable) return std::nullopt;
    return exotic % m_config.nodes;
}

uint64_t World::ServicesOf(uint32_t address) const
{
    if (address < TotalNodes()) return VersionOf(address).services;
    // A reachable exotic address is its alias node's other address: the same node, the same bits
    // (NODE_P2P_V2 included, so a crawler's first transport is the one the node speaks).
    if (const auto alias = AliasOf(address)) return VersionOf(*alias).services;
    return SERVICE_SETS[Mix(m_config.seed, STREAM_SERVICES, address) % SERVICE_SETS.size()];
}

uint32_t World::TimeOf(uint32_t address) const
{
    if (m_config.core_times) {
        const bool live = address < TotalNodes() || AliasOf(address).has_value();
        const uint64_t bits = Mix(m_config.seed, STREAM_TIME, address);
        return live ? TIME_BASE - uint32_t(bits % LIVE_TIME_SPREAD)
                    : TIME_BASE - LIVE_TIME_SPREAD - uint32_t(bits % DEAD_TIME_SPREAD);
    }
    return TIME_BASE - uint32_t(Mix(m_config.seed, STREAM_TIME, address) % TIME_SPREAD);
}

wire::AddrEntry World::EntryOf(uint32_t address, uint32_t owner) const
{
    const auto endpoint = EndpointOf(address);
    return {TimeOf(address) - owner % OWNER_TIME_SPREAD, ServicesOf(address), endpoint.address, endpoint.port};
}

std::vector<uint32_t> World::Book(uint32_t node) const
{
    std::vector<uint32_t> book;
    book.reserve(m_book_size);
    IndexSet taken{m_book_size + 1};
    taken.Insert(node);
    const auto add = [&](uint32_t address) {
        if (taken.Insert(address)) book.push_back(address);
    };
    const uint32_t nodes = m_config.nodes;
    if (node < nodes) {
        if (node + 1 < nodes) add(node + 1);
        for (uint32_t j = node; j < m_fault_nodes; j += nodes)
            add(nodes + j);
        for (uint32_t j = node; j < m_config.dead; j += nodes)
            add(FirstDead() + j);
        for (uint32_t j = node; j < m_config.exotic; j += nodes)
            add(FirstExotic() + j);
    }
    Rng rng{Mix(m_config.seed, STREAM_BOOK, node)};
    while (book.size() < m_book_size)
        add(uint32_t(rng.Below(AddressCount())));
    // Core answers getaddr in random order; a shuffle also spreads the mandatory entries.
    for (size_t i = book.size(); i > 1; --i)
        std::swap(book[i - 1], book[rng.Below(i)]);
    return book;
}

}  // namespace sim
