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

// What the command line says, before it is checked.
struct Options {
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
};

void DeclareOptions(CLI::App& app, Options& options)
{
    sim::Config& config = options.config;
    app.add_option("--nodes", config.nodes, "reachable virtual nodes")->required();
    app.add_option("--base", options.base, "address of node 0 (default 127.10.0.1)");
    app.add_option("--port", options.port, "port of every node (default: the chain's, 18444 for regtest)");
    app.add_option("--chain", options.chain_name, "mainnet, testnet3, testnet4, signet or regtest (default)");
    app.add_option("--book", config.book, "entries in each node's address book (default 1000)");
    app.add_option("--dead", config.dead, "distinct dead addresses in 127.200.0.0/16 (default 0)");
    app.add_option("--exotic", config.exotic, "distinct Tor v3, I2P, CJDNS and IPv6 addresses (default 0)");
    app.add_option("--faults", config.faults, "share of --nodes added as misbehaving nodes (default 0)");
    app.add_option("--fault-kinds", options.fault_kind_names,
                   "kinds the fault nodes take in turn (default: the nine of docs/spec.md §5; docs/btcsim.md)")
        ->delimiter(',');
    app.add_option("--v2", config.v2, "share of --nodes that speak BIP324 v2 and v1 and advertise it (default 0.8)");
    app.add_option("--v2-only", config.v2_only, "share of --nodes that speak only BIP324 v2 (default 0)");
    app.add_option("--seed", config.seed, "seed of every random choice (default 1)");
    app.add_option("--truth", options.truth_path, "write the network's truth as JSON to this file");
    app.add_option("--ipv6", config.ipv6, "exotic IPv6 addresses made reachable on [::1] (default 0)");
    app.add_option("--socks5", options.socks5_port, "play Tor's SOCKS5 port on 127.0.0.1:PORT for the onion nodes");
    app.add_option("--sam", options.sam_port, "play an I2P SAM v3.1 bridge on 127.0.0.1:PORT for the I2P nodes");
    app.add_option("--exotic-mix", options.exotic_mix,
                   "ONION,I2P,CJDNS,IPV6: how many of each every cycle of exotic addresses holds (default 1,1,1,1)")
        ->delimiter(',')
        ->expected(4);
    app.add_option("--dead-silent", config.dead_silent, "share of --dead whose SYNs the harness drops (default 0)");
    app.add_option("--dead-unreachable", config.dead_unreachable,
                   "share of --dead the harness rejects with ICMP net-unreachable (default 0)");
    app.add_option("--latency", options.latency, "MIN-MAX ms each node waits before each reply, per node (default 0)");
    app.add_option("--socks5-delay", options.socks5_delay, "MIN-MAX ms the SOCKS5 proxy takes per circuit (default 0)");
    app.add_flag("--core-times", config.core_times, "entry times as Core keeps them: live < 1 day, dead 1-29 days");
    auto* churn_flag = app.add_flag("--churn", options.churn, "nodes go up and down on schedules from the seed");
    app.add_option("--time-scale", options.time_scale, "simulated seconds per wall second under --churn (default 1)")
        ->needs(churn_flag);
    app.add_option("--counters", options.counters_path,
                   "write per-node connection, version and getaddr counts to this file on SIGUSR1 and at exit");
}

// Checks the texts and completes options.config from them; returns the chain. Throws
// sim::UsageError.
const wire::ChainParams& Complete(Options& options)
{
    sim::Config& config = options.config;
    if (!options.fault_kind_names.empty()) {
        config.fault_kinds.clear();
        for (const auto& name : options.fault_kind_names) {
            const auto kind = sim::FaultKindFromName(name);
            if (!kind) throw sim::UsageError{"--fault-kinds: unknown kind " + name};
            config.fault_kinds.push_back(*kind);
        }
    }
    const auto& mix = options.exotic_mix;
    if (!mix.empty()) std::copy(mix.begin(), mix.end(), config.exotic_mix.begin());
    for (const auto& [name, text, range] :
         {std::tuple{"--latency", &options.latency, &config.latency},
          std::tuple{"--socks5-delay", &options.socks5_delay, &config.socks5_delay}}) {
        if (text->empty()) continue;
        const auto parsed = sim::ParseRange(*text);
        if (!parsed) throw sim::UsageError{std::string{name} + ": not MIN-MAX milliseconds: " + *text};
        *range = *parsed;
    }
    if (!(options.time_scale > 0) || !std::isfinite(options.time_scale)) {
        throw sim::UsageError{"--time-scale: must be a number of simulated seconds per second above 0: " +
                              fmt::format("{}", options.time_scale)};
    }
    const wire::ChainParams* chain = wire::FindChain(options.chain_name);
    if (chain == nullptr) throw sim::UsageError{"--chain: unknown chain " + options.chain_name};
    std::error_code address_error;
    const auto base_address = asio::ip::make_address_v4(options.base, address_error);
    if (address_error) throw sim::UsageError{"--base: not an IPv4 address: " + options.base};
    config.base = base_address.to_uint();
    config.port = options.port != 0 ? options.port : chain->default_port;
    return *chain;
}

// Writes the truth file, listens, prints READY and serves until SIGINT or SIGTERM.
void Serve(const Options& options, const wire::ChainParams& chain)
{
    const sim::World world{options.config};
    // Simulated time 0: the truth file gives its wall-clock time.
    const auto churn_clock = options.churn ? std::optional{sim::ChurnClock{options.time_scale}} : std::nullopt;
    if (!options.truth_path.empty()) sim::WriteTruth(world, chain, options.truth_path, churn_clock);

    asio::io_context io{1};
    sim::Server server{io, world, chain.magic, churn_clock};
    // A down node must refuse, which a listener shared by all nodes cannot: churn listens per node.
    const bool wildcard = !options.churn && sim::OnlyLoopbackInterface();
    if (!wildcard && !options.churn) {
        std::cerr << "btcsim: not in a private network namespace (interfaces other than lo): one listener per "
                     "node, so --nodes is limited by the open-file limit; run under `unshare -n` for more\n";
    }
    server.Listen(wildcard);
    server.Start();
    sim::Networks networks{io, world, chain.magic};
    if (options.config.ipv6 > 0) networks.ListenIPv6();
    if (options.socks5_port != 0) networks.ListenSocks5(options.socks5_port);
    if (options.sam_port != 0) networks.ListenSam(options.sam_port);
    asio::signal_set signals{io, SIGINT, SIGTERM};
    signals.async_wait([&](const std::error_code&, int) { io.stop(); });
    std::optional<CountersFile> counters;
    if (!options.counters_path.empty()) counters.emplace(io, world, server, options.counters_path);

    std::cerr << "btcsim: " << world.GoodNodes() << " good + " << world.FaultNodes() << " fault nodes from "
              << options.base << " port " << options.config.port << (wildcard ? " (one wildcard listener)" : "")
              << (options.churn ? " (churn)" : "") << '\n';
    std::cout << "READY " << world.GoodNodes() << std::endl;
    io.run();
    if (counters) counters->Write();
}

}  // namespace

int main(int argc, char** argv)
{
    CLI::App app{"btcsim: a simulated Bitcoin network on loopback (docs/btcsim.md)", "btcsim"};
    Options options;
    DeclareOptions(app, options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        return Fail(error.what());
    }
    try {
        Serve(options, Complete(options));
        return 0;
    } catch (const sim::UsageError& error) {
        return Fail(error.what());
    } catch (const std::system_error& error) {
        return Fail(error.what());
    } catch (const std::runtime_error& error) {
        return Fail(error.what());
    }
}
