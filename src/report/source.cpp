// Why this file exists: the one place that turns --db/--crawl (or their absence) into an open
// database and a crawl row, so every report and export names the same crawl the same way.
#include "report/source.h"

#include <fmt/format.h>

#include "store/queries.h"

namespace report {

namespace {

// When its newest crawl started; nullopt for a file that is not a readable btccrawl database with a
// crawl, which ranks below every other (chosen only alone, it then fails with its own message).
std::optional<store::TimeMs> NewestCrawlStart(const std::filesystem::path& path)
{
    try {
        store::Database db(path, store::OpenMode::peek);
        return store::NewestCrawlStart(db);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::filesystem::path FindDefaultDatabase(const std::filesystem::path& folder)
{
    // Ranked by (start of the newest crawl, name): names alone mislead, a second file of the same
    // second is named ...Z-2.sqlite, which sorts before ...Z.sqlite, and a reused file's name
    // dates its first crawl only.
    std::optional<std::pair<std::optional<store::TimeMs>, std::filesystem::path>> newest;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("crawl-") || !name.ends_with(".sqlite") || !entry.is_regular_file()) continue;
        auto candidate = std::make_pair(NewestCrawlStart(entry.path()), entry.path());
        if (!newest || candidate > *newest) newest = std::move(candidate);
    }
    if (!newest) {
        throw store::UsageError(fmt::format("no crawl-*.sqlite file in {}; pass --db FILE", folder.string()));
    }
    return newest->second;
}

store::Database OpenForReport(const std::optional<std::filesystem::path>& db_option)
{
    const auto path = db_option ? *db_option : FindDefaultDatabase(std::filesystem::current_path());
    return store::Database(path, store::OpenMode::read_only);
}

CrawlInfo SelectCrawl(store::Database& db, std::optional<int64_t> requested)
{
    auto crawl = store::FindCrawl(db, requested);
    if (!crawl) {
        if (requested) {
            throw store::UsageError(fmt::format("crawl {} not found in {}", *requested, db.Path().string()));
        }
        throw store::UsageError(fmt::format("{} holds no crawl", db.Path().string()));
    }
    return *crawl;
}

}  // namespace report
