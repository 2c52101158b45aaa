// End-to-end tests of the board pack from the CLI against a real
// trustfit-server with a SQLite store: `report` (recorded and on the spot,
// HTML and PDF), `agreement`, `history --report`, and batch results with
// coordinates, as GeoJSON and on a map. Every file the CLI writes is opened
// in headless Chromium by tests/scoring/report/browser_test.py.

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/cli_runner.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/report/geojson_checks.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

class BoardPackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new ScratchStore();
    server_ =
        ServerProcess::Start({"--store=" + store_->Create(Backend::kSqlite)})
            .release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete store_;
  }

  static CliResult Run(const std::vector<std::string>& args,
                       const std::vector<std::string>& env = {}) {
    return RunCli(server_->address(), args, "/dev/null", env);
  }
  static std::string Golden(const std::string& name) {
    return SourcePath("tests/testdata/golden/" + name + ".candidate.json");
  }
  static std::string Scratch(const std::string& name) {
    return absl::StrCat(TempDirectory(), "/board-pack-", getpid(), "-", name);
  }
  static std::string UrnOf(const std::string& golden) {
    return GoldenCandidate(golden).identity().urn();
  }
  static std::string NameOf(const std::string& golden) {
    return GoldenCandidate(golden).identity().name();
  }
  // Records `golden` with `extra` flags; returns its name.
  static std::string Assess(const std::string& golden,
                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-o", "table", "assess",
                                     "--cluster=north"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(Golden(golden));
    const CliResult r = Run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return std::string(absl::StripTrailingAsciiWhitespace(r.out));
  }

  // Opens `path` in headless Chromium: not blank, and its text holds each of
  // `expected` (browser_test.py --file).
  static void ExpectOpensInABrowser(const std::string& path,
                                    const std::vector<std::string>& expected) {
#ifdef TRUSTFIT_BROWSER_TEST
    std::vector<std::string> argv = {
        "/usr/bin/python3",    TRUSTFIT_BROWSER_TEST, "--file", path, "--out",
        Scratch("screenshots")};
    for (const std::string& text : expected) {
      argv.push_back("--expect");
      argv.push_back(text);
    }
    const std::string log = Scratch("browser.log");
    const int code = WaitForPid(SpawnProcess(argv, log), absl::Seconds(300));
    EXPECT_EQ(code, 0) << ReadWholeFile(log);
#else
    (void)path;
    (void)expected;
#endif
  }

  static ServerProcess* server_;
  static ScratchStore* store_;
};

ServerProcess* BoardPackTest::server_ = nullptr;
ScratchStore* BoardPackTest::store_ = nullptr;

TEST_F(BoardPackTest, ReportOfARecordedAssessment) {
  const std::string name = Assess(
      "strong_local", {"--arrangement=associate-integration",
                       "--requester=ceo-office", "--note=After the visit"});
  const std::string path = Scratch("recorded.report.html");
  const CliResult r = Run({"report", name, "--out", path});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("wrote " + path));
  const std::string html = ReadWholeFile(path);
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<h1>Allerton High School</h1>"));
  EXPECT_THAT(html, HasSubstr("Associate with a view to integration"));
  EXPECT_THAT(html, HasSubstr(absl::StrCat("Record ", name,
                                           ", requested by ceo-office")));
  EXPECT_THAT(html, HasSubstr("What would it take"));
  EXPECT_THAT(html, HasSubstr("Nothing to change"));
  EXPECT_THAT(html, HasSubstr("Net cost"));
  EXPECT_THAT(html, Not(HasSubstr("Outlook: provisional")));  // Complete.
  ExpectOpensInABrowser(path, {"Allerton High School",
                               "Associate with a view to integration", name});
}

