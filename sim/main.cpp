// Why this file exists: btcsim's command line (docs/spec.md §5). It builds the World, writes the truth
// file, opens the listeners, prints READY and serves until SIGINT/SIGTERM, on one thread.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address_v4.hpp>
#include <asio/signal_set.hpp>

#include "sim/counters.h"
#include "sim/networks.h"
#include "sim/server.h"
#include "sim/truth.h"
#include "sim/world.h"
#include "wire/chain.h"

namespace {

int Fail(const std::string& message)
{
    std::cerr << "btcsim: " << message << '\n';
    return 1;
}

int64_t UnixMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// --counters: the file is written before READY, on each SIGUSR1 and at exit.
class CountersFile {
public:
    CountersFile(asio::io_context& io, const sim::World& world, const sim::Server& server, std::string path)
        : m_world{world}, m_server{server}, m_path{std::move(path)}, m_signal{io, SIGUSR1}
    {
        Write();
        Arm();
    }
    void Write() const { sim::WriteFileAtomically(m_path, sim::CountersJson(m_world, m_server.Counters(), UnixMs())); }

private:
    void Arm()
    {
        m_signal.async_wait([this](const std::error_code& error, int) {
            if (error) return;
            try {
                Write();
            } catch (const std::runtime_error& failure) {
                std::cerr << "btcsim: " << failure.what() << '\n';
            }
            Arm();
        });
    }

