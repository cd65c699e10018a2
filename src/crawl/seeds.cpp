#include "crawl/seeds.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>

#include "net/resolve.h"
#include "store/database.h"
#include "wire/fixed_seeds.h"

namespace crawl {
namespace {

using namespace std::chrono_literals;

constexpr auto RESOLVE_TIMEOUT = 10s;

std::vector<std::string> ReadSeedFile(const std::string& file)
{
    std::ifstream in{file};
    if (!in) throw store::UsageError{"cannot read --seed-file " + file};
    std::vector<std::string> seeds;
    for (std::string line; std::getline(in, line);) {
        const auto begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos || line[begin] == '#') continue;
        const auto end = line.find_last_not_of(" \t\r");
        seeds.push_back(line.substr(begin, end - begin + 1));
    }
    return seeds;
}

// I2P has no ports (Core uses 0 whatever is written); wire::SeedAddress decides the network.
wire::Endpoint SeedEndpoint(const wire::NetAddress& address, uint16_t port)
{
    if (address.GetNetwork() == wire::Network::i2p) return {address, 0};
    return {wire::SeedAddress(address), port};
}

// Digits and dots only (300.1.1.1, 1.2.3) or a colon: meant as an address literal, so it must be
// a dotted quad or an IPv6 address, never a name for the resolver to guess at (getaddrinfo reads
// 1.2.3 as 1.2.0.3 and sends 300.1.1.1 to DNS).
std::optional<std::string_view> MalformedLiteral(const std::string& host)
{
    if (host.find(':') != std::string::npos) return wire::TryParseHost(host) ? std::nullopt : std::optional{"IPv6"};
    if (host.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
    if (std::count(host.begin(), host.end(), '.') == 3 && wire::TryParseHost(host)) return std::nullopt;
    return "IPv4";
}

}  // namespace

std::vector<wire::Endpoint> ResolveSeeds(const SeedSources& sources, const wire::ChainParams& chain)
{
    auto seed_texts = sources.seeds;
    if (!sources.seed_file.empty()) {
        auto from_file = ReadSeedFile(sources.seed_file);
        seed_texts.insert(seed_texts.end(), from_file.begin(), from_file.end());
    }
    std::vector<wire::Endpoint> seeds;
    std::vector<wire::HostPort> names;
    for (const auto& text : seed_texts) {
        wire::HostPort host_port;
        try {
            host_port = wire::SplitHostPort(text, chain.default_port);
        } catch (const wire::AddressError& error) {
            throw store::UsageError{fmt::format("bad --seed '{}': {}", text, error.what())};
        }
        if (const auto kind = MalformedLiteral(host_port.host)) {
            throw store::UsageError{fmt::format("bad --seed '{}': not an {} address", text, *kind)};
        }
        if (auto literal = wire::TryParseHost(host_port.host)) {
            seeds.push_back(SeedEndpoint(*literal, host_port.port));
        } else if (host_port.host.ends_with(".onion") || host_port.host.ends_with(".i2p")) {
            throw store::UsageError{fmt::format("bad --seed '{}': not a valid Tor v3 or I2P name", text)};
        } else {
            names.push_back(host_port);
        }
    }
    for (const auto& resolved : net::ResolveNames(names, RESOLVE_TIMEOUT)) {
        if (resolved.error) {
            throw store::UsageError{fmt::format("bad --seed '{}': {}", resolved.name, *resolved.error)};
        }
        seeds.insert(seeds.end(), resolved.endpoints.begin(), resolved.endpoints.end());
    }
    bool use_fixed_seeds = sources.fixed_seeds;
    if (seed_texts.empty() && sources.dns_seeds) {
        std::vector<wire::HostPort> dns_seeds;
        for (auto name : chain.dns_seeds)
            dns_seeds.push_back(wire::HostPort{std::string{name}, chain.default_port});
        size_t from_dns = 0;
        for (const auto& resolved : net::ResolveNames(dns_seeds, RESOLVE_TIMEOUT)) {
            if (resolved.error) std::cerr << "btccrawl: DNS seed " << resolved.name << ": " << *resolved.error << "\n";
            seeds.insert(seeds.end(), resolved.endpoints.begin(), resolved.endpoints.end());
            from_dns += resolved.endpoints.size();
        }
        // As Bitcoin Core: the fixed seeds are the fallback when DNS gives nothing.
        if (from_dns == 0 && !use_fixed_seeds && !wire::FixedSeedTexts(chain.name).empty()) {
            std::cerr << "btccrawl: no address from the DNS seeds: using the fixed seeds\n";
            use_fixed_seeds = true;
        }
    }
    if (use_fixed_seeds) {
        const auto fixed = wire::FixedSeeds(chain.name);
        std::cerr << fmt::format("btccrawl: {} fixed seeds for {}\n", fixed.size(), chain.name);
        for (const auto& seed : fixed)
            seeds.push_back(SeedEndpoint(seed.address, seed.port));
    }
    return seeds;
}

}  // namespace crawl
