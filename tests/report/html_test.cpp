// Why this file exists: the HTML report is one self-contained file with every chart drawn, and a
// hostile user agent cannot inject markup into it.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fstream>
#include <regex>

#include "report/run.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

std::string Html(const std::filesystem::path& db, const std::filesystem::path& output)
{
    EXPECT_EQ(ReportOutput({.db = db, .html = output}), "");
    std::ifstream file(output);
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

size_t Count(const std::string& text, const std::string& what)
{
    size_t count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

TEST(Html, SelfContainedWithEveryChart)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const std::string html = Html(db, folder.Path() / "report.html");
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(html.ends_with("</body></html>\n"));
    // Nothing fetched: no URL, no script, no external stylesheet or font.
    EXPECT_EQ(Count(html, "http"), 0u);
    EXPECT_EQ(Count(html, "<script"), 0u);
    EXPECT_EQ(Count(html, "<link"), 0u);
    EXPECT_NE(html.find(R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"), std::string::npos);
    for (const char* title :
         {"Reachable nodes by network", "User agents (top 15)", "Protocol versions", "Service flags", "Start height",
          "Outcome of every attempt", "Connect latency", "Handshake latency", "Crawl timeline"}) {
        const size_t at = html.find(std::string("><h2>") + title + "</h2>");
        ASSERT_NE(at, std::string::npos) << title;
        // Each section: a non-empty chart, then the table of its numbers.
        const size_t svg = html.find("<svg", at);
        const size_t end = html.find("</section>", at);
        ASSERT_LT(svg, end) << title;
        EXPECT_TRUE(html.find("<rect", svg) < end || html.find("<polyline", svg) < end) << title;
        EXPECT_LT(html.find("<table>", svg), end) << title;
    }
    EXPECT_EQ(Count(html, R"(role="img")"), 9u);
    EXPECT_EQ(Count(html, "<svg"), 10u);  // the timeline's plot is an svg inside its chart
    EXPECT_EQ(Count(html, "</svg>"), 10u);
    for (const char* id : {"networks", "user-agents", "protocol-versions", "service-flags", "start-height", "outcomes",
                           "connect-latency", "handshake-latency", "timeline"}) {
        EXPECT_EQ(Count(html, fmt::format(R"(<section id="{}"><h2>)", id)), 1u) << id;
    }
    // Numbers of the known database in the tables.
    EXPECT_NE(html.find("<tr><td>ipv4</td><td>3</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><td>/Satoshi:27.0.0/</td><td>2</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><td>70016</td><td>3</td></tr>"), std::string::npos);
    // Every attempt, not only the newest: 4 ok, and the refused first attempt of 127.200.0.1.
    EXPECT_NE(html.find("<tr><td>ok</td><td>4</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><td>connect_timeout</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><td>refused</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><th>outcome</th><th>attempts</th></tr>"), std::string::npos);
    EXPECT_NE(html.find("<tr><th>network</th><th>nodes</th></tr>"), std::string::npos);
    // Timeline at its end: 7 known, 6 done, 5 reachable.
    EXPECT_NE(html.find("<tr><td>60.5</td><td>7</td><td>6</td><td>5</td></tr>"), std::string::npos);
}

std::string SectionOf(const std::string& html, const std::string& id)
{
    const size_t at = html.find(fmt::format(R"(<section id="{}">)", id));
    return html.substr(at, html.find("</section>", at) - at);
}

TEST(Html, HistogramsUseRoundBinsAlignedOnTheirWidth)
{
    TempFolder folder;
    const std::string html = Html(BuildKnownDatabase(folder.Path()), folder.Path() / "report.html");
    // Heights 799990, 800000, 800005, 800010: a span of 21 in 12 bins needs a width of 2.
    const std::string heights = SectionOf(html, "start-height");
    EXPECT_EQ(Count(heights, "<tr><td>"), 11u);
    EXPECT_NE(heights.find("<tr><td>799990–799991</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(heights.find("<tr><td>799992–799993</td><td>0</td></tr>"), std::string::npos);
    EXPECT_NE(heights.find("<tr><td>800010–800011</td><td>1</td></tr>"), std::string::npos);
}

TEST(Html, LatencyHistogramsUseBinsGrowingIn125Steps)
{
    TempFolder folder;
    const std::string html = Html(BuildKnownDatabase(folder.Path()), folder.Path() / "report.html");
    // Connect times 1, 3, 5, 10 and 100 ms: from the bin of 1 to the bin of 100, empty ones kept.
    const std::string connect = SectionOf(html, "connect-latency");
    EXPECT_EQ(Count(connect, "<tr><td>"), 7u);
    for (const char* row : {"<tr><td>1 ms</td><td>1</td></tr>", "<tr><td>2–4 ms</td><td>1</td></tr>",
                            "<tr><td>5–9 ms</td><td>1</td></tr>", "<tr><td>10–19 ms</td><td>1</td></tr>",
                            "<tr><td>20–49 ms</td><td>0</td></tr>", "<tr><td>50–99 ms</td><td>0</td></tr>",
                            "<tr><td>100–199 ms</td><td>1</td></tr>"}) {
        EXPECT_NE(connect.find(row), std::string::npos) << row;
    }
    // Handshake times 3, 15, 20, 47 and 200 ms.
    const std::string handshake = SectionOf(html, "handshake-latency");
    EXPECT_EQ(Count(handshake, "<tr><td>"), 7u);
    EXPECT_NE(handshake.find("<tr><td>2–4 ms</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(handshake.find("<tr><td>20–49 ms</td><td>2</td></tr>"), std::string::npos);
    EXPECT_NE(handshake.find("<tr><td>200–499 ms</td><td>1</td></tr>"), std::string::npos);
}

// 1000 nodes answering in 0–2 ms and one in 3 s (what btcsim's slow nodes do): equal-width bins
// would put the thousand in one bin of 0–249 ms; these spread the fast ones and keep the slow one.
TEST(Html, LatencyBinsSeparateFastNodesFromAFarSlowOne)
{
    TempFolder folder;
    const auto path = folder.Path() / "tail.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        for (int index = 0; index < 1001; ++index) {
            const int64_t handshake = index == 1000 ? 3001 : index % 3;
            builder.Connection(crawl, builder.Address(V4(127, 1, index / 256, index % 256, 18444)), 1, 0, 1,
                               1 + handshake, 4000, store::Outcome::ok, Builder::Version{70016, 1, "/a/", 7});
        }
    }
    const std::string handshake = SectionOf(Html(path, folder.Path() / "report.html"), "handshake-latency");
    EXPECT_NE(handshake.find("<tr><td>0 ms</td><td>334</td></tr>"), std::string::npos) << handshake;
    EXPECT_NE(handshake.find("<tr><td>1 ms</td><td>333</td></tr>"), std::string::npos);
    EXPECT_NE(handshake.find("<tr><td>2–4 ms</td><td>333</td></tr>"), std::string::npos);
    EXPECT_NE(handshake.find("<tr><td>2000–4999 ms</td><td>1</td></tr>"), std::string::npos);
    EXPECT_EQ(Count(handshake, "<tr><td>"), 12u);
}

TEST(Html, NamesTheFileAndTheCrawl)
{
    TempFolder folder;
    const std::string html = Html(BuildKnownDatabase(folder.Path()), folder.Path() / "report.html");
    EXPECT_NE(html.find("<title>btccrawl: crawl 2 of crawl-20231114T221320Z.sqlite</title>"), std::string::npos);
    EXPECT_NE(html.find("<h1>Crawl 2 of crawl-20231114T221320Z.sqlite</h1>"
                        R"(<p class="when">regtest · finished · started 2023-11-14 22:13:20 UTC</p>)"),
              std::string::npos);
    EXPECT_EQ(html.find(folder.Path().string()), std::string::npos);  // not the folders
}

TEST(Html, RunningCrawlShowsItsDurationSoFar)
{
    TempFolder folder;
    const auto path = folder.Path() / "running.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        builder.Connection(crawl, builder.Address(V4(127, 0, 0, 1, 18444)), 1, 0, 1, 2, 12'300, store::Outcome::ok,
                           Builder::Version{70016, 1, "/a/", 7});
    }
    const std::string html = Html(path, folder.Path() / "report.html");
    EXPECT_NE(html.find("<div><b>12.3 s so far</b>duration</div>"), std::string::npos);
}

TEST(Html, NarrowHistogramLabelsEachValueAndLongLabelsAreShortenedInTheChartOnly)
{
    TempFolder folder;
    const auto path = folder.Path() / "narrow.sqlite";
    std::string long_agent;
    for (int letter = 0; letter < 30; ++letter)
        long_agent += "é";  // 60 bytes, two per code point
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        builder.Connection(crawl, builder.Address(V4(127, 0, 0, 1, 18444)), 1, 0, 1, 2, 3, store::Outcome::ok,
                           Builder::Version{70016, 1, long_agent, 7});
        builder.Connection(crawl, builder.Address(V4(127, 0, 0, 2, 18444)), 1, 0, 4, 5, 6, store::Outcome::ok,
                           Builder::Version{70016, 1, "/a/", 10});
    }
    const std::string html = Html(path, folder.Path() / "report.html");
    const std::string heights = SectionOf(html, "start-height");
    EXPECT_EQ(Count(heights, "<tr><td>"), 4u);
    EXPECT_NE(heights.find("<tr><td>7</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(heights.find("<tr><td>8</td><td>0</td></tr>"), std::string::npos);
    EXPECT_NE(heights.find("<tr><td>10</td><td>1</td></tr>"), std::string::npos);
    // 48 bytes at most: 23 whole code points (46 bytes), never half of one, then the ellipsis.
    const std::string agents = SectionOf(html, "user-agents");
    EXPECT_NE(agents.find(R"(class="label">)" + long_agent.substr(0, 46) + "…</text>"), std::string::npos);
    EXPECT_NE(agents.find("<tr><td>" + long_agent + "</td><td>1</td></tr>"), std::string::npos);
}

TEST(Html, UserAgentsCannotInjectMarkup)
{
    TempFolder folder;
    const auto path = folder.Path() / "hostile.sqlite";
    {
        Builder builder(path);
        const int64_t crawl = builder.Db().StartCrawl("regtest", "{}", BASE);
        const int64_t address = builder.Address(V4(127, 0, 0, 1, 18444));
        builder.Connection(crawl, address, 1, 0, 1, 2, 3, store::Outcome::ok,
                           Builder::Version{70016, 1, "<script>alert('x')</script>&", 7});
    }
    const std::string html = Html(path, folder.Path() / "report.html");
    EXPECT_EQ(Count(html, "<script"), 0u);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"), std::string::npos);
}

}  // namespace
}  // namespace report::test
