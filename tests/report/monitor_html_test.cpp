// Why this file exists: `report --monitor --html` on the three rounds of fixture.h: every chart
// beside its table, the numbers of `--json` in those tables and lines, names escaped.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "report/run.h"
#include "tests/report/fixture.h"

namespace report::test {
namespace {

size_t Count(const std::string& text, const std::string& what)
{
    size_t count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

std::string MonitorHtml(const std::filesystem::path& db, const std::filesystem::path& output)
{
    EXPECT_EQ(ReportOutput({.db = db, .html = output, .monitor = true}), "");
    std::ifstream file(output);
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

std::string SectionOf(const std::string& html, const std::string& id)
{
    const size_t at = html.find(fmt::format(R"(<section id="{}">)", id));
    EXPECT_NE(at, std::string::npos) << id;
    return html.substr(at, html.find("</section>", at) - at);
}

TEST(MonitorHtml, EveryChartBesideItsTable)
{
    TempFolder folder;
    const std::string html = MonitorHtml(BuildMonitorDatabase(folder.Path()), folder.Path() / "monitor.html");
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(html.ends_with("</body></html>\n"));
    EXPECT_EQ(Count(html, "http"), 0u);
    EXPECT_EQ(Count(html, "<script"), 0u);
    EXPECT_NE(html.find(R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"), std::string::npos);
    size_t previous = 0;
    for (const char* id :
         {"up-by-network", "up-full-down", "churn", "transports", "user-agents", "protocol-versions", "uptime"}) {
        const size_t at = html.find(fmt::format(R"(<section id="{}"><h2>)", id));
        ASSERT_NE(at, std::string::npos) << id;
        EXPECT_GT(at, previous) << id;
        previous = at;
        const std::string section = SectionOf(html, id);
        EXPECT_LT(section.find("<svg"), section.find("<table>")) << id;
        EXPECT_EQ(Count(section, "<table>"), 1u) << id;
    }
    EXPECT_EQ(Count(html, R"(role="img")"), 7u);
    EXPECT_EQ(Count(html, "<svg"), 13u);  // each line chart's plot is an svg inside it
    EXPECT_EQ(Count(html, "</svg>"), 13u);
    EXPECT_NE(html.find("<div><b>3</b>rounds</div>"), std::string::npos);
}

TEST(MonitorHtml, TablesAndLinesHoldTheRoundsNumbers)
{
    TempFolder folder;
    const std::string html = MonitorHtml(BuildMonitorDatabase(folder.Path()), folder.Path() / "monitor.html");
    const std::string networks = SectionOf(html, "up-by-network");
    EXPECT_NE(networks.find("<tr><th>round</th><th>ipv4</th><th>ipv6</th></tr>"), std::string::npos) << networks;
    EXPECT_NE(networks.find("<tr><td>1</td><td>3</td><td>0</td></tr>"), std::string::npos);
    EXPECT_NE(networks.find("<tr><td>3</td><td>2</td><td>1</td></tr>"), std::string::npos);
    const std::string states = SectionOf(html, "up-full-down");
    EXPECT_NE(states.find("<tr><th>round</th><th>up</th><th>full</th><th>down</th></tr>"), std::string::npos);
    EXPECT_NE(states.find("<tr><td>1</td><td>3</td><td>1</td><td>0</td></tr>"), std::string::npos) << states;
    EXPECT_NE(states.find("<tr><td>2</td><td>2</td><td>1</td><td>1</td></tr>"), std::string::npos);
    EXPECT_NE(states.find("<tr><td>3</td><td>3</td><td>0</td><td>1</td></tr>"), std::string::npos);
    // up 3, 2, 3 on a top of 3.
    EXPECT_NE(states.find(R"(points="0.0,0.0 500.0,60.0 1000.0,0.0" class="line s1")"), std::string::npos);
    const std::string churn = SectionOf(html, "churn");
    EXPECT_NE(churn.find("<tr><th>round</th><th>joined</th><th>left</th><th>came back</th></tr>"), std::string::npos);
    EXPECT_NE(churn.find("<tr><td>1</td><td>3</td><td>0</td><td>0</td></tr>"), std::string::npos) << churn;
    EXPECT_NE(churn.find("<tr><td>2</td><td>0</td><td>1</td><td>0</td></tr>"), std::string::npos);
    EXPECT_NE(churn.find("<tr><td>3</td><td>1</td><td>1</td><td>1</td></tr>"), std::string::npos);
    const std::string transports = SectionOf(html, "transports");
    EXPECT_NE(transports.find("<tr><th>round</th><th>v2</th><th>v1</th></tr>"), std::string::npos) << transports;
    EXPECT_NE(transports.find("<tr><td>3</td><td>1</td><td>2</td></tr>"), std::string::npos) << transports;
    // A line per agent of the run, most frequent first; 0 in the rounds without it.
    const std::string agents = SectionOf(html, "user-agents");
    EXPECT_NE(agents.find("<tr><th>round</th><th>/Satoshi:27.0.0/</th><th>/Satoshi:26.0.0/</th></tr>"),
              std::string::npos)
        << agents;
    EXPECT_NE(agents.find("<tr><td>1</td><td>2</td><td>0</td></tr>"), std::string::npos) << agents;
    EXPECT_NE(agents.find("<tr><td>3</td><td>2</td><td>1</td></tr>"), std::string::npos) << agents;
    const std::string versions = SectionOf(html, "protocol-versions");
    EXPECT_NE(versions.find("<tr><th>round</th><th>70016</th><th>70015</th></tr>"), std::string::npos) << versions;
    EXPECT_NE(SectionOf(html, "uptime").find("<tr><td>0–10 %</td><td>4</td></tr>"), std::string::npos);
}

TEST(MonitorHtml, TheFileNameIsEscaped)
{
    TempFolder folder;
    const auto db = BuildMonitorDatabase(folder.Path(), "a<b>&\"c'.sqlite");
    const std::string html = MonitorHtml(db, folder.Path() / "monitor.html");
    EXPECT_NE(html.find("<title>btccrawl: monitor run of a&lt;b&gt;&amp;&quot;c&#39;.sqlite</title>"),
              std::string::npos);
    EXPECT_NE(html.find("<h1>Monitor run of a&lt;b&gt;&amp;&quot;c&#39;.sqlite</h1>"), std::string::npos);
    EXPECT_EQ(html.find("a<b>"), std::string::npos);
}

TEST(MonitorHtml, AFileWithoutAMonitorRunWritesNoPage)
{
    TempFolder folder;
    const auto db = BuildKnownDatabase(folder.Path());
    const auto page = folder.Path() / "monitor.html";
    std::ostringstream err;
    EXPECT_EQ(ExitCode(
                  "report", [&] { ReportOutput({.db = db, .html = page, .monitor = true}); }, err),
              1);
    EXPECT_EQ(err.str(), "btccrawl report: " + db.string() + " holds no monitor run\n");
    EXPECT_FALSE(std::filesystem::exists(page));
}

}  // namespace
}  // namespace report::test
