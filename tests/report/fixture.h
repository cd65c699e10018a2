#pragma once
// Why this file exists: every report test reads the same database of KNOWN content, written
// through store::Database (never hand-written SQL, which would drift from the schema). The
// expected numbers of each test are derived from the comments below. Header-only because the
// test glob compiles only *_test.cpp files.
//
// Crawl 1 (finished, the older): reachable 127.0.0.1 (/Satoshi:26.0.0/, height 799000),
// 127.0.0.2 (/Satoshi:0.21.0/, 800010) and 10.0.0.1:8333.
// Crawl 2 (finished, the newest), learned addresses 1–7:
//   1 127.0.0.1:18444   ok; version 70016, services 1033, /Satoshi:27.0.0/, height 800000;
//                       an addr of 1 entry (itself), then an addr of 3 entries -> advertised 4
//   2 127.0.0.2:18444   attempt 1 connect_timeout, attempt 2 ok; 70015, services 9,
//                       /Satoshi:0.21.0/, 800010; an addr of 2 entries
//   3 127.0.0.10:18444  no_addr; 70016, 1033, a user agent with invalid UTF-8, a control
//                       character, a comma and quotes; height 799990
//   4 [::1]:18444       ok; 70016, 1033, /Satoshi:27.0.0/, 800005; an addrv2 declaring 5
//                       entries of which 1 is on a network the schema stores
//   5 127.200.0.1:18444 attempt 1 refused, attempt 2 unreachable
//   6 <onion>:18444     handshake recorded, version payload that did not decode
//   7 10.0.0.1:8333     learned, never dialed
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "report/run.h"
#include "store/database.h"
#include "store/reliability.h"
#include "wire/address.h"

namespace report::test {

constexpr int64_t BASE = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC
constexpr const char* ONION = "aeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaea37ead.onion";
constexpr const char* ODD_AGENT =
    "/bad\xff\x01"
    "agent,\"q\"/";
constexpr const char* ODD_AGENT_PRINTED = "/bad\\xFF\\x01agent,\"q\"/";

// A fresh temporary folder per test, removed afterwards.
class TempFolder {
public:
    TempFolder()
    {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path() / ("report-test-" + std::to_string(random()));
        std::filesystem::create_directories(m_path);
    }
    ~TempFolder() { std::filesystem::remove_all(m_path); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const std::filesystem::path& Path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

inline wire::Endpoint V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    return {wire::NetAddress::FromIPv4({a, b, c, d}), port};
}

// Writes rows with ids it hands out itself, as the crawl engine does.
class Builder {
public:
    explicit Builder(const std::filesystem::path& path) : m_db(path, store::OpenMode::create_new) {}

    store::Database& Db() { return m_db; }

    int64_t Address(const wire::Endpoint& endpoint)
    {
        store::Batch batch;
        batch.addresses.push_back({m_next_address, endpoint, BASE});
        m_db.WriteBatch(batch);
        return m_next_address++;
    }

    void Learn(int64_t crawl_id, int64_t address_id)
    {
        store::Batch batch;
        batch.crawl_addresses.push_back({crawl_id, address_id, BASE});
        m_db.WriteBatch(batch);
    }

