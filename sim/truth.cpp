// Why this file exists: see truth.h. Output goes through one fmt buffer flushed in large blocks,
// so writing 20 million book indices costs about as much as generating them.
#include "sim/truth.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

namespace sim {
namespace {

constexpr size_t FLUSH_SIZE = 1 << 20;

// What a crawler following docs/spec.md §2 records for a node of each kind (docs/btcsim.md explains).
constexpr std::array<std::pair<NodeKind, std::string_view>, 28> EXPECTED_OUTCOMES = {{
    {NodeKind::good, "ok"},
    {NodeKind::silent, "handshake_timeout"},
    {NodeKind::hangup, "peer_closed"},
    {NodeKind::garbage, "protocol_error"},
    {NodeKind::badmagic, "protocol_error"},
    {NodeKind::badchecksum, "protocol_error"},
    {NodeKind::oversize, "protocol_error"},
    {NodeKind::slow, "ok"},
    {NodeKind::noaddr, "no_addr"},
    {NodeKind::flood, "ok"},
    {NodeKind::latehangup, "peer_closed"},
    {NodeKind::trickle, "handshake_timeout"},
    {NodeKind::addr1001, "protocol_error"},
    {NodeKind::addrv2badlen, "protocol_error"},
    {NodeKind::addrv2unknown, "ok"},
    {NodeKind::addrflood, "protocol_error"},
    {NodeKind::chatter, "no_addr"},
    {NodeKind::stall, "no_addr"},
    {NodeKind::dupaddr, "ok"},
    {NodeKind::longagent, "protocol_error"},
    {NodeKind::badagent, "ok"},
    {NodeKind::addrbulk, "ok"},
    {NodeKind::splitaddr, "ok"},
    {NodeKind::v2garbage, "protocol_error"},
    {NodeKind::v2badtag, "protocol_error"},
    {NodeKind::v2decoys, "handshake_timeout"},
    {NodeKind::v2silent, "handshake_timeout"},
    {NodeKind::v2badmagic, "handshake_timeout"},
}};

// Whether a node of `kind` exists in this network's mix (good always does).
bool InMix(const Config& config, NodeKind kind)
{
    return kind == NodeKind::good ||
           std::find(config.fault_kinds.begin(), config.fault_kinds.end(), kind) != config.fault_kinds.end();
}

// The JSON fields of a user agent: as text when it needs no escaping, else as hex (badagent's
// invalid UTF-8 cannot be a JSON string).
std::string AgentFields(std::string_view agent)
{
    const bool plain =
        std::all_of(agent.begin(), agent.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) return fmt::format("\"user_agent\":\"{}\"", agent);
    const wire::ByteSpan bytes{reinterpret_cast<const uint8_t*>(agent.data()), agent.size()};
    return fmt::format("\"user_agent\":null,\"user_agent_hex\":\"{}\"", wire::HexStr(bytes));
}

class TruthFile {
public:
    explicit TruthFile(const std::string& path) : m_path{path}, m_file{std::fopen(path.c_str(), "wb")}
    {
        if (!m_file) Fail();
    }
    ~TruthFile()
    {
        if (m_file) std::fclose(m_file);
    }
    TruthFile(const TruthFile&) = delete;
    TruthFile& operator=(const TruthFile&) = delete;

    template <typename... Args>
    void Write(fmt::format_string<Args...> format, Args&&... args)
    {
        fmt::format_to(std::back_inserter(m_buffer), format, std::forward<Args>(args)...);
        if (m_buffer.size() >= FLUSH_SIZE) Flush();
    }
    void Close()
    {
        Flush();
        const int result = std::fclose(m_file);
        m_file = nullptr;
        if (result != 0) Fail();
    }

private:
    void Flush()
    {
        if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size()) Fail();
        m_buffer.clear();
    }
    [[noreturn]] void Fail() const
    {
        throw std::runtime_error{fmt::format("cannot write truth file {}: {}", m_path, std::strerror(errno))};
    }

