// Why this file exists: which file and crawl a report describes by default, and the one-line
// errors (exit 1) when the choice is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/run.h"
#include "report/source.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

// Runs from `folder` as the current directory, as a user without --db would.
class InFolder {
public:
    explicit InFolder(const std::filesystem::path& folder) : m_previous(std::filesystem::current_path())
    {
        std::filesystem::current_path(folder);
    }
    ~InFolder() { std::filesystem::current_path(m_previous); }

private:
    std::filesystem::path m_previous;
};

std::pair<int, std::string> Failure(const ReportRequest& request)
{
    std::ostringstream out, err;
    const int code = ExitCode(
        "report", [&] { RunReport(request, out); }, err);
    return {code, err.str()};
}

TEST(Source, DefaultDatabaseIsTheNewestCrawlFileByName)
{
    TempFolder folder;
    const auto newest = BuildKnownDatabase(folder.Path(), "crawl-20240102T000000Z.sqlite");
    {
        Builder older(folder.Path() / "crawl-20231231T235959Z.sqlite");
        older.Db().StartCrawl("regtest", "{}", BASE);
    }
    std::ofstream(folder.Path() / "crawl-99999999T999999Z.sqlite.bak") << "not a crawl";
    std::ofstream(folder.Path() / "zzz.sqlite") << "not a crawl";
    EXPECT_EQ(FindDefaultDatabase(folder.Path()), newest);

    InFolder here(folder.Path());
    EXPECT_EQ(nlohmann::json::parse(ReportOutput({.json = true}))["addresses_known"], 7);
}

// A crawl file holding one crawl started at `started_at`.
void CrawlFile(const std::filesystem::path& path, int64_t started_at)
{
    Builder builder(path);
    builder.Db().StartCrawl("regtest", "{}", started_at);
}

TEST(Source, DefaultDatabaseIsTheFileWhoseNewestCrawlStartedLast)
{
    TempFolder folder;
    // Two crawls started in the same second: the second file is named ...Z-2, which sorts first.
    CrawlFile(folder.Path() / "crawl-20231114T221320Z.sqlite", BASE);
    CrawlFile(folder.Path() / "crawl-20231114T221320Z-2.sqlite", BASE + 400);
    EXPECT_EQ(FindDefaultDatabase(folder.Path()), folder.Path() / "crawl-20231114T221320Z-2.sqlite");
    // An old file reused by a newer crawl (--db) wins over newer names.
    CrawlFile(folder.Path() / "crawl-20231115T000000Z.sqlite", BASE + 1000);
    {
        Builder reused(folder.Path() / "crawl-20200101T000000Z.sqlite");
        reused.Db().StartCrawl("regtest", "{}", BASE - 1'000'000);
        reused.Db().StartCrawl("regtest", "{}", BASE + 2000);
    }
    EXPECT_EQ(FindDefaultDatabase(folder.Path()), folder.Path() / "crawl-20200101T000000Z.sqlite");
    // Files without a crawl, or not databases at all, rank below every crawl.
    {
        Builder empty(folder.Path() / "crawl-99990101T000000Z.sqlite");
    }
    std::ofstream(folder.Path() / "crawl-99990102T000000Z.sqlite") << "not a crawl";
    EXPECT_EQ(FindDefaultDatabase(folder.Path()), folder.Path() / "crawl-20200101T000000Z.sqlite");
}

TEST(Source, DefaultDatabaseSearchLeavesNoSideFiles)
{
    TempFolder folder;
    CrawlFile(folder.Path() / "crawl-20231114T221320Z.sqlite", BASE);
    CrawlFile(folder.Path() / "crawl-20231114T221321Z.sqlite", BASE + 1000);
    FindDefaultDatabase(folder.Path());
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder.Path()))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"crawl-20231114T221320Z.sqlite", "crawl-20231114T221321Z.sqlite"}));
}

TEST(Source, OnlyUnreadableCrawlFilesFailWithTheirOwnMessage)
{
    TempFolder folder;
    std::ofstream(folder.Path() / "crawl-20231114T221320Z.sqlite") << "not a crawl";
    InFolder here(folder.Path());
    EXPECT_EQ(Failure({}),
              std::make_pair(1, "btccrawl report: " + (folder.Path() / "crawl-20231114T221320Z.sqlite").string() +
                                    ": not a btccrawl database (not an SQLite file)\n"));
}

TEST(Source, NoCrawlFileInTheFolder)
{
    TempFolder folder;
    InFolder here(folder.Path());
    EXPECT_EQ(Failure({}), std::make_pair(1, "btccrawl report: no crawl-*.sqlite file in " +
                                                 std::filesystem::current_path().string() + "; pass --db FILE\n"));
}

TEST(Source, MissingFile)
{
    TempFolder folder;
    const auto path = folder.Path() / "nope.sqlite";
    EXPECT_EQ(Failure({.db = path}), std::make_pair(1, "btccrawl report: " + path.string() + ": no such file\n"));
}

TEST(Source, NotABtccrawlDatabase)
{
    TempFolder folder;
    const auto path = folder.Path() / "text.sqlite";
    std::ofstream(path) << "hello, this is not SQLite at all, but long enough to have a header......"
                           "................................................................";
    EXPECT_EQ(Failure({.db = path}), std::make_pair(1, "btccrawl report: " + path.string() +
                                                           ": not a btccrawl database (not an SQLite file)\n"));
}

TEST(Source, UnknownCrawl)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    EXPECT_EQ(Failure({.db = db, .crawl = 3}),
              std::make_pair(1, "btccrawl report: crawl 3 not found in " + db.string() + "\n"));
}

TEST(Source, FileWithoutCrawls)
{
    TempFolder folder;
    const auto path = folder.Path() / "fresh.sqlite";
    {
        Builder builder(path);
    }
    EXPECT_EQ(Failure({.db = path}), std::make_pair(1, "btccrawl report: " + path.string() + " holds no crawl\n"));
}

TEST(Source, SelectCrawlReadsTheRow)
{
    TempFolder folder;
    store::Database db(BuildKnownDatabase(folder.Path()), store::OpenMode::read_only);
    const CrawlInfo crawl = SelectCrawl(db, 1);
    EXPECT_EQ(crawl.id, 1);
    EXPECT_EQ(crawl.chain, "regtest");
    EXPECT_EQ(crawl.status, "finished");
    EXPECT_EQ(crawl.started_at, BASE - 100'000);
    EXPECT_EQ(crawl.finished_at, BASE - 50'000);
}

}  // namespace
}  // namespace report::test