    const sim::World& m_world;
    const sim::Server& m_server;
    std::string m_path;
    asio::signal_set m_signal;
};

}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"btcsim: a simulated Bitcoin network on loopback (docs/btcsim.md)", "btcsim"};
    sim::Config config;
    std::string base = "127.10.0.1";
    std::string chain_name = "regtest";
    std::string truth_path;
    uint16_t port = 0;
    uint16_t socks5_port = 0;
    uint16_t sam_port = 0;
    std::vector<std::string> fault_kind_names;
    std::vector<uint32_t> exotic_mix;
    std::string latency;
    std::string socks5_delay;
    bool churn = false;
    double time_scale = 1.0;
    std::string counters_path;
    app.add_option("--nodes", config.nodes, "reachable virtual nodes")->required();
    app.add_option("--base", base, "address of node 0 (default 127.10.0.1)");
    app.add_option("--port", port, "port of every node (default: the chain's, 18444 for regtest)");
    app.add_option("--chain", chain_name, "mainnet, testnet3, testnet4, signet or regtest (default)");
    app.add_option("--book", config.book, "entries in each node's address book (default 1000)");
    app.add_option("--dead", config.dead, "distinct dead addresses in 127.200.0.0/16 (default 0)");
    app.add_option("--exotic", config.exotic, "distinct Tor v3, I2P, CJDNS and IPv6 addresses (default 0)");
    app.add_option("--faults", config.faults, "share of --nodes added as misbehaving nodes (default 0)");
    app.add_option("--fault-kinds", fault_kind_names,
                   "kinds the fault nodes take in turn (default: the nine of docs/spec.md §5; docs/btcsim.md)")
        ->delimiter(',');
    app.add_option("--v2", config.v2, "share of --nodes that speak BIP324 v2 and v1 and advertise it (default 0.8)");
    app.add_option("--v2-only", config.v2_only, "share of --nodes that speak only BIP324 v2 (default 0)");
    app.add_option("--seed", config.seed, "seed of every random choice (default 1)");
    app.add_option("--truth", truth_path, "write the network's truth as JSON to this file");
    app.add_option("--ipv6", config.ipv6, "exotic IPv6 addresses made reachable on [::1] (default 0)");
    app.add_option("--socks5", socks5_port, "play Tor's SOCKS5 port on 127.0.0.1:PORT for the onion nodes");
    app.add_option("--sam", sam_port, "play an I2P SAM v3.1 bridge on 127.0.0.1:PORT for the I2P nodes");
    app.add_option("--exotic-mix", exotic_mix,
                   "ONION,I2P,CJDNS,IPV6: how many of each every cycle of exotic addresses holds (default 1,1,1,1)")
        ->delimiter(',')
        ->expected(4);
    app.add_option("--dead-silent", config.dead_silent, "share of --dead whose SYNs the harness drops (default 0)");
    app.add_option("--dead-unreachable", config.dead_unreachable,
                   "share of --dead the harness rejects with ICMP net-unreachable (default 0)");
    app.add_option("--latency", latency, "MIN-MAX ms each node waits before each reply, per node (default 0)");
    app.add_option("--socks5-delay", socks5_delay, "MIN-MAX ms the SOCKS5 proxy takes per circuit (default 0)");
    app.add_flag("--core-times", config.core_times, "entry times as Core keeps them: live < 1 day, dead 1-29 days");
    auto* churn_flag = app.add_flag("--churn", churn, "nodes go up and down on schedules from the seed");
    app.add_option("--time-scale", time_scale, "simulated seconds per wall second under --churn (default 1)")
        ->needs(churn_flag);
    app.add_option("--counters", counters_path,
                   "write per-node connection, version and getaddr counts to this file on SIGUSR1 and at exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        return Fail(error.what());
    }

    if (!fault_kind_names.empty()) {
        config.fault_kinds.clear();
        for (const auto& name : fault_kind_names) {
            const auto kind = sim::FaultKindFromName(name);
            if (!kind) return Fail("--fault-kinds: unknown kind " + name);
            config.fault_kinds.push_back(*kind);
        }
    }

    if (!exotic_mix.empty()) std::copy(exotic_mix.begin(), exotic_mix.end(), config.exotic_mix.begin());
    for (const auto& [name, text, range] : {std::tuple{"--latency", &latency, &config.latency},
                                            std::tuple{"--socks5-delay", &socks5_delay, &config.socks5_delay}}) {
        if (text->empty()) continue;
        const auto parsed = sim::ParseRange(*text);
        if (!parsed) return Fail(std::string{name} + ": not MIN-MAX milliseconds: " + *text);
        *range = *parsed;
    }

    if (!(time_scale > 0) || !std::isfinite(time_scale)) {
        return Fail("--time-scale: must be a number of simulated seconds per second above 0: " +
                    fmt::format("{}", time_scale));
    }
    const wire::ChainParams* chain = wire::FindChain(chain_name);
    if (chain == nullptr) return Fail("--chain: unknown chain " + chain_name);
    std::error_code address_error;
    const auto base_address = asio::ip::make_address_v4(base, address_error);
    if (address_error) return Fail("--base: not an IPv4 address: " + base);
    config.base = base_address.to_uint();
    config.port = port != 0 ? port : chain->default_port;

    try {
        const sim::World world{config};
        // Simulated time 0: the truth file gives its wall-clock time.
        const auto churn_clock = churn ? std::optional{sim::ChurnClock{time_scale}} : std::nullopt;
        if (!truth_path.empty()) sim::WriteTruth(world, *chain, truth_path, churn_clock);

        asio::io_context io{1};
        sim::Server server{io, world, chain->magic, churn_clock};
        // A down node must refuse, which a listener shared by all nodes cannot: churn listens per node.
        const bool wildcard = !churn && sim::OnlyLoopbackInterface();
        if (!wildcard && !churn) {
            std::cerr << "btcsim: not in a private network namespace (interfaces other than lo): one listener per "
                         "node, so --nodes is limited by the open-file limit; run under `unshare -n` for more\n";
        }
        server.Listen(wildcard);
        server.Start();
        sim::Networks networks{io, world, chain->magic};
        if (config.ipv6 > 0) networks.ListenIPv6();
        if (socks5_port != 0) networks.ListenSocks5(socks5_port);
        if (sam_port != 0) networks.ListenSam(sam_port);
        asio::signal_set signals{io, SIGINT, SIGTERM};
        signals.async_wait([&](const std::error_code&, int) { io.stop(); });
        std::optional<CountersFile> counters;
        if (!counters_path.empty()) counters.emplace(io, world, server, counters_path);

        std::cerr << "btcsim: " << world.GoodNodes() << " good + " << world.FaultNodes() << " fault nodes from " << base
                  << " port " << config.port << (wildcard ? " (one wildcard listener)" : "")
                  << (churn ? " (churn)" : "") << '\n';
        std::cout << "READY " << world.GoodNodes() << std::endl;
        io.run();
        if (counters) counters->Write();
        return 0;
    } catch (const sim::UsageError& error) {
        return Fail(error.what());
    } catch (const std::system_error& error) {
        return Fail(error.what());
    } catch (const std::runtime_error& error) {
        return Fail(error.what());
    }
}
