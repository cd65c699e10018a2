// Why this file exists: `btccrawl crawl` (docs/spec.md §1): every option checked before anything touches
// the disk, then the database opened or created, the frontier filled, the event loop run, and
// the crawl marked finished or interrupted.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <asio/co_spawn.hpp>
#include <asio/signal_set.hpp>
#include <cmath>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "btccrawl_version.h"
#include "cli/commands.h"
#include "crawl/crawler.h"
#include "net/clock.h"
#include "net/dialer.h"
#include "net/resolve.h"
#include "store/database.h"
#include "wire/chain.h"
#include "wire/fixed_seeds.h"

namespace cli {
namespace {

using namespace std::chrono_literals;

// Descriptors kept free for the database, the resolver and standard streams.
constexpr rlim_t RESERVED_FILES = 64;
constexpr auto RESOLVE_TIMEOUT = 10s;

struct CrawlOptions {
    std::string db;
    bool resume{false};
    std::string chain{"mainnet"};
    std::vector<std::string> seeds;
    bool no_dns_seeds{false};
    std::vector<std::string> scope;
    size_t concurrency{1000};
    double connect_timeout{5};
    double handshake_timeout{10};
    double addr_timeout{30};
    double grace{0};
    int retries{1};
    double retry_delay{5};
    double connect_rate{5000};
    size_t writer_backlog{500'000};
    std::optional<double> max_duration;
    std::string proxy;
    bool proxy_all{false};
    std::string i2p_sam;
    bool cjdns{false};
    std::string seed_file;
    bool fixed_seeds{false};
    std::string user_agent{"/btccrawl:" BTCCRAWL_VERSION "/"};
    bool quiet{false};
    std::string transport{"auto"};
};

// Everything the command line says, checked and parsed; nothing has touched the disk yet.
struct CrawlPlan {
    const wire::ChainParams* chain;
    std::vector<wire::Cidr> scope;
    std::vector<wire::Endpoint> seeds;
    crawl::Reach reach;
    std::filesystem::path db_path;
    store::OpenMode open_mode;
    crawl::CrawlSettings settings;
    crawl::RetryPolicy retry_policy;
    nlohmann::json settings_json;
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::chrono::steady_clock::duration Seconds(double seconds)
{
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

// CLI11's PositiveNumber and NonNegativeNumber print their range up to DBL_MAX in 300 digits;
// this says in one short line what the value must be.
CLI::Validator NumberCheck(bool allow_zero)
{
    const auto check = [allow_zero](std::string& text) -> std::string {
        size_t used = 0;
        double value = 0;
        try {
            value = std::stod(text, &used);
        } catch (const std::logic_error&) {  // invalid_argument, out_of_range
            used = 0;
        }
        if (used == 0 || used != text.size() || !std::isfinite(value)) return fmt::format("'{}' is not a number", text);
        if (value < 0 || (value == 0 && !allow_zero)) {
            return fmt::format("must be {} 0, not {}", allow_zero ? "at least" : "more than", text);
        }
        return {};
    };
    return CLI::Validator{check, allow_zero ? "NUMBER>=0" : "NUMBER>0"};
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

std::vector<std::string> ReadSeedFile(const std::string& file)
{
    std::ifstream in{file};
    if (!in) throw UsageError{"cannot read --seed-file " + file};
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

// Seeds are literals (kept as they are) or names (resolved once, now). A --seed name that
// resolves to nothing is a usage error; a DNS seed that fails is only reported.
std::vector<wire::Endpoint> ResolveSeeds(const CrawlOptions& options, const wire::ChainParams& chain)
{
    auto seed_texts = options.seeds;
    if (!options.seed_file.empty()) {
        auto from_file = ReadSeedFile(options.seed_file);
        seed_texts.insert(seed_texts.end(), from_file.begin(), from_file.end());
    }
    std::vector<wire::Endpoint> seeds;
    std::vector<wire::HostPort> names;
    for (const auto& text : seed_texts) {
        wire::HostPort host_port;
        try {
            host_port = wire::SplitHostPort(text, chain.default_port);
        } catch (const wire::AddressError& error) {
            throw UsageError{fmt::format("bad --seed '{}': {}", text, error.what())};
        }
        if (auto literal = wire::TryParseHost(host_port.host)) {
            seeds.push_back(SeedEndpoint(*literal, host_port.port));
        } else if (host_port.host.ends_with(".onion") || host_port.host.ends_with(".i2p")) {
            throw UsageError{fmt::format("bad --seed '{}': not a valid Tor v3 or I2P name", text)};
        } else {
            names.push_back(host_port);
        }
    }
    for (const auto& resolved : net::ResolveNames(names, RESOLVE_TIMEOUT)) {
        if (resolved.error) throw UsageError{fmt::format("bad --seed '{}': {}", resolved.name, *resolved.error)};
        seeds.insert(seeds.end(), resolved.endpoints.begin(), resolved.endpoints.end());
    }
    bool use_fixed_seeds = options.fixed_seeds;
    // A resumed crawl goes on from its own frontier; its seeds were learned when it started.
    if (seed_texts.empty() && !options.no_dns_seeds && !options.resume) {
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

std::vector<wire::Cidr> ParseScope(const CrawlOptions& options, const wire::ChainParams& chain)
{
    std::vector<wire::Cidr> scope;
    for (const auto& text : options.scope) {
        try {
            scope.push_back(wire::Cidr::Parse(text));
        } catch (const wire::AddressError& error) {
            throw UsageError{fmt::format("bad --scope '{}': {}", text, error.what())};
        }
    }
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

// --proxy socks5://HOST:PORT, --i2p-sam HOST:PORT, --cjdns: how each network is reached.
net::ProxyConfig ParseProxies(const CrawlOptions& options, const std::vector<wire::Cidr>& scope, crawl::Reach& reach)
{
    constexpr std::string_view SOCKS5_SCHEME = "socks5://";
    net::ProxyConfig proxies;
    if (!options.proxy.empty()) {
        if (!options.proxy.starts_with(SOCKS5_SCHEME)) {
            throw UsageError{fmt::format("bad --proxy '{}': expected socks5://HOST:PORT", options.proxy)};
        }
        proxies.socks5 =
            ParseProxyAddress("--proxy", std::string_view{options.proxy}.substr(SOCKS5_SCHEME.size()), scope);
        proxies.all_through_socks5 = options.proxy_all;
        reach.onion = true;
    } else if (options.proxy_all) {
        throw UsageError{"--proxy-all needs --proxy"};
    }
    if (!options.i2p_sam.empty()) {
        proxies.i2p_sam = ParseProxyAddress("--i2p-sam", options.i2p_sam, scope);
        reach.i2p = true;
    }
    reach.cjdns = options.cjdns;
    return proxies;
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

CrawlPlan MakePlan(const CrawlOptions& options)
{
    CrawlPlan plan;
    plan.chain = wire::FindChain(options.chain);
    if (!plan.chain) throw UsageError{fmt::format("unknown --chain '{}'", options.chain)};
    if (options.user_agent.size() > wire::MAX_SUBVERSION_LENGTH) {
        throw UsageError{fmt::format("--user-agent is longer than {} bytes", wire::MAX_SUBVERSION_LENGTH)};
    }

    plan.scope = ParseScope(options, *plan.chain);
    plan.settings.proxies = ParseProxies(options, plan.scope, plan.reach);
    plan.seeds = ResolveSeeds(options, *plan.chain);
    if (options.db.empty()) {
        plan.db_path = NewCrawlFileName();
        plan.open_mode = store::OpenMode::create_new;
    } else {
        plan.db_path = options.db;
        plan.open_mode = options.resume ? store::OpenMode::open_existing : store::OpenMode::create_or_open;
    }

    auto& settings = plan.settings;
    const auto transport = crawl::TransportPolicyFromName(options.transport);
    if (!transport) throw UsageError{fmt::format("unknown --transport '{}' (auto, v2 or v1)", options.transport)};
    settings.transport = *transport;
    settings.concurrency = FitConcurrency(options.concurrency);
    settings.connect_rate = options.connect_rate;
    settings.writer_backlog = options.writer_backlog;
    settings.quiet = options.quiet;
    if (options.max_duration) settings.max_duration = Seconds(*options.max_duration);
    settings.session.magic = plan.chain->magic;
    settings.session.user_agent = options.user_agent;
    settings.session.connect_timeout = Seconds(options.connect_timeout);
    settings.session.handshake_timeout = Seconds(options.handshake_timeout);
    settings.session.addr_timeout = Seconds(options.addr_timeout);
    settings.session.grace = Seconds(options.grace);
    plan.retry_policy = crawl::RetryPolicy{options.retries, Seconds(options.retry_delay)};

    std::vector<std::string> scope_texts;
    for (const auto& range : plan.scope)
        scope_texts.push_back(range.ToString());
    std::vector<std::string> seed_texts;
    for (const auto& seed : plan.seeds)
        seed_texts.push_back(seed.ToString());
    plan.settings_json = {
        {"version", BTCCRAWL_VERSION},
        {"chain", options.chain},
        {"seeds", seed_texts},
        {"scope", scope_texts},
        {"concurrency", settings.concurrency},
        {"connect_timeout", options.connect_timeout},
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
    return plan;
}

// docs/spec.md §1 "Resuming": what decides what is dialed and how comes from the crawl's stored
// settings, so a resume can never widen it; given again, an option must agree. Only how hard this
// run works (--concurrency, --writer-backlog, --max-duration, --quiet) may change.
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
        for (const auto& text : texts) {
            try {
                ranges.push_back(wire::Cidr::Parse(text).ToString());
            } catch (const wire::AddressError& error) {
                throw UsageError{fmt::format("bad --scope '{}': {}", text, error.what())};
            }
        }
        return ranges;
    };
    restore("chain", options.chain, as_given);
    restore("scope", options.scope, as_ranges);
    restore("connect_timeout", options.connect_timeout, as_given);
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

// A seed given again to a resumed crawl must be one it started from: a resume never adds a place to dial.
void CheckResumedSeeds(const std::vector<wire::Endpoint>& seeds, const nlohmann::json& stored, int64_t crawl_id)
{
    const auto stored_seeds = stored.value("seeds", std::vector<std::string>{});
    for (const auto& seed : seeds) {
        if (std::find(stored_seeds.begin(), stored_seeds.end(), seed.ToString()) == stored_seeds.end()) {
            throw UsageError{fmt::format("--seed {} is not a seed of the resumed crawl {}", seed.ToString(), crawl_id)};
        }
    }
}

void PrintSummary(const crawl::Crawler& crawler, int64_t crawl_id, const std::string& status,
                  const std::filesystem::path& path)
{
    const auto& counts = crawler.Counts();
    std::cout << fmt::format("crawl {} {} after {:.1f} s, database {}\n", crawl_id, status, crawler.ElapsedSeconds(),
                             path.string());
    std::cout << fmt::format("  learned {}  connections {}  reachable {}  failed {}\n", counts.known, counts.done,
                             counts.reachable, counts.failed);
    std::string outcomes;
    for (const auto& [outcome, count] : counts.outcomes) {
        outcomes += fmt::format(" {} {}", store::OutcomeName(outcome), count);
    }
    if (!outcomes.empty()) std::cout << "  outcomes" << outcomes << "\n";
}

// docs/spec.md §1 exit 2: the database cannot be written. What is committed stays, and the crawl stays
// unfinished in the file, so --resume can complete it once there is room.
int CannotWrite(const std::filesystem::path& path, const std::string& reason)
{
    std::cerr << fmt::format("btccrawl: cannot write {}: {}\n", path.string(), reason);
    return 2;
}

constexpr const char* NOTHING_TO_CRAWL =
    "nothing to crawl: no seed and no known address (give --seed HOST, or --db FILE of an earlier crawl)";

int RunCrawl(const CrawlOptions& given_options, const std::set<std::string>& given)
{
    CrawlPlan plan;
    CrawlOptions options = given_options;
    std::optional<store::Database> database;
    int64_t crawl_id = 0;
    try {
        if (options.resume) {
            if (options.db.empty()) throw UsageError{"--resume needs --db FILE"};
            const std::filesystem::path path = options.db;
            if (std::filesystem::exists(path) && access(path.c_str(), W_OK) != 0) {
                return CannotWrite(path, std::strerror(errno));
            }
            database.emplace(path, store::OpenMode::open_existing);
            auto unfinished = database->NewestUnfinishedCrawl();
            if (!unfinished) throw UsageError{fmt::format("no unfinished crawl in {}", path.string())};
            crawl_id = *unfinished;
            const auto chain = database->CrawlChain(crawl_id).value_or("?");
            if (given.contains("--chain") && chain != options.chain) {
                throw UsageError{fmt::format("crawl {} in {} is on chain {}, not {}", crawl_id, path.string(), chain,
                                             options.chain)};
            }
            const auto stored = nlohmann::json::parse(database->CrawlSettings(crawl_id).value_or("{}"));
            options = ResumedOptions(options, given, stored, crawl_id);
            plan = MakePlan(options);
            CheckResumedSeeds(plan.seeds, stored, crawl_id);
        } else {
            plan = MakePlan(options);
            if (plan.seeds.empty() && !std::filesystem::exists(plan.db_path)) throw UsageError{NOTHING_TO_CRAWL};
            // A file we may not write (read-only mount or file) is the machine's fault, not the
            // command line's: exit 2 before SQLite fails in its own words (or half way through).
            if (std::filesystem::exists(plan.db_path) && access(plan.db_path.c_str(), W_OK) != 0) {
                return CannotWrite(plan.db_path, std::strerror(errno));
            }
            database.emplace(plan.db_path, plan.open_mode);
        }
    } catch (const std::exception& error) {  // UsageError, store::UsageError, wire::AddressError
        std::cerr << "btccrawl: " << error.what() << "\n";
        return 1;
    }
    if (options.db.empty()) std::cerr << "btccrawl: writing " << plan.db_path.string() << "\n";

    crawl::Frontier frontier{crawl::DialPolicy{plan.scope, plan.reach}, plan.retry_policy};
    std::vector<store::KnownAddress> known;
    try {
        known = database->LoadAddresses();
        if (!options.resume && plan.seeds.empty() && known.empty()) {
            std::cerr << "btccrawl: " << NOTHING_TO_CRAWL << "\n";
            return 1;
        }
        for (const auto& address : known)
            frontier.AddKnown(address.id, address.endpoint);
        if (options.resume) {
            auto state = database->LoadCrawlState(crawl_id);
            frontier.Restore(state.learned, state.attempts);
            database->ResumeCrawl(crawl_id);
        } else {
            crawl_id = database->StartCrawl(plan.chain->name, plan.settings_json.dump(), net::NowMs());
        }
    } catch (const std::exception& error) {  // SQLite::Exception: disk full, I/O error…
        return CannotWrite(plan.db_path, error.what());
    }

    asio::io_context io;
    crawl::Crawler crawler{io, plan.db_path, frontier, plan.settings, crawl_id, database->LoadNextIds()};
    const auto now = net::NowMs();
    // docs/spec.md §1: a new crawl in an existing file re-crawls every address the file knows.
    if (!options.resume) {
        for (const auto& address : known)
            crawler.Learn(address.endpoint, now);
    }
    for (const auto& seed : plan.seeds)
        crawler.Learn(seed, now);

    asio::signal_set signals{io, SIGINT, SIGTERM};
    int signals_received = 0;
    std::function<void(std::error_code, int)> on_signal = [&](std::error_code error, int) {
        if (error) return;
        // The first signal stops the crawl (or lets a stop already under way finish); a second,
        // whatever stopped the crawl, exits at once.
        if (++signals_received > 1) std::_Exit(130);
        crawler.Stop(crawl::StopReason::signal);
        signals.async_wait(on_signal);
    };
    signals.async_wait(on_signal);
    asio::co_spawn(io, crawler.Run(), [&](std::exception_ptr error) {
        signals.cancel();
        if (error) std::rethrow_exception(error);
    });
    io.run();

    if (auto error = crawler.CloseStore()) return CannotWrite(plan.db_path, *error);
    const std::string status = crawler.Reason() == crawl::StopReason::finished ? "finished" : "interrupted";
    try {
        database->FinishCrawl(crawl_id, status, net::NowMs());
    } catch (const std::exception& error) {
        return CannotWrite(plan.db_path, error.what());
    }
    PrintSummary(crawler, crawl_id, status, plan.db_path);
    return 0;
}

}  // namespace

Run AddCrawlCommand(CLI::App& app)
{
    auto options = std::make_shared<CrawlOptions>();
    auto* command = app.add_subcommand("crawl", "Crawl the network from seeds into a SQLite file");
    command->add_option("--db", options->db, "Database file to create or reuse (default: a new crawl-*.sqlite)");
    command->add_flag("--resume", options->resume, "Continue the newest unfinished crawl in --db");
    command->add_option("--chain", options->chain, "mainnet, testnet3, testnet4, signet or regtest")
        ->capture_default_str();
    command->add_option("--seed", options->seeds, "Seed HOST[:PORT] (IPv4, [IPv6], name or .onion); repeatable");
    command->add_flag("--no-dns-seeds", options->no_dns_seeds, "Do not resolve the chain's DNS seeds");
    command->add_option("--scope", options->scope, "Only dial addresses inside this CIDR; repeatable");
    command
        ->add_option("--concurrency", options->concurrency,
                     "Connections at once, or auto: as many as the open-file limit allows (the fast setting)")
        ->capture_default_str()
        ->transform(CLI::Validator(
            [](std::string& value) {
                if (value != "auto") return CLI::Range(1, 1'000'000)(value);
                value = "0";  // FitConcurrency's "as many as fit"
                return std::string{};
            },
            "auto or 1 to 1000000"));
    command->add_option("--connect-timeout", options->connect_timeout, "Seconds to connect")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command->add_option("--handshake-timeout", options->handshake_timeout, "Seconds for version/verack")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command->add_option("--addr-timeout", options->addr_timeout, "Seconds to wait for the getaddr answer")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command->add_option("--grace", options->grace, "Seconds to keep listening after the getaddr answer")
        ->capture_default_str()
        ->check(NumberCheck(true));
    command->add_option("--retries", options->retries, "Extra tries after a timeout or unreachable")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    command->add_option("--retry-delay", options->retry_delay, "Seconds before a retry (times the attempt)")
        ->capture_default_str()
        ->check(NumberCheck(true));
    command->add_option("--connect-rate", options->connect_rate, "New connections per second, at most")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command
        ->add_option("--writer-backlog", options->writer_backlog,
                     "Rows the database writer may fall behind before dialing pauses (bounds memory)")
        ->capture_default_str()
        ->check(CLI::Range(size_t{1}, size_t{100'000'000}));
    command->add_option("--max-duration", options->max_duration, "Stop after this many seconds")
        ->check(NumberCheck(false));
    command->add_option("--proxy", options->proxy, "SOCKS5 proxy socks5://HOST:PORT for .onion peers (Tor)");
    command->add_flag("--proxy-all", options->proxy_all, "Also dial IPv4 and IPv6 peers through --proxy");
    command->add_option("--i2p-sam", options->i2p_sam, "I2P SAM bridge HOST:PORT");
    command->add_flag("--cjdns", options->cjdns, "Dial CJDNS (fc00::/8) addresses");
    command->add_option("--seed-file", options->seed_file, "File with one seed per line");
    command->add_flag("--fixed-seeds", options->fixed_seeds,
                      "Also start from the chain's fixed seeds (always when DNS seeds give nothing)");
    command->add_option("--user-agent", options->user_agent, "User agent we announce")->capture_default_str();
    command->add_flag("--quiet", options->quiet, "No progress line");
    command->add_option("--transport", options->transport, "auto (v2 first, v1 fallback), v2 or v1 (BIP324)")
        ->capture_default_str();
    return [options, command] {
        std::set<std::string> given;
        for (const auto* option : command->get_options()) {
            if (option->count() > 0) given.insert(option->get_name());
        }
        return RunCrawl(*options, given);
    };
}

}  // namespace cli
