#include "crawl/plan.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <ctime>
#include <iostream>

#include "crawl/seeds.h"
#include "net/dialer.h"

namespace crawl {
namespace {

// Descriptors kept free for the database, the resolver and standard streams.
constexpr rlim_t RESERVED_FILES = 64;

using store::UsageError;

SteadyClock::duration Seconds(double seconds)
{
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
}

std::filesystem::path NewCrawlFileName()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    std::filesystem::path path = fmt::format("crawl-{}.sqlite", stamp);
    for (int suffix = 2; std::filesystem::exists(path); ++suffix) {
        path = fmt::format("crawl-{}-{}.sqlite", stamp, suffix);
    }
    return path;
}

wire::Cidr ParseRange(const std::string& text)
{
    try {
        return wire::Cidr::Parse(text);
    } catch (const wire::AddressError& error) {
        throw UsageError{fmt::format("bad --scope '{}': {}", text, error.what())};
    }
}

std::vector<wire::Cidr> ParseScope(const std::vector<std::string>& texts, const wire::ChainParams& chain)
{
    std::vector<wire::Cidr> scope;
    for (const auto& text : texts)
        scope.push_back(ParseRange(text));
    // docs/spec.md §1: a regtest crawl never leaves the machine unless told to.
    if (scope.empty() && chain.name == "regtest") {
        scope.push_back(wire::Cidr::Parse("127.0.0.0/8"));
        scope.push_back(wire::Cidr::Parse("::1/128"));
    }
    return scope;
}

// A proxy or SAM bridge address: an IP literal and a port (no name: resolving it would leak
// which proxy we use to the DNS, and a crawl must not depend on the resolver for its proxy).
asio::ip::tcp::endpoint ParseProxyAddress(std::string_view option, std::string_view text,
                                          const std::vector<wire::Cidr>& scope)
{
    try {
        const auto host_port = wire::SplitHostPort(text, 0);
        if (host_port.port == 0) throw UsageError{fmt::format("{} '{}' needs a port", option, text)};
        const auto address = wire::ParseHost(host_port.host);
        if (!address.IsIPv4() && !address.IsIPv6()) {
            throw UsageError{fmt::format("{} '{}' must be an IPv4 or IPv6 address", option, text)};
        }
        // docs/spec.md §6: a crawl limited to a scope never sends a byte outside it, not even to its proxy
        // (loopback is this machine).
        const bool in_scope =
            std::any_of(scope.begin(), scope.end(), [&](const wire::Cidr& range) { return range.Contains(address); });
        if (!scope.empty() && !in_scope && !address.IsLoopback()) {
            throw UsageError{fmt::format("{} '{}' is outside --scope and not loopback", option, text)};
        }
        return net::ToAsio(wire::Endpoint{address, host_port.port});
    } catch (const wire::AddressError& error) {
        throw UsageError{fmt::format("bad {} '{}': {}", option, text, error.what())};
    }
}

struct Reaching {
    net::ProxyConfig proxies;
    Reach reach;
};

// --proxy socks5://HOST:PORT, --i2p-sam HOST:PORT, --cjdns: how each network is reached.
Reaching ParseProxies(const CrawlOptions& options, const std::vector<wire::Cidr>& scope)
{
    constexpr std::string_view SOCKS5_SCHEME = "socks5://";
    Reaching reaching;
    if (!options.proxy.empty()) {
        if (!options.proxy.starts_with(SOCKS5_SCHEME)) {
            throw UsageError{fmt::format("bad --proxy '{}': expected socks5://HOST:PORT", options.proxy)};
        }
        reaching.proxies.socks5 =
            ParseProxyAddress("--proxy", std::string_view{options.proxy}.substr(SOCKS5_SCHEME.size()), scope);
        reaching.proxies.all_through_socks5 = options.proxy_all;
        reaching.reach.onion = true;
    } else if (options.proxy_all) {
        throw UsageError{"--proxy-all needs --proxy"};
    }
    if (!options.i2p_sam.empty()) {
        reaching.proxies.i2p_sam = ParseProxyAddress("--i2p-sam", options.i2p_sam, scope);
        reaching.reach.i2p = true;
    }
    reaching.reach.cjdns = options.cjdns;
    return reaching;
}

// Raises the soft open-file limit as far as the hard one allows, and lowers the concurrency
// (saying so) when even that is not enough. `wanted` 0 (--concurrency auto): as many connections as
// the raised limit holds beside RESERVED_FILES, said on stderr.
size_t FitConcurrency(size_t wanted)
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t needed = wanted == 0 ? limit.rlim_max : wanted + RESERVED_FILES;
    if (limit.rlim_cur < limit.rlim_max && limit.rlim_cur < needed) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, needed);
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (wanted != 0 && limit.rlim_cur >= wanted + RESERVED_FILES) return wanted;
    const size_t fitted = limit.rlim_cur > RESERVED_FILES * 2 ? limit.rlim_cur - RESERVED_FILES : RESERVED_FILES;
    if (wanted == 0) {
        std::cerr << fmt::format("btccrawl: open-file limit is {}: concurrency auto is {}\n", limit.rlim_cur, fitted);
    } else {
        std::cerr << fmt::format("btccrawl: open-file limit is {}: concurrency lowered from {} to {}\n", limit.rlim_cur,
                                 wanted, fitted);
    }
    return fitted;
}