    std::string m_path;
    std::FILE* m_file;
    fmt::memory_buffer m_buffer;
};

// Every other string written here is ASCII without quotes or backslashes (addresses, chain
// names), so it needs no escaping.
void WriteIndexList(TruthFile& out, std::string_view key, uint32_t first, uint32_t count)
{
    out.Write("\"{}\":[", key);
    for (uint32_t i = 0; i < count; ++i)
        out.Write("{}{}", i ? "," : "", first + i);
    out.Write("]");
}

// Each dead kind's run of addresses as a first-last pair of IPv4 texts, what an nftables
// `ip daddr FIRST-LAST` rule takes; a kind with no addresses is left out.
void WriteDeadRanges(TruthFile& out, const World& world)
{
    out.Write("\"dead_ranges\":{{");
    uint32_t dead = 0;
    bool first = true;
    for (const DeadKind kind : {DeadKind::silent, DeadKind::unreachable, DeadKind::refused}) {
        const uint32_t count = world.DeadCount(kind);
        if (count == 0) continue;
        const auto host = [&](uint32_t index) {
            return world.EndpointOf(world.FirstDead() + index).address.ToString();
        };
        out.Write("{}\"{}\":{{\"first\":\"{}\",\"last\":\"{}\",\"count\":{}}}", first ? "" : ",", DeadKindName(kind),
                  host(dead), host(dead + count - 1), count);
        dead += count;
        first = false;
    }
    out.Write("}},\n");
}

// A node's schedule under --churn; period_s and at_s are 0 for the kinds without them.
std::string ChurnFields(const ChurnSchedule& schedule)
{
    return fmt::format("\"churn\":{{\"kind\":\"{}\",\"period_s\":{},\"at_s\":{}}},", ChurnKindName(schedule.kind),
                       schedule.period_seconds, schedule.at_seconds);
}

}  // namespace

void WriteTruth(const World& world, const wire::ChainParams& chain, const std::string& path,
                const std::optional<ChurnClock>& churn)
{
    const Config& config = world.GetConfig();
    TruthFile out{path};
    out.Write("{{\"format\":\"btcsim-truth-1\",\"chain\":\"{}\",\"magic\":\"{}\",\"port\":{},\"dead_port\":{},",
              chain.name, wire::HexStr(chain.magic), config.port, world.DeadPort());
    out.Write("\"seed\":{},\"book\":{},\"book_size\":{},\"answer_size\":{},\"owner_time_spread\":3600,\n", config.seed,
              config.book, world.BookSize(), world.AnswerSize());
    out.Write("\"counts\":{{\"good\":{},\"fault\":{},\"dead\":{},\"exotic\":{},\"addresses\":{}}},\n",
              world.GoodNodes(), world.FaultNodes(), config.dead, config.exotic, world.AddressCount());
    // Only the kinds this network has, so a test can check that every listed kind took part.
    out.Write("\"expected_outcomes\":{{");
    bool first = true;
    for (const auto& [kind, outcome] : EXPECTED_OUTCOMES) {
        if (!InMix(config, kind)) continue;
        out.Write("{}\"{}\":\"{}\"", first ? "" : ",", KindName(kind), outcome);
        first = false;
    }
    out.Write("}},\n");
    if (churn) {
        out.Write("\"churn\":{{\"time_scale\":{},\"started_at_ms\":{}}},\n", churn->TimeScale(), churn->StartedAtMs());
    }
    out.Write("\"addresses\":[\n");
    for (uint32_t address = 0; address < world.AddressCount(); ++address) {
        const auto endpoint = world.EndpointOf(address);
        out.Write("{}{{\"host\":\"{}\",\"port\":{},\"network\":\"{}\",\"services\":{},\"time\":{}}}",
                  address ? ",\n" : "", endpoint.address.ToString(), endpoint.port,
                  wire::NetworkName(endpoint.address.GetNetwork()), world.ServicesOf(address), world.TimeOf(address));
    }
    out.Write("],\n\"nodes\":[\n");
    for (uint32_t node = 0; node < world.TotalNodes(); ++node) {
        const auto fields = world.VersionOf(node);
        const auto endpoint = world.EndpointOf(node);
        out.Write(
            "{}{{\"index\":{},\"host\":\"{}\",\"port\":{},\"kind\":\"{}\",\"transport\":\"{}\",\"version\":{},"
            "\"services\":{},"
            "{},\"start_height\":{},\"nonce\":{},\"relay\":{},{}\"book\":[",
            node ? ",\n" : "", node, endpoint.address.ToString(), endpoint.port, KindName(world.KindOf(node)),
            TransportName(world.TransportOf(node)), fields.version, fields.services, AgentFields(fields.user_agent),
            fields.start_height, fields.nonce, fields.relay,
            churn ? ChurnFields(ChurnOf(config.seed, node)) : std::string{});
        const auto book = world.Book(node);
        for (size_t i = 0; i < book.size(); ++i)
            out.Write("{}{}", i ? "," : "", book[i]);
        out.Write("]}}");
    }
    out.Write("],\n");
    WriteIndexList(out, "dead", world.FirstDead(), config.dead);
    out.Write(",\n");
    WriteDeadRanges(out, world);
    WriteIndexList(out, "exotic", world.FirstExotic(), config.exotic);
    out.Write("}}\n");
    out.Close();
}

}  // namespace sim