    struct Version {
        int32_t version;
        uint64_t services;
        std::string user_agent;
        int32_t height;
        uint64_t nonce{0};
    };
    struct Addr {
        std::string command;
        uint32_t entry_count;
        std::vector<int64_t> entries;  // address ids of the entries the store keeps
    };
    // One connection; times relative to `base`, nullopt for a step never reached. A version of
    // nullopt with `undecodable_version` stores a raw payload that did not decode.
    void Connection(int64_t crawl_id, int64_t address_id, int attempt, int64_t started,
                    std::optional<int64_t> connected, std::optional<int64_t> handshake, int64_t finished,
                    store::Outcome outcome, std::optional<Version> version = std::nullopt, std::vector<Addr> addrs = {},
                    bool undecodable_version = false, int64_t base = BASE)
    {
        const auto at = [&](std::optional<int64_t> offset) -> std::optional<int64_t> {
            if (!offset) return std::nullopt;
            return base + *offset;
        };
        store::ConnectionRecord record;
        record.id = m_next_connection++;
        record.crawl_id = crawl_id;
        record.address_id = address_id;
        record.attempt = attempt;
        record.started_at = base + started;
        record.connected_at = at(connected);
        record.handshake_at = at(handshake);
        record.finished_at = base + finished;
        record.outcome = outcome;
        if (outcome != store::Outcome::ok) record.error = std::string(store::OutcomeName(outcome));
        if (version) {
            wire::VersionMessage parsed;
            parsed.version = version->version;
            parsed.services = version->services;
            parsed.user_agent = version->user_agent;
            parsed.start_height = version->height;
            parsed.nonce = version->nonce;
            record.version = store::VersionRow{*record.connected_at + 5, wire::Bytes{1, 2, 3}, parsed};
        } else if (undecodable_version) {
            record.version = store::VersionRow{*record.connected_at + 5, wire::Bytes{0xde, 0xad}, std::nullopt};
        }
        for (const auto& addr : addrs) {
            store::AddrMessageRow message;
            message.id = m_next_message++;
            message.received_at = base + finished - 1;
            message.command = addr.command;
            message.raw = wire::Bytes{static_cast<uint8_t>(addr.entry_count)};
            message.entry_count = addr.entry_count;
            for (const auto entry : addr.entries)
                message.entries.push_back({entry, 1'700'000'000, 1});
            record.addr_messages.push_back(std::move(message));
        }
        store::Batch batch;
        batch.connections.push_back(std::move(record));
        m_db.WriteBatch(batch);
    }

private:
    store::Database m_db;
    int64_t m_next_address{1};
    int64_t m_next_connection{1};
    int64_t m_next_message{1};
};

constexpr uint64_t WITNESS_NODE = 1033;  // NODE_NETWORK | NODE_WITNESS | NODE_NETWORK_LIMITED
// The newest crawl reaches one node twice, at 127.0.0.1 and at [::1]: the same nonce (top bit set,
// to check it is not read as a negative number).
constexpr uint64_t SAME_NODE_NONCE = 0x8000000000000077ULL;

// The database described at the top of this file; returns its path.
inline std::filesystem::path BuildKnownDatabase(const std::filesystem::path& folder,
                                                const std::string& name = "crawl-20231114T221320Z.sqlite")
{
    using store::Outcome;
    const auto path = folder / name;
    Builder builder(path);
    const int64_t a1 = builder.Address(V4(127, 0, 0, 1, 18444));
    const int64_t a2 = builder.Address(V4(127, 0, 0, 2, 18444));
    const int64_t a3 = builder.Address(V4(127, 0, 0, 10, 18444));
    std::array<uint8_t, 16> loopback{};
    loopback[15] = 1;
    const int64_t a4 = builder.Address({wire::NetAddress::FromIPv6(loopback), 18444});
    const int64_t a5 = builder.Address(V4(127, 200, 0, 1, 18444));
    std::array<uint8_t, 32> onion_key;
    onion_key.fill(1);
    const int64_t a6 = builder.Address({wire::NetAddress::FromTorV3(onion_key), 18444});
    const int64_t a7 = builder.Address(V4(10, 0, 0, 1, 8333));

    const int64_t older = builder.Db().StartCrawl("regtest", "{}", BASE - 100'000);
    for (const auto address : {a1, a2, a7})
        builder.Learn(older, address);
    builder.Connection(older, a1, 1, -99'000, -98'990, -98'970, -98'000, Outcome::ok,
                       Builder::Version{70016, WITNESS_NODE, "/Satoshi:26.0.0/", 799000});
    builder.Connection(older, a2, 1, -99'000, -98'990, -98'970, -98'000, Outcome::ok,
                       Builder::Version{70015, 9, "/Satoshi:0.21.0/", 800010});
    builder.Connection(older, a7, 1, -99'000, -98'990, -98'970, -98'000, Outcome::ok,
                       Builder::Version{70016, 1, "/Satoshi:25.0.0/", 798000});
    builder.Db().FinishCrawl(older, store::CrawlEnd::exhausted, BASE - 50'000);

    const int64_t newest = builder.Db().StartCrawl("regtest", "{}", BASE);
    for (const auto address : {a1, a2, a3, a4, a5, a6, a7})
        builder.Learn(newest, address);
    builder.Connection(newest, a1, 1, 1000, 1010, 1030, 2000, Outcome::ok,
                       Builder::Version{70016, WITNESS_NODE, "/Satoshi:27.0.0/", 800000, SAME_NODE_NONCE},
                       {{"addr", 1, {a1}}, {"addr", 3, {a2, a3, a5}}});
    builder.Connection(newest, a2, 1, 1000, std::nullopt, std::nullopt, 6000, Outcome::connect_timeout);
    builder.Connection(newest, a2, 2, 7000, 7005, 7020, 8000, Outcome::ok,
                       Builder::Version{70015, 9, "/Satoshi:0.21.0/", 800010}, {{"addr", 2, {a1, a3}}});
    builder.Connection(newest, a3, 1, 2000, 2003, 2050, 12000, Outcome::no_addr,
                       Builder::Version{70016, WITNESS_NODE, ODD_AGENT, 799990});
    builder.Connection(newest, a4, 1, 3000, 3001, 3004, 4000, Outcome::ok,
                       Builder::Version{70016, WITNESS_NODE, "/Satoshi:27.0.0/", 800005, SAME_NODE_NONCE},
                       {{"addrv2", 5, {a6}}});
    builder.Connection(newest, a5, 1, 1000, std::nullopt, std::nullopt, 1001, Outcome::refused);
    builder.Connection(newest, a5, 2, 9000, std::nullopt, std::nullopt, 9002, Outcome::unreachable);
    builder.Connection(newest, a6, 1, 5000, 5100, 5300, 6000, Outcome::ok, std::nullopt, {}, true);
    builder.Db().FinishCrawl(newest, store::CrawlEnd::exhausted, BASE + 60'500);
    return path;
}

// What `btccrawl report` / `btccrawl export` print for a request, through the CLI's entry points.
// A monitor run of three rounds over 127.0.0.1 (a), 127.0.0.2 (b), 127.0.0.3 (c) and [::1] (d).
// Round 1: a and b up, c full. Round 2: a up, b down, c full. Round 3: a and b up (b came back),
// d (IPv6) joins, c down.
inline std::filesystem::path BuildMonitorDatabase(const std::filesystem::path& folder,
                                                  const std::string& name = "monitor.sqlite")
{
    using store::Outcome;
    const auto path = folder / name;
    Builder builder(path);
    const int64_t a = builder.Address(V4(127, 0, 0, 1, 18444));
    const int64_t b = builder.Address(V4(127, 0, 0, 2, 18444));
    const int64_t c = builder.Address(V4(127, 0, 0, 3, 18444));
    std::array<uint8_t, 16> loopback{};
    loopback[15] = 1;
    const int64_t d = builder.Address({wire::NetAddress::FromIPv6(loopback), 18444});
    const Builder::Version version{70016, WITNESS_NODE, "/Satoshi:27.0.0/", 800000};
    const int64_t run = store::StartMonitorRun(builder.Db(), "{}", BASE);
    const auto up_saying = [&](int64_t crawl, int64_t address, int64_t base, const Builder::Version& said) {
        builder.Connection(crawl, address, 1, 0, 10, 20, 100, Outcome::ok, said, {}, false, base);
    };
    const auto up = [&](int64_t crawl, int64_t address, int64_t base) { up_saying(crawl, address, base, version); };
    const auto full = [&](int64_t crawl, int64_t address, int64_t base) {
        builder.Connection(crawl, address, 1, 0, 10, std::nullopt, 20, Outcome::peer_closed, std::nullopt, {}, false,
                           base);
    };
    const auto down = [&](int64_t crawl, int64_t address, int64_t base) {
        builder.Connection(crawl, address, 1, 0, std::nullopt, std::nullopt, 20, Outcome::refused, std::nullopt, {},
                           false, base);
    };
    for (int64_t round = 1; round <= 3; ++round) {
        const int64_t base = BASE + (round - 1) * 600'000;
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", base);
        store::AddMonitorRound(builder.Db(), run, crawl, round);
        up(crawl, a, base);
        if (round == 2) {
            down(crawl, b, base);
        } else {
            up(crawl, b, base);
        }
        if (round == 3) {  // d: an older agent, over BIP324
            down(crawl, c, base);
            up_saying(crawl, d, base, {70015, WITNESS_NODE, "/Satoshi:26.0.0/", 800000});
            builder.Db().Sql().exec(fmt::format(
                "UPDATE connections SET transport = 'v2' WHERE crawl_id = {} AND address_id = {}", crawl, d));
        } else {
            full(crawl, c, base);
        }
        store::UpdateReliability(builder.Db(), crawl);
    }
    return path;
}

inline std::string ReportOutput(const ReportRequest& request)
{
    std::ostringstream out;
    RunReport(request, out);
    return out.str();
}

inline std::string ExportOutput(const ExportRequest& request)
{
    std::ostringstream out;
    RunExport(request, out);
    return out.str();
}

}  // namespace report::test
