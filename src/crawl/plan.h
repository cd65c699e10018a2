#pragma once
// Why this file exists: what a crawl is asked to do (CrawlOptions, the command line's words) made
// into what it will do (CrawlPlan: chain, scope, seeds, reach, settings), every rule of docs/spec.md
// §1 checked before anything touches the disk — the regtest default scope, proxies inside the
// scope, concurrency fitted to the open-file limit, and the `crawls.settings` a resume runs with.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "btccrawl_version.h"
#include "crawl/crawler.h"
#include "store/database.h"
#include "wire/address.h"
#include "wire/chain.h"

namespace crawl {

struct CrawlOptions {
    std::string db;
    bool resume{false};
    std::string chain{"mainnet"};
    std::vector<std::string> seeds;
    bool no_dns_seeds{false};
    std::vector<std::string> scope;
    size_t concurrency{1000};  // 0: as many as the open-file limit allows
    double connect_timeout{5};
    double proxy_timeout{20};
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

// Everything the options say, checked and parsed; nothing has touched the disk yet.
struct CrawlPlan {
    const wire::ChainParams* chain{nullptr};
    std::vector<wire::Cidr> scope;
    std::vector<wire::Endpoint> seeds;
    Reach reach;
    std::filesystem::path db_path;
    bool db_path_chosen{false};  // no --db: a new crawl-*.sqlite named here
    store::OpenMode open_mode{store::OpenMode::create_or_open};
    CrawlSettings settings;
    RetryPolicy retry_policy;
    nlohmann::json settings_json;  // what crawls.settings records
};

// Throws store::UsageError (one line naming the option) for anything the user must correct.
CrawlPlan MakePlan(const CrawlOptions& options);

// docs/spec.md §1 "Resuming": the options of the crawl `crawl_id` stored as `stored`
// (crawls.settings), with `options` for what a resume may change. An option in `given` (the
// names, "--scope", of those on the command line) that differs from the stored one is refused.
CrawlOptions ResumedOptions(CrawlOptions options, const std::set<std::string>& given, const nlohmann::json& stored,
                            int64_t crawl_id);
// A seed given again to a resumed crawl must be one it started from.
void CheckResumedSeeds(const std::vector<wire::Endpoint>& seeds, const nlohmann::json& stored, int64_t crawl_id);

}  // namespace crawl
