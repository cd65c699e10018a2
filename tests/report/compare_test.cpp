// Why this file exists: `report --compare` on the known database (fixture.h): crawl 1 -> crawl 2,
// within one file and across two files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/run.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

std::string Expected(const std::string& before_db, const std::string& after_db)
{
    auto expected = nlohmann::ordered_json::parse(R"({
        "before": {"db": "", "crawl": 1}, "after": {"db": "", "crawl": 2},
        "before_reachable": 3, "after_reachable": 5, "in_both": 2,
        "appeared": ["127.0.0.10:18444", "[::1]:18444", "ONION"],
        "disappeared": ["10.0.0.1:8333"],
        "user_agent_changed": [{"node": "127.0.0.1:18444", "before": "/Satoshi:26.0.0/", "after": "/Satoshi:27.0.0/"}],
        "height_changed": [{"node": "127.0.0.1:18444", "before": 799000, "after": 800000}]
    })");
    expected["before"]["db"] = before_db;
    expected["after"]["db"] = after_db;
    expected["appeared"][2] = std::string(ONION) + ":18444";
    return expected.dump(2) + "\n";
}

TEST(Compare, NewestAgainstAnOlderCrawlOfTheSameFile)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    EXPECT_EQ(ReportOutput({.db = db, .json = true, .compare = 1}), Expected(db.string(), db.string()));
}

TEST(Compare, AgainstTheNewestCrawlOfAnotherFile)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    // A second file whose newest crawl is crawl 1 of the first: same nodes, same ids.
    const auto other = folder.Path() / "older.sqlite";
    {
        Builder builder(other);
        const int64_t a1 = builder.Address(V4(127, 0, 0, 1, 18444));
        const int64_t a2 = builder.Address(V4(127, 0, 0, 2, 18444));
        const int64_t a7 = builder.Address(V4(10, 0, 0, 1, 8333));
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE - 100'000);
        builder.Connection(crawl, a1, 1, -99'000, -98'990, -98'970, -98'000, store::Outcome::ok,
                           Builder::Version{70016, WITNESS_NODE, "/Satoshi:26.0.0/", 799000});
        builder.Connection(crawl, a2, 1, -99'000, -98'990, -98'970, -98'000, store::Outcome::ok,
                           Builder::Version{70015, 9, "/Satoshi:0.21.0/", 800010});
        builder.Connection(crawl, a7, 1, -99'000, -98'990, -98'970, -98'000, store::Outcome::ok,
                           Builder::Version{70016, 1, "/Satoshi:25.0.0/", 798000});
    }
    EXPECT_EQ(ReportOutput({.db = db, .json = true, .compare_db = other}), Expected(other.string(), db.string()));
}

TEST(Compare, TextListsEveryChange)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string expected = "before: crawl 1 of " + db.string() +
                                 "\n"
                                 "after:  crawl 2 of " +
                                 db.string() +
                                 "\n"
                                 "\n"
                                 "  reachable before    3\n"
                                 "  reachable after     5\n"
                                 "  in both             2\n"
                                 "  appeared            3\n"
                                 "  disappeared         1\n"
                                 "  user agent changed  1\n"
                                 "  height changed      1\n"
                                 "\n"
                                 "appeared\n"
                                 "  127.0.0.10:18444\n"
                                 "  [::1]:18444\n"
                                 "  " +
                                 ONION +
                                 ":18444\n"
                                 "\n"
                                 "disappeared\n"
                                 "  10.0.0.1:8333\n"
                                 "\n"
                                 "user agent changed\n"
                                 "  127.0.0.1:18444  /Satoshi:26.0.0/  ->  /Satoshi:27.0.0/\n"
                                 "\n"
                                 "height changed\n"
                                 "  127.0.0.1:18444  799000  ->  800000\n";
    EXPECT_EQ(ReportOutput({.db = db, .compare = 1}), expected);
}

TEST(Compare, UnknownCompareCrawl)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    std::ostringstream err;
    EXPECT_EQ(ExitCode(
                  "report", [&] { ReportOutput({.db = db, .compare = 9}); }, err),
              1);
    EXPECT_EQ(err.str(), "btccrawl report: crawl 9 not found in " + db.string() + "\n");
}

}  // namespace
}  // namespace report::test
