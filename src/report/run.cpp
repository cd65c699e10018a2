// Why this file exists: the report/export commands behind the CLI (see run.h).
#include "report/run.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "monitor/uptime.h"
#include "report/compare.h"
#include "report/escape.h"
#include "report/export.h"
#include "report/html.h"
#include "report/monitor.h"
#include "report/monitor_html.h"
#include "report/seeds.h"
#include "report/source.h"
#include "report/summary.h"
#include "report/text.h"
#include "store/database.h"
#include "store/reliability.h"
#include "wire/address.h"
#include "wire/chain.h"

#include <nlohmann/json.hpp>

namespace report {
namespace {

void Compare(const ReportRequest& request, store::Database& db, const CrawlInfo& crawl, std::ostream& out)
{
    std::optional<store::Database> other;
    if (request.compare_db) other.emplace(*request.compare_db, store::OpenMode::read_only);
    store::Database& before_db = other ? *other : db;
    const CrawlInfo before = SelectCrawl(before_db, request.compare);
    const auto comparison =
        CompareNodes({before_db.Path().string(), before.id}, LoadReachableNodes(before_db, before.id),
                     {db.Path().string(), crawl.id}, LoadReachableNodes(db, crawl.id));
    if (request.json) {
        out << ComparisonToJson(comparison).dump(2) << '\n';
    } else {
        out << ComparisonText(comparison);
    }
}

// Writes `path` through `write`; a file that cannot be created is the user's mistake (exit 1), a
// write that fails half-way (disk full) is not.
void WriteFile(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write)
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw store::UsageError(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    write(file);
    file.close();
    if (!file) throw std::runtime_error(fmt::format("writing {} failed", path.string()));
}

// HOST[:PORT] as the file stores it (canonical host text), the port defaulting to the chain's.
store::NodeHistory FindNode(store::Database& db, const CrawlInfo& crawl, const std::string& text)
{
    const wire::ChainParams* chain = wire::FindChain(crawl.chain);
    std::string host;
    uint16_t port = 0;
    try {
        const wire::HostPort split = wire::SplitHostPort(text, chain ? chain->default_port : 8333);
        host = wire::ParseHost(split.host).ToString();
        port = split.port;
    } catch (const wire::AddressError& error) {
        throw store::UsageError(fmt::format("--node {}: {}", text, error.what()));
    }
    auto node = store::LoadNodeHistory(db, host, port);
    if (!node) throw store::UsageError(fmt::format("node {} not found in {}", text, db.Path().string()));
    return std::move(*node);
}

nlohmann::ordered_json NodeHistoryToJson(const store::NodeHistory& node)
{
    nlohmann::ordered_json uptime = nlohmann::ordered_json::object();
    for (size_t i = 0; i < node.reliability.size(); ++i)
        uptime[std::string{monitor::UPTIME_WINDOWS[i].name}] = 100 * node.reliability[i];
    nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
    for (const auto& attempt : node.history) {
        attempts.push_back(
            {{"crawl", attempt.crawl_id},
             {"round", attempt.round ? nlohmann::ordered_json(*attempt.round) : nullptr},
             {"started_at", attempt.started_at},
             {"outcome", attempt.outcome},
             {"version", attempt.version ? nlohmann::ordered_json(*attempt.version) : nullptr},
             {"user_agent",
              attempt.user_agent ? nlohmann::ordered_json(PrintableText(*attempt.user_agent)) : nullptr}});
    }
    return {{"address", node.host},
            {"port", node.port},
            {"network", node.network},
            {"first_seen_at", node.first_seen_at},
            {"last_presence", node.last_presence ? nlohmann::ordered_json(*node.last_presence) : nullptr},
            {"last_success_at", node.last_success_at ? nlohmann::ordered_json(*node.last_success_at) : nullptr},
            {"attempts", node.attempts},
            {"successes", node.successes},
            {"good", node.good},
            {"uptime_percent", uptime},
            {"history", attempts}};
}

}  // namespace

void RunReport(const ReportRequest& request, std::ostream& out)
{
    store::Database db = OpenForReport(request.db);
    if (request.monitor) {
        const MonitorSummary summary = ComputeMonitorSummary(db);
        if (request.html) {
            const std::string file_name = db.Path().filename().string();
            WriteFile(*request.html, [&](std::ostream& file) { WriteMonitorHtml(file, summary, file_name); });
        } else {
            out << (request.json ? MonitorToJson(summary).dump(2) + "\n" : MonitorText(summary));
        }
        return;
    }
    const CrawlInfo crawl = SelectCrawl(db, request.crawl);
    if (request.node) {
        const store::NodeHistory node = FindNode(db, crawl, *request.node);
        out << (request.json ? NodeHistoryToJson(node).dump(2) + "\n" : NodeHistoryText(node));
        return;
    }
    if (request.compare || request.compare_db) {
        Compare(request, db, crawl, out);
        return;
    }
    if (request.html) {
        WriteFile(*request.html, [&](std::ostream& file) { WriteHtml(file, db, crawl); });
        return;
    }
    const Summary summary = ComputeSummary(db, crawl);
    if (request.json) {
        out << SummaryToJson(summary).dump(2) << '\n';
    } else {
        out << SummaryText(summary);
    }
}

void RunExport(const ExportRequest& request, std::ostream& out)
{
    const auto emit = [&](const std::function<void(std::ostream&)>& write) {
        if (request.output) {
            WriteFile(*request.output, write);
        } else {
            write(out);
        }
    };
    if (request.format == SEEDS_FORMAT) {
        if (request.crawl) throw store::UsageError("--crawl does not apply to --format seeds (it covers every round)");
        store::Database db = OpenForReport(request.db);
        const auto nodes = store::LoadSeedNodes(db);
        emit([&](std::ostream& file) { WriteSeeds(file, nodes); });
        return;
    }
    const ExportFormat* format = FindExportFormat(request.format);
    if (!format) throw store::UsageError(fmt::format("unknown export format '{}'", request.format));
    store::Database db = OpenForReport(request.db);
    const CrawlInfo crawl = SelectCrawl(db, request.crawl);
    const auto nodes = LoadReachableNodes(db, crawl.id);
    emit([&](std::ostream& file) { format->write(file, crawl, nodes); });
}

int ExitCode(std::string_view command, const std::function<void()>& body, std::ostream& err)
{
    try {
        body();
        return 0;
    } catch (const store::UsageError& error) {
        err << "btccrawl " << command << ": " << error.what() << '\n';
        return 1;
    } catch (const std::exception& error) {
        err << "btccrawl " << command << ": " << error.what() << '\n';
        return 2;
    }
}

}  // namespace report
