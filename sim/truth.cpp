// Why this file exists: see truth.h. Output goes through one fmt buffer flushed in large blocks,
// so writing 20 million book indices costs about as much as generating them.
#include "sim/truth.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

namespace sim {
namespace {

constexpr size_t FLUSH_SIZE = 1 << 20;

// What a crawler following SPEC §2 records for a node of each kind (docs/btcsim.md explains).
constexpr std::array<std::pair<NodeKind, std::string_view>, 10> EXPECTED_OUTCOMES = {{
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
}};

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

// Every string written here is ASCII without quotes or backslashes (addresses, fixed user agents,
// chain names), so it needs no escaping.
void WriteIndexList(TruthFile& out, std::string_view key, uint32_t first, uint32_t count)
{
    out.Write("\"{}\":[", key);
    for (uint32_t i = 0; i < count; ++i) out.Write("{}{}", i ? "," : "", first + i);
    out.Write("]");
}

}  // namespace

void WriteTruth(const World& world, const wire::ChainParams& chain, const std::string& path)
{
    const Config& config = world.GetConfig();
    TruthFile out{path};
    out.Write("{{\"format\":\"btcsim-truth-1\",\"chain\":\"{}\",\"magic\":\"{}\",\"port\":{},\"dead_port\":{},",
              chain.name, wire::HexStr(chain.magic), config.port, world.DeadPort());
    out.Write("\"seed\":{},\"book\":{},\"book_size\":{},\"answer_size\":{},\"owner_time_spread\":3600,\n", config.seed,
              config.book, world.BookSize(), world.AnswerSize());
    out.Write("\"counts\":{{\"good\":{},\"fault\":{},\"dead\":{},\"exotic\":{},\"addresses\":{}}},\n", world.GoodNodes(),
              world.FaultNodes(), config.dead, config.exotic, world.AddressCount());
    out.Write("\"expected_outcomes\":{{");
    for (size_t i = 0; i < EXPECTED_OUTCOMES.size(); ++i) {
        out.Write("{}\"{}\":\"{}\"", i ? "," : "", KindName(EXPECTED_OUTCOMES[i].first), EXPECTED_OUTCOMES[i].second);
    }
    out.Write("}},\n\"addresses\":[\n");
    for (uint32_t address = 0; address < world.AddressCount(); ++address) {
        const auto endpoint = world.EndpointOf(address);
        out.Write("{}{{\"host\":\"{}\",\"port\":{},\"network\":\"{}\",\"services\":{},\"time\":{}}}", address ? ",\n" : "",
                  endpoint.address.ToString(), endpoint.port, wire::NetworkName(endpoint.address.GetNetwork()),
                  world.ServicesOf(address), world.TimeOf(address));
    }
    out.Write("],\n\"nodes\":[\n");
    for (uint32_t node = 0; node < world.TotalNodes(); ++node) {
        const auto fields = world.VersionOf(node);
        const auto endpoint = world.EndpointOf(node);
        out.Write("{}{{\"index\":{},\"host\":\"{}\",\"port\":{},\"kind\":\"{}\",\"version\":{},\"services\":{},"
                  "\"user_agent\":\"{}\",\"start_height\":{},\"nonce\":{},\"relay\":{},\"book\":[",
                  node ? ",\n" : "", node, endpoint.address.ToString(), endpoint.port, KindName(world.KindOf(node)),
                  fields.version, fields.services, fields.user_agent, fields.start_height, fields.nonce, fields.relay);
        const auto book = world.Book(node);
        for (size_t i = 0; i < book.size(); ++i) out.Write("{}{}", i ? "," : "", book[i]);
        out.Write("]}}");
    }
    out.Write("],\n");
    WriteIndexList(out, "dead", world.FirstDead(), config.dead);
    out.Write(",\n");
    WriteIndexList(out, "exotic", world.FirstExotic(), config.exotic);
    out.Write("}}\n");
    out.Close();
}

}  // namespace sim
