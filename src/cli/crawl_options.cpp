#include "cli/crawl_options.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "crawl/run.h"

namespace cli {

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

namespace {

// The deadlines, retries and pace of a crawl.
void AddTimingOptions(CLI::App& command, crawl::CrawlOptions& options)
{
    command.add_option("--connect-timeout", options.connect_timeout, "Seconds to connect")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command
        .add_option("--proxy-timeout", options.proxy_timeout,
                    "Seconds to connect through a proxy (a Tor circuit, an I2P tunnel), instead of --connect-timeout")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command.add_option("--handshake-timeout", options.handshake_timeout, "Seconds for version/verack")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command.add_option("--addr-timeout", options.addr_timeout, "Seconds to wait for the getaddr answer")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command.add_option("--grace", options.grace, "Seconds to keep listening after the getaddr answer")
        ->capture_default_str()
        ->check(NumberCheck(true));
    command.add_option("--retries", options.retries, "Extra tries after a timeout or unreachable")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    command.add_option("--retry-delay", options.retry_delay, "Seconds before a retry (times the attempt)")
        ->capture_default_str()
        ->check(NumberCheck(true));
    command.add_option("--connect-rate", options.connect_rate, "New connections per second, at most")
        ->capture_default_str()
        ->check(NumberCheck(false));
    command
        .add_option("--writer-backlog", options.writer_backlog,
                    "Rows the database writer may fall behind before dialing pauses (bounds memory)")
        ->capture_default_str()
        ->check(CLI::Range(size_t{1}, size_t{100'000'000}));
    command.add_option("--max-duration", options.max_duration, "Stop after this many seconds")
        ->check(NumberCheck(false));
}

}  // namespace

void AddCrawlOptions(CLI::App& command, crawl::CrawlOptions& options)
{
    command.add_option("--chain", options.chain, "mainnet, testnet3, testnet4, signet or regtest")
        ->capture_default_str();
    // One value per --seed/--scope: a stray word after one is a positional argument, refused,
    // not a second seed.
    command.add_option("--seed", options.seeds, "Seed HOST[:PORT] (IPv4, [IPv6], name or .onion); repeatable")
        ->allow_extra_args(false);
    command.add_flag("--no-dns-seeds", options.no_dns_seeds, "Do not resolve the chain's DNS seeds");
    command.add_option("--scope", options.scope, "Only dial addresses inside this CIDR; repeatable")
        ->allow_extra_args(false);
    command
        .add_option("--concurrency", options.concurrency,
                    "Connections at once, or auto: as many as the open-file limit allows (the fast setting)")
        ->capture_default_str()
        ->transform(CLI::Validator(
            [](std::string& value) {
                if (value != "auto") return CLI::Range(1, 1'000'000)(value);
                value = "0";  // crawl::CrawlOptions: as many as fit
                return std::string{};
            },
            "auto or 1 to 1000000"));
    AddTimingOptions(command, options);
    command.add_option("--proxy", options.proxy, "SOCKS5 proxy socks5://HOST:PORT for .onion peers (Tor)");
    command.add_flag("--proxy-all", options.proxy_all, "Also dial IPv4 and IPv6 peers through --proxy");
    command.add_option("--i2p-sam", options.i2p_sam, "I2P SAM bridge HOST:PORT");
    command.add_flag("--cjdns", options.cjdns, "Dial CJDNS (fc00::/8) addresses");
    command.add_option("--seed-file", options.seed_file, "File with one seed per line");
    command.add_flag("--fixed-seeds", options.fixed_seeds,
                     "Also start from the chain's fixed seeds (always when DNS seeds give nothing)");
    command.add_option("--user-agent", options.user_agent, "User agent we announce")->capture_default_str();
    command.add_flag("--quiet", options.quiet, "No progress line");
    command.add_option("--transport", options.transport, "auto (v2 first, v1 fallback), v2 or v1 (BIP324)")
        ->capture_default_str();
}

int WithExitCodes(const std::function<int()>& step)
{
    try {
        return step();
    } catch (const crawl::StoreError& error) {
        std::cerr << "btccrawl: " << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "btccrawl: " << error.what() << "\n";
        return 1;
    }
}

std::set<std::string> GivenOptions(const CLI::App& command)
{
    std::set<std::string> given;
    for (const auto* option : command.get_options()) {
        if (option->count() > 0) given.insert(option->get_name());
    }
    return given;
}

}  // namespace cli