CrawlSettings SettingsOf(const CrawlOptions& options, const wire::ChainParams& chain)
{
    CrawlSettings settings;
    const auto transport = TransportPolicyFromName(options.transport);
    if (!transport) throw UsageError{fmt::format("unknown --transport '{}' (auto, v2 or v1)", options.transport)};
    settings.transport = *transport;
    settings.concurrency = FitConcurrency(options.concurrency);
    settings.connect_rate = options.connect_rate;
    settings.writer_backlog = options.writer_backlog;
    settings.quiet = options.quiet;
    if (options.max_duration) settings.max_duration = Seconds(*options.max_duration);
    settings.session.magic = chain.magic;
    settings.session.user_agent = options.user_agent;
    settings.session.connect_timeout = Seconds(options.connect_timeout);
    settings.session.proxy_timeout = Seconds(options.proxy_timeout);
    settings.session.handshake_timeout = Seconds(options.handshake_timeout);
    settings.session.addr_timeout = Seconds(options.addr_timeout);
    settings.session.grace = Seconds(options.grace);
    return settings;
}

// docs/schema.md `crawls.settings`: what the crawl was started with, seeds resolved.
nlohmann::json SettingsJson(const CrawlOptions& options, const CrawlPlan& plan)
{
    std::vector<std::string> scope_texts;
    for (const auto& range : plan.scope)
        scope_texts.push_back(range.ToString());
    std::vector<std::string> seed_texts;
    for (const auto& seed : plan.seeds)
        seed_texts.push_back(seed.ToString());
    return {
        {"version", BTCCRAWL_VERSION},
        {"chain", options.chain},
        {"seeds", seed_texts},
        {"scope", scope_texts},
        {"concurrency", plan.settings.concurrency},
        {"connect_timeout", options.connect_timeout},
        {"proxy_timeout", options.proxy_timeout},
        {"handshake_timeout", options.handshake_timeout},
        {"addr_timeout", options.addr_timeout},
        {"grace", options.grace},
        {"retries", options.retries},
        {"retry_delay", options.retry_delay},
        {"connect_rate", options.connect_rate},
        {"writer_backlog", options.writer_backlog},
        {"user_agent", options.user_agent},
        {"max_duration", options.max_duration ? nlohmann::json(*options.max_duration) : nlohmann::json()},
        {"proxy", options.proxy},
        {"proxy_all", options.proxy_all},
        {"i2p_sam", options.i2p_sam},
        {"cjdns", options.cjdns},
        {"fixed_seeds", options.fixed_seeds},
        {"transport", options.transport},
    };
}

}  // namespace