TEST_F(BoardPackTest, ReportOfACandidateFileScoredAndQuotedOnTheSpot) {
  // Public data only: the outlook, and what it would take.
  const std::string path = Scratch("public.report.html");
  CliResult r = Run({"report", "--candidate", Golden("public_data"),
                     "--cluster=north", "--out", path});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string html = ReadWholeFile(path);
  EXPECT_THAT(html, HasSubstr("Outlook: provisional while data is missing"));
  EXPECT_THAT(html, HasSubstr("Provisionally: Trust partnership"));
  EXPECT_THAT(html, HasSubstr("Data to collect first"));
  EXPECT_THAT(html, HasSubstr("What would it take"));
  EXPECT_THAT(html, HasSubstr("Not recorded: scored on the spot"));
  EXPECT_THAT(html, HasSubstr("No quote: the recommendation"));
  ExpectOpensInABrowser(
      path, {"Provisionally: Trust partnership", "Data to collect first"});

  // Quoted as asked, to stdout.
  r = Run({"report", "--candidate", Golden("coasting"), "--cluster=north",
           "--arrangement=trust-partnership", "--term=13",
           "--start=2027-01-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(r.out, HasSubstr("<h1>Wetherby High School</h1>"));
  EXPECT_THAT(r.out, HasSubstr("Net cost"));
  EXPECT_THAT(r.out, HasSubstr("1 January 2027"));
  EXPECT_THAT(r.out, HasSubstr("What would it take: Strategic associate"));
}

TEST_F(BoardPackTest, ReportPrintsToPdfThroughHeadlessChromium) {
  const std::string name = Assess("deficit");
  const std::string path = Scratch("deficit.report.pdf");
  const CliResult r = Run({"report", name, "--format=pdf", "--out", path});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(ReadWholeFile(path), StartsWith("%PDF-"));
}

TEST_F(BoardPackTest, PdfWithoutChromiumSaysHowToGetIt) {
  const std::string name = Assess("deficit");
  const CliResult r =
      Run({"report", name, "--format=pdf", "--out", Scratch("none.pdf")},
          {"TRUSTFIT_CHROMIUM=/nonexistent/chromium"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--format pdf: TRUSTFIT_CHROMIUM is "
                               "/nonexistent/chromium, which is not a "
                               "program that can be run"));
}

TEST_F(BoardPackTest, ReportAndAgreementErrors) {
  CliResult r = Run({"report", "assessments/0123456789abcdef"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("RECORD_NOT_FOUND"));
  r = Run({"agreement", "0123456789abcdef"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("RECORD_NOT_FOUND"));
  r = Run({"report"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("give a recorded assessment's NAME, or "
                               "--candidate FILE"));
  r = Run({"report", "--candidate", Golden("coasting")});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--candidate needs --cluster"));
  r = Run(
      {"report", "x", "--candidate", Golden("coasting"), "--cluster=north"});
  EXPECT_EQ(r.code, 2);
  r = Run({"report", "x", "--format=docx"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--format"));
  r = Run({"agreement", "x", "--format=pdf"});
  EXPECT_EQ(r.code, 2);
  r = Run({"report", "--candidate", Golden("coasting"), "--cluster=nowhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("CLUSTER_NOT_FOUND"));
  r = Run({"report", "x", "--out", "/nonexistent/dir/report.html"});
  EXPECT_EQ(r.code, 1);  // The record is looked up first: it does not exist.
  // Without a quote there is nothing to agree.
  r = Run({"agreement", Assess("catholic")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("an agreement needs a quote"));
}

TEST_F(BoardPackTest, AgreementInHtmlAndMarkdown) {
  const std::string name = Assess(
      "coasting",
      {"--arrangement=trust-partnership", "--term=13", "--start=2027-01-01"});
  const std::string path = Scratch("coasting.agreement.html");
  CliResult r = Run({"agreement", name, "--out", path});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = ReadWholeFile(path);
  EXPECT_THAT(html, HasSubstr("Wetherby High School"));
  EXPECT_THAT(html, HasSubstr("Trust partnership"));
  EXPECT_THAT(html, HasSubstr("Towards Strategic associate: "));
  ExpectOpensInABrowser(path, {"Wetherby High School", "Trust partnership"});
  r = Run({"agreement", name, "--format=markdown"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("# "));
  EXPECT_THAT(r.out, HasSubstr("Wetherby High School"));
  EXPECT_THAT(r.out, Not(HasSubstr("<p>")));
}

TEST_F(BoardPackTest, HistoryDrawsTheTrajectory) {
  Assess("safeguarding_not_met", {"--note=First"});
  Assess("safeguarding_not_met", {"--note=Second"});
  const std::string page = Scratch("trajectory.html");
  CliResult r =
      Run({"history", "--report", page, UrnOf("safeguarding_not_met")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(ReadWholeFile(page), HasSubstr("<svg"));
  ExpectOpensInABrowser(page, {NameOf("safeguarding_not_met")});
  const std::string svg = Scratch("trajectory.svg");
  r = Run({"history", UrnOf("safeguarding_not_met"), "--report", svg});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(ReadWholeFile(svg), StartsWith("<?xml"));
  r = Run({"history", "999999", "--report", page});
  EXPECT_EQ(r.code, 1);
}

// The North cluster's batch of tests/testdata/report: 272 schools from
// public data within 50 km of the hub.
std::string NorthBatch() {
  return SourcePath("tests/testdata/report/north_batch.candidates.jsonl");
}

TEST_F(BoardPackTest, BatchRowsCarryWhereTheSchoolIs) {
  CliResult r = Run({"-o", "csv", "batch", "--cluster=north",
                     "--progress=never", NorthBatch()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  client::CsvReader reader(&in);
  std::vector<std::string> header, row;
  ASSERT_TRUE(reader.Next(&header));
  ASSERT_TRUE(reader.Next(&row));
  std::map<std::string, std::string> cell;
  for (size_t i = 0; i < header.size() && i < row.size(); ++i) {
    cell[header[i]] = row[i];
  }
  for (const char* column : {"easting", "northing", "latitude", "longitude",
                             "local_authority", "phase", "pupils"}) {
    EXPECT_FALSE(cell[column].empty())
        << column << " in " << r.out.substr(0, 2000);
  }
  EXPECT_EQ(cell["phase"], "PHASE_SECONDARY");
  EXPECT_GT(std::stod(cell["latitude"]), 53);
  EXPECT_LT(std::stod(cell["longitude"]), 0);

  r = Run({"-o", "json", "batch", "--cluster=north", "--progress=never",
           "--top=1", NorthBatch()});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json line = nlohmann::json::parse(r.out);
  const nlohmann::json& school = line["school"];
  for (const char* field : {"easting", "northing", "latitude", "longitude",
                            "local_authority", "phase", "pupils"}) {
    EXPECT_TRUE(school.contains(field)) << field << " in " << school.dump();
  }
}

TEST_F(BoardPackTest, BatchAsGeoJson) {
  const CliResult r = Run({"-o", "geojson", "batch", "--cluster=north",
                           "--progress=never", NorthBatch()});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_THAT(report::testing::Rfc7946Problems(doc), IsEmpty());
  // Every school, then the hub and the cluster's three members.
  EXPECT_EQ(doc["features"].size(), 272u + 1 + 3);
  const nlohmann::json& first = doc["features"][0];
  EXPECT_EQ(first["properties"]["role"], "candidate");
  EXPECT_NEAR(first["geometry"]["coordinates"][1].get<double>(), 53.8, 0.6);
  // Only a batch draws features.
  EXPECT_EQ(
      Run({"-o", "geojson", "score", "--cluster=north", Golden("coasting")})
          .code,
      2);
}

TEST_F(BoardPackTest, BatchDrawsTheCandidatesOnAMap) {
  const std::string map = Scratch("north.map.svg");
  CliResult r = Run({"-o", "csv", "batch", "--cluster=north",
                     "--progress=never", "--map", map, NorthBatch()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("drew 272 schools on " + map));
  const std::string svg = ReadWholeFile(map);
  EXPECT_THAT(svg, StartsWith("<?xml"));
  EXPECT_THAT(svg, HasSubstr("Candidates around the North"));
  EXPECT_THAT(svg, HasSubstr(">25 km: cluster radius</text>"));
  // The map's list is ranked as the batch ranks: its first is --top 1's.
  const CliResult top = Run({"-o", "json", "batch", "--cluster=north",
                             "--progress=never", "--top=1", NorthBatch()});
  ASSERT_EQ(top.code, 0) << top.err;
  const std::string best = nlohmann::json::parse(top.out)["assessment"]["name"];
  const size_t list = svg.find("candidates on the map");
  ASSERT_NE(list, std::string::npos);
  EXPECT_THAT(svg.substr(list, 600), HasSubstr(best));
  ExpectOpensInABrowser(map, {"Candidates around the North", best});
  // A map needs a place for it.
  r = Run({"batch", "--cluster=north", "--progress=never", "--map",
           "/nonexistent/dir/map.svg", NorthBatch()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot write /nonexistent/dir/map.svg"));
}

}  // namespace
}  // namespace trustfit::testing
