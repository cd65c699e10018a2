// Why this file exists: the `report` text form shows the same numbers as the JSON, aligned.
#include <gtest/gtest.h>

#include "report/run.h"
#include "store/writer_lock.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

TEST(SummaryText, KnownDatabaseWholeOutput)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    EXPECT_EQ(ReportOutput({.db = db}),
              "crawl 2 (regtest, finished)\n"
              "  started   2023-11-14 22:13:20 UTC\n"
              "  finished  2023-11-14 22:14:20 UTC\n"
              "  duration  60.5 s\n"
              "\n"
              "addresses\n"
              "  known in file    7\n"
              "  learned          7\n"
              "  attempted        6\n"
              "  reachable        5\n"
              "  distinct nodes   4\n"
              "  addr messages    4\n"
              "  addr entries    11\n"
              "\n"
              "by network\n"
              "         learned  reachable\n"
              "  ipv4         5          3\n"
              "  ipv6         1          1\n"
              "  onion        1          1\n"
              "  i2p          0          0\n"
              "  cjdns        0          0\n"
              "\n"
              "transport (BIP324): 0.0 % of reachable nodes completed a v2 handshake\n"
              "  network  reachable  v2  v2 share  NODE_P2P_V2, no v2  v2, no NODE_P2P_V2\n"
              "  ipv4             3   0     0.0 %                   0                   0\n"
              "  ipv6             1   0     0.0 %                   0                   0\n"
              "  onion            1   0     0.0 %                   0                   0\n"
              "\n"
              "outcomes (newest attempt of each address)\n"
              "  ok                 4  66.7%\n"
              "  no_addr            1  16.7%\n"
              "  refused            0   0.0%\n"
              "  unreachable        1  16.7%\n"
              "  connect_timeout    0   0.0%\n"
              "  handshake_timeout  0   0.0%\n"
              "  peer_closed        0   0.0%\n"
              "  protocol_error     0   0.0%\n"
              "  proxy_error        0   0.0%\n"
              "  cancelled          0   0.0%\n"
              "\n"
              "user agents (top 20)\n"
              "  /Satoshi:27.0.0/        2  50.0%\n"
              "  /Satoshi:0.21.0/        1  25.0%\n"
              "  /bad\\xFF\\x01agent,\"q\"/  1  25.0%\n"
              "\n"
              "protocol versions\n"
              "  70016  3  75.0%\n"
              "  70015  1  25.0%\n"
              "\n"
              "services\n"
              "  1033  3  75.0%\n"
              "  9     1  25.0%\n"
              "\n"
              "service flags\n"
              "  NODE_NETWORK          4  100.0%\n"
              "  NODE_GETUTXO          0    0.0%\n"
              "  NODE_BLOOM            0    0.0%\n"
              "  NODE_WITNESS          4  100.0%\n"
              "  NODE_COMPACT_FILTERS  0    0.0%\n"
              "  NODE_NETWORK_LIMITED  3   75.0%\n"
              "  NODE_P2P_V2           0    0.0%\n"
              "\n"
              "start height\n"
              "  min     799990\n"
              "  median  800000\n"
              "  max     800010\n"
              "\n"
              "1 reachable node(s) sent a version message that did not decode\n");
}

// Multi-byte UTF-8 counts one column per code point; a running crawl shows "-" for its end, and
// that it died when no process writes the file.
TEST(SummaryText, RunningCrawlAndWideCharacters)
{
    TempFolder folder;
    const auto path = folder.Path() / "running.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        const int64_t a = builder.Address(V4(127, 0, 0, 1, 18444));
        const int64_t b = builder.Address(V4(127, 0, 0, 2, 18444));
        builder.Connection(crawl, a, 1, 0, 1, 2, 3, store::Outcome::ok, Builder::Version{70016, 1, "/caf\xc3\xa9/", 7});
        builder.Connection(crawl, b, 1, 0, 1, 2, 3, store::Outcome::ok, Builder::Version{70016, 1, "/cafe/", 7});
    }
    const std::string text = ReportOutput({.db = path});
    EXPECT_NE(text.find("crawl 1 (regtest, died: no process writes it, killed or crashed; --resume continues it)\n"
                        "  started   2023-11-14 22:13:20 UTC\n"
                        "  finished  -\n"
                        "  duration  0.0 s so far\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("user agents (top 20)\n"
                        "  /cafe/  1  50.0%\n"
                        "  /caf\xc3\xa9/  1  50.0%\n"),
              std::string::npos)
        << text;
}

// The first line says what became of each crawl: why an interrupted one stopped, and whether a
// 'running' one is written by a live process (the file's WriterLock) or died. Of two 'running'
// rows only the newest can be the writer's.
TEST(SummaryText, StatusSaysWhyACrawlStoppedAndWhetherItIsAlive)
{
    TempFolder folder;
    const auto path = folder.Path() / "status.sqlite";
    {
        Builder builder(path);
        builder.Db().FinishCrawl(builder.Db().StartCrawl("regtest", "{}", BASE), store::CrawlEnd::max_duration,
                                 BASE + 1);
        builder.Db().FinishCrawl(builder.Db().StartCrawl("regtest", "{}", BASE), store::CrawlEnd::killed, BASE + 1);
        builder.Db().StartCrawl("regtest", "{}", BASE);
        builder.Db().StartCrawl("regtest", "{}", BASE);
    }
    const auto first_line = [&](int64_t crawl) {
        const std::string text = ReportOutput({.db = path, .crawl = crawl});
        return text.substr(0, text.find('\n'));
    };
    EXPECT_EQ(first_line(1), "crawl 1 (regtest, interrupted at --max-duration)");
    EXPECT_EQ(first_line(2), "crawl 2 (regtest, interrupted when its process died)");
    const std::string died = "regtest, died: no process writes it, killed or crashed; --resume continues it)";
    EXPECT_EQ(first_line(4), "crawl 4 (" + died);
    const store::WriterLock writer{path};
    EXPECT_EQ(first_line(4), "crawl 4 (regtest, running)");
    EXPECT_EQ(first_line(3), "crawl 3 (" + died);
}

}  // namespace
}  // namespace report::test