CrawlPlan MakePlan(const CrawlOptions& options)
{
    CrawlPlan plan;
    plan.chain = wire::FindChain(options.chain);
    if (!plan.chain) throw UsageError{fmt::format("unknown --chain '{}'", options.chain)};
    if (options.user_agent.size() > wire::MAX_SUBVERSION_LENGTH) {
        throw UsageError{fmt::format("--user-agent is longer than {} bytes", wire::MAX_SUBVERSION_LENGTH)};
    }
    plan.scope = ParseScope(options.scope, *plan.chain);
    auto reaching = ParseProxies(options, plan.scope);
    plan.reach = reaching.reach;
    // A resumed crawl goes on from its own frontier; its seeds were learned when it started.
    plan.seeds = ResolveSeeds({.seeds = options.seeds,
                               .seed_file = options.seed_file,
                               .dns_seeds = !options.no_dns_seeds && !options.resume,
                               .fixed_seeds = options.fixed_seeds},
                              *plan.chain);
    plan.db_path_chosen = options.db.empty();
    if (plan.db_path_chosen) {
        plan.db_path = NewCrawlFileName();
        plan.open_mode = store::OpenMode::create_new;
    } else {
        plan.db_path = options.db;
        plan.open_mode = options.resume ? store::OpenMode::open_existing : store::OpenMode::create_or_open;
    }
    plan.settings = SettingsOf(options, *plan.chain);
    plan.settings.proxies = reaching.proxies;
    plan.retry_policy = RetryPolicy{options.retries, Seconds(options.retry_delay)};
    plan.settings_json = SettingsJson(options, plan);
    return plan;
}

// Only how hard this run works (--concurrency, --writer-backlog, --max-duration, --quiet) may
// differ from the stored settings: everything that decides what is dialed and how comes from
// them, so a resume can never widen it.
CrawlOptions ResumedOptions(CrawlOptions options, const std::set<std::string>& given, const nlohmann::json& stored,
                            int64_t crawl_id)
{
    const auto restore = [&](const std::string& key, auto& field, auto normalize) {
        const auto found = stored.find(key);
        if (found == stored.end() || found->is_null()) return;
        auto value = found->template get<std::decay_t<decltype(field)>>();
        auto option = "--" + key;
        std::replace(option.begin(), option.end(), '_', '-');
        if (given.contains(option) && normalize(field) != value) {
            throw UsageError{
                fmt::format("{} {} differs from {} of the resumed crawl {} (give it as then, or not at all)", option,
                            nlohmann::json(field).dump(), found->dump(), crawl_id)};
        }
        field = std::move(value);
    };
    const auto as_given = [](const auto& field) { return field; };
    const auto as_ranges = [](const std::vector<std::string>& texts) {
        std::vector<std::string> ranges;
        for (const auto& text : texts)
            ranges.push_back(ParseRange(text).ToString());
        return ranges;
    };
    restore("chain", options.chain, as_given);
    restore("scope", options.scope, as_ranges);
    restore("connect_timeout", options.connect_timeout, as_given);
    restore("proxy_timeout", options.proxy_timeout, as_given);
    restore("handshake_timeout", options.handshake_timeout, as_given);
    restore("addr_timeout", options.addr_timeout, as_given);
    restore("grace", options.grace, as_given);
    restore("retries", options.retries, as_given);
    restore("retry_delay", options.retry_delay, as_given);
    restore("connect_rate", options.connect_rate, as_given);
    restore("user_agent", options.user_agent, as_given);
    restore("proxy", options.proxy, as_given);
    restore("proxy_all", options.proxy_all, as_given);
    restore("i2p_sam", options.i2p_sam, as_given);
    restore("cjdns", options.cjdns, as_given);
    restore("fixed_seeds", options.fixed_seeds, as_given);
    restore("transport", options.transport, as_given);
    return options;
}

void CheckResumedSeeds(const std::vector<wire::Endpoint>& seeds, const nlohmann::json& stored, int64_t crawl_id)
{
    const auto stored_seeds = stored.value("seeds", std::vector<std::string>{});
    for (const auto& seed : seeds) {
        if (std::find(stored_seeds.begin(), stored_seeds.end(), seed.ToString()) == stored_seeds.end()) {
            throw UsageError{fmt::format("--seed {} is not a seed of the resumed crawl {}", seed.ToString(), crawl_id)};
        }
    }
}

}  // namespace crawl
