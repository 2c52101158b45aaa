// End-to-end tests of the trustfit CLI against a real trustfit-server on
// loopback: every subcommand, every exit code, real data, messy CSV, GIAS
// headers, stdin, and JSON output parsed back.

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/csv.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "scoring/recommendation.h"
#include "tests/e2e/cli_runner.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

using Result = CliResult;

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = ServerProcess::Start().release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Runs trustfit with `args` after --server, reading stdin from `stdin_path`.
  static Result Run(std::vector<std::string> args,
                    const std::string& stdin_path = "/dev/null",
                    const std::string& server = "") {
    return RunCli(server.empty() ? server_->address() : server, args,
                  stdin_path);
  }

  static std::string Source(const std::string& path) {
    return SourcePath(path);
  }
  static std::string Golden(const std::string& name) {
    return SourcePath("tests/testdata/golden/" + name + ".candidate.json");
  }

  static ServerProcess* server_;
};

ServerProcess* CliTest::server_ = nullptr;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST_F(CliTest, HealthIsServing) {
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("SERVING"));
}

TEST_F(CliTest, UnreachableServerExitsThree) {
  const Result r = Run({"health"}, "/dev/null", "127.0.0.1:1");
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.err, HasSubstr("cannot use the server at 127.0.0.1:1"));
  EXPECT_EQ(Run({"score", "--cluster=north", Golden("coasting")}, "/dev/null",
                "127.0.0.1:1")
                .code,
            3);
}

TEST_F(CliTest, ScoreShowsTheRecommendationAndItsReasons) {
  const Result r = Run(
      {"--output=table", "score", "--cluster=north", Golden("strong_local")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("Allerton High School (URN 108057), cluster north"));
  EXPECT_THAT(
      r.out,
      HasSubstr("Recommendation: associate-integration (phase 1), 24 months"));
  EXPECT_THAT(r.out, HasSubstr("Reasons for:"));
  EXPECT_THAT(r.out, HasSubstr("CAPACITY_NET_CONTRIBUTOR"));
  EXPECT_THAT(
      r.out,
      Not(HasSubstr("standards.attainment")));  // Factors only with --explain.
  const Result explained = Run({"--output=table", "score", "--explain",
                                "--cluster=north", Golden("strong_local")});
  EXPECT_THAT(explained.out, HasSubstr("standards.attainment"));
  EXPECT_THAT(explained.out, HasSubstr("Progress 8 of 0.69 in 2019"));
}

TEST_F(CliTest, ScoreShowsTheProvisionalRecommendationWhileDataIsMissing) {
  const Result r = Run(
      {"--output=table", "score", "--cluster=north", Golden("public_data")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Recommendation: insufficient-data"));
  EXPECT_THAT(r.out, HasSubstr("Provisional (52% of the data known): "
                               "trust-partnership, 12 months"));
  EXPECT_THAT(r.out, HasSubstr("Overall could be 41.40 (developing) to 94.90 "
                               "(strong); at worst not-recommended, at best "
                               "associate-integration"));
  EXPECT_THAT(r.out, HasSubstr("STANDARDS_SAFEGUARDING_NOT_MET"));
  const size_t first = r.out.find("Collect first:");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(
      Lines(r.out.substr(first, r.out.find("\n\n", first) - first)).size(),
      4u);  // The heading and the top three.
  const Result complete = Run(
      {"--output=table", "score", "--cluster=north", Golden("strong_local")});
  EXPECT_THAT(complete.out, Not(HasSubstr("Provisional")));
}

TEST_F(CliTest, EveryScoredRowOfTheRealFileHasAProvisionalRecommendation) {
  const Result r = Run(
      {"-o", "csv", "batch", "--cluster=north", "--progress=never",
       "--mapping=" + Source("examples/mappings/secondary-schools-2019.yaml"),
       Source("examples/data/secondary-schools-england-2019.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  client::CsvReader reader(&in);
  std::vector<std::string> header, row;
  ASSERT_TRUE(reader.Next(&header));
  auto column = [&header](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return it - header.begin();
  };
  const auto status = column("status"), overall = column("overall_score"),
             provisional = column("provisional_recommendation"),
             low = column("min_overall"), high = column("max_overall");
  int scored = 0;
  while (reader.Next(&row)) {
    if (row[status] != "ok") continue;
    ++scored;
    EXPECT_FALSE(row[provisional].empty()) << row[2];
    EXPECT_LE(std::stod(row[low]), std::stod(row[overall])) << row[2];
    EXPECT_LE(std::stod(row[overall]), std::stod(row[high])) << row[2];
  }
  EXPECT_EQ(scored, 3295);
}

TEST_F(CliTest, ScoreJsonParsesBackFromStdin) {
  const Result r = Run({"score", "--cluster=north", "-"}, Golden("deficit"));
  ASSERT_EQ(r.code, 0) << r.err;
  v1::Assessment assessment;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(r.out, &assessment).ok())
      << r.out;
  EXPECT_EQ(assessment.urn(), "137001");
  EXPECT_EQ(assessment.recommendation().arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_EQ(assessment.criteria_size(), 6);
}

TEST_F(CliTest, ScoreCsvIsOneRow) {
  const Result r =
      Run({"-o", "csv", "score", "--cluster=north", Golden("coasting")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("overall_score,overall_band"));
  EXPECT_THAT(lines[1], HasSubstr("108088,Wetherby High School,ok"));
}

TEST_F(CliTest, RejectedCandidateExitsOneWithEveryViolation) {
  const std::string path = TempDirectory() + "/bad_candidate.json";
  std::ofstream(path) << R"({"identity": {"urn": "12", "name": ""},
                            "standards": {"overall_absence_pct": 140}})";
  const Result r = Run({"score", "--cluster=north", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(
      r.err,
      HasSubstr("candidate.identity.urn: must be the six-digit DfE URN"));
  EXPECT_THAT(r.err, HasSubstr("candidate.identity.name: required"));
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "candidate.standards.overall_absence_pct: must be within 0-100"));
  EXPECT_THAT(r.err, HasSubstr("reason INVALID_REQUEST"));
  // Each violation once: on its own line, not again in the summary.
  const std::string violation = "candidate.identity.name: required";
  EXPECT_EQ(r.err.find(violation), r.err.rfind(violation)) << r.err;
  EXPECT_THAT(r.err, HasSubstr("(3 problems):\n"));
}

TEST_F(CliTest, UnknownClusterExitsOne) {
  const Result r = Run({"score", "--cluster=atlantis", Golden("coasting")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("cluster \"atlantis\" is not in the policy"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({}).code, 2);                             // No subcommand.
  EXPECT_EQ(Run({"score", Golden("coasting")}).code, 2);  // No --cluster.
  EXPECT_EQ(Run({"score", "--cluster=north", "/no/such.json"}).code, 2);
  EXPECT_EQ(Run({"--output=xml", "health"}).code, 2);
  EXPECT_EQ(Run({"--deadline=soon", "health"}).code, 2);
  const std::string path = TempDirectory() + "/not_json.json";
  std::ofstream(path) << "urn: 108057\n";
  const Result r = Run({"score", "--cluster=north", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is not a candidate in JSON"));
}

TEST_F(CliTest, HelpOnEverySubcommand) {
  for (const char* command :
       {"score", "quote", "plan", "batch", "policy", "health"}) {
    const Result r = Run({command, "--help"});
    EXPECT_EQ(r.code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr("Usage")) << command;
  }
  const Result top = Run({"--help"});
  EXPECT_THAT(top.out, HasSubstr("Exit codes:"));
}

TEST_F(CliTest, QuoteTheRecommendedArrangement) {
  const Result r =
      Run({"-o", "table", "quote", "--cluster=north",
           "--service=DATA_BENCHMARKING", "--contribution=SLE_SUPPORT:10",
           "--frequency=termly", "--start=2027-01-01", Golden("strong_local")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(
      r.err,
      HasSubstr("quoting the recommended arrangement, associate-integration"));
  EXPECT_THAT(r.out, HasSubstr("Core programme: 2.00% of"));
  EXPECT_THAT(r.out,
              HasSubstr("MIS support and cross-trust data benchmarking"));
  EXPECT_THAT(r.out, HasSubstr("Contribution to the trust: Specialist leader"));
  EXPECT_THAT(
      r.out,
      Not(HasSubstr("Credit: HR")));  // Bought elsewhere, but not requested.
  EXPECT_THAT(r.out, HasSubstr("Schedule (termly, 6 instalments)"));
}

TEST_F(CliTest, QuoteJsonParsesBack) {
  // --service right before the file: it takes one value, not the file too.
  const Result r = Run({"quote", "--arrangement=trust-partnership", "--term=13",
                        "--start=2026-12-01", "--service",
                        "HEADTEACHER_MENTORING:6", Golden("coasting")});
  ASSERT_EQ(r.code, 0) << r.err;
  v1::Quote quote;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &quote).ok());
  EXPECT_EQ(quote.term_months(), 13);
  EXPECT_EQ(quote.schedule_size(), 13);
  int64_t total = 0;
  for (const auto& i : quote.schedule()) total += i.amount_pence();
  EXPECT_EQ(total, quote.net_pence());
}

TEST_F(CliTest, QuoteRejections) {
  Result r = Run({"quote", "--cluster=north", Golden("catholic")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(
      r.err,
      HasSubstr("nothing to quote: the assessment recommends not-recommended"));
  r = Run({"quote", "--arrangement=trust-partnership", "--term=30",
           Golden("coasting")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("spec.term_months: must be within 12-18 months"));
  EXPECT_EQ(
      Run({"quote", "--arrangement=sponsorship", Golden("coasting")}).code, 2);
  EXPECT_EQ(Run({"quote", "--arrangement=partner", "--service=HR:x",
                 Golden("coasting")})
                .code,
            2);
  EXPECT_EQ(Run({"quote", Golden("coasting")}).code,
            2);  // Neither arrangement nor cluster.
}

// The shipped mapping on the real data file: 3,295 rows in, 3,295 out.
TEST_F(CliTest, BatchTheRealDataWithTheShippedMapping) {
  const Result r = Run(
      {"-o", "csv", "batch", "--cluster=north", "--progress=never", "--mapping",
       Source("examples/mappings/secondary-schools-2019.yaml"),
       std::string(TRUSTFIT_DATA_DIR) + "/secondary-schools-england-2019.csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3296u);  // Header + 3,295.
  std::set<std::string> urns;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = absl::StrSplit(lines[i], ',');
    ASSERT_GE(f.size(), 5u);
    urns.insert(f[2]);
  }
  EXPECT_EQ(urns.size(), 3295u);
  EXPECT_EQ(r.out.find(",error,"), std::string::npos);
  EXPECT_THAT(r.err, HasSubstr("3295 rows: 3295 scored, 0 failed"));
}

// A CSV of the batch's output, as rows of named cells.
std::vector<std::map<std::string, std::string>> CsvRows(
    const std::string& text) {
  std::istringstream in(text);
  client::CsvReader reader(&in);
  std::vector<std::string> header, row;
  std::vector<std::map<std::string, std::string>> rows;
  if (!reader.Next(&header)) return rows;
  while (reader.Next(&row)) {
    std::map<std::string, std::string> named;
    for (size_t i = 0; i < header.size() && i < row.size(); ++i)
      named[header[i]] = row[i];
    rows.push_back(std::move(named));
  }
  return rows;
}

// The rank of an arrangement's name as the CSV shows it, best highest.
// The rank of an arrangement as the CLI writes it ("trust-partnership").
int ArrangementRankOf(std::string name) {
  absl::AsciiStrToUpper(&name);
  std::replace(name.begin(), name.end(), '-', '_');
  v1::Arrangement arrangement;
  if (!v1::Arrangement_Parse("ARRANGEMENT_" + name, &arrangement)) return -1;
  return scoring::ArrangementRank(arrangement);
}

std::vector<std::string> RealDataBatch() {
  return {
      "--mapping", SourcePath("examples/mappings/secondary-schools-2019.yaml"),
      std::string(TRUSTFIT_DATA_DIR) + "/secondary-schools-england-2019.csv"};
}

std::string FinanceJoin() {
  return SourcePath("examples/data/maintained-school-finance-2018.csv") + ":" +
         SourcePath("examples/mappings/maintained-school-finance-2018.yaml");
}

TEST_F(CliTest,
       BatchShortlistRanksByProvisionalRecommendationThenRangeMinimum) {
  std::vector<std::string> args = {"-o",
                                   "csv",
                                   "batch",
                                   "--cluster=north",
                                   "--progress=never",
                                   "--filter-radius-km=30",
                                   "--top=10",
                                   "--join=" + FinanceJoin()};
  for (const std::string& arg : RealDataBatch()) args.push_back(arg);
  const Result r = Run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 10u);
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& before = rows[i - 1];
    const auto& after = rows[i];
    const int rank_before =
        ArrangementRankOf(before.at("provisional_recommendation"));
    const int rank_after =
        ArrangementRankOf(after.at("provisional_recommendation"));
    ASSERT_GE(rank_before, rank_after) << after.at("name");
    if (rank_before == rank_after) {
      EXPECT_GE(std::stod(before.at("min_overall")),
                std::stod(after.at("min_overall")))
          << after.at("name");
    }
    EXPECT_LE(std::stod(after.at("distance_km")), 30.0) << after.at("name");
  }
  EXPECT_THAT(r.err, HasSubstr("beyond 30 km left out"));
  EXPECT_THAT(r.err, HasSubstr("by (provisional) recommendation: "
                               "associate-strategic 9, trust-partnership 149, "
                               "partner 25, not-recommended 18"));
}

TEST_F(CliTest, BatchJoinsTheRealFinanceReturnByUrn) {
  std::vector<std::string> plain = {"-o", "csv", "batch", "--cluster=north",
                                    "--progress=never"};
  std::vector<std::string> joined = plain;
  joined.push_back("--join=" + FinanceJoin());
  for (const std::string& arg : RealDataBatch()) {
    plain.push_back(arg);
    joined.push_back(arg);
  }
  const Result without = Run(plain);
  const Result with = Run(joined);
  ASSERT_EQ(with.code, 0) << with.err;
  EXPECT_THAT(with.err, HasSubstr("maintained-school-finance-2018.csv: 740 of "
                                  "3295 rows matched by URN"));
  const auto before = CsvRows(without.out);
  const auto after = CsvRows(with.out);
  ASSERT_EQ(before.size(), 3295u);
  ASSERT_EQ(after.size(), 3295u);
  int more_complete = 0;
  for (size_t i = 0; i < after.size(); ++i) {
    ASSERT_EQ(before[i].at("urn"), after[i].at("urn"));
    const double was = std::stod(before[i].at("completeness_pct"));
    const double is = std::stod(after[i].at("completeness_pct"));
    EXPECT_GE(is, was) << after[i].at("urn");  // Unmatched rows unchanged.
    more_complete += is > was;
  }
  EXPECT_EQ(more_complete, 740);
}

TEST_F(CliTest, BatchJoinWithARepeatedUrnNamesItAndBothLines) {
  const std::string path = TempDirectory() + "/repeated-finance.csv";
  std::ofstream(path) << "URN,Income,Expenditure,Balance\n"
                      << "108076,100,90,10\n"
                      << "108057,100,90,10\n"
                      << "108076,200,190,10\n";
  std::vector<std::string> args = {
      "batch", "--cluster=north", "--progress=never",
      "--join=" + path + ":" +
          SourcePath("examples/mappings/maintained-school-finance-2018.yaml")};
  for (const std::string& arg : RealDataBatch()) args.push_back(arg);
  const Result r = Run(args);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("--join: " + path +
                        ": URN 108076 is on line 2 and again on line 4"));
  std::vector<std::string> missing_args = {"batch", "--cluster=north",
                                           "--join=/no/such.csv"};
  for (const std::string& arg : RealDataBatch()) missing_args.push_back(arg);
  const Result missing = Run(missing_args);
  EXPECT_THAT(missing.err, HasSubstr("/no/such.csv"));
}

TEST_F(CliTest, PlanNamesTheGovernanceStageForAnExploringSchool) {
  const Result table =
      Run({"-o", "table", "plan", "--cluster=north",
           "--target=associate-integration", Golden("coasting")});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Target: associate-integration"));
  EXPECT_THAT(table.out,
              HasSubstr("governance.stage: GOVERNANCE_STAGE_EXPLORING"));
  EXPECT_THAT(table.out, HasSubstr("With this change: associate-integration"));

  const Result json =
      Run({"-o", "json", "plan", "--cluster=north",
           "--target=associate-integration", Golden("coasting")});
  ASSERT_EQ(json.code, 0) << json.err;
  v1::ImprovementPath path;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &path).ok())
      << json.out;
  EXPECT_TRUE(path.reachable());
  EXPECT_EQ(path.arrangement_after(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_TRUE(std::any_of(path.changes().begin(), path.changes().end(),
                          [](const v1::InputChange& change) {
                            return change.field() == "governance.stage";
                          }));
}

TEST_F(CliTest, PlanFromPublicDataIsProvisional) {
  const Result r = Run({"-o", "table", "what-would-it-take", "--cluster=north",
                        Source("examples/candidates/roundhay-public.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(provisional)"));
}

TEST_F(CliTest, PlanRejections) {
  EXPECT_EQ(Run({"plan", "--cluster=north", "--target=sponsorship",
                 Golden("coasting")})
                .code,
            2);
  const Result cluster =
      Run({"plan", "--cluster=atlantis", Golden("coasting")});
  EXPECT_EQ(cluster.code, 1);
  EXPECT_THAT(cluster.err, HasSubstr("atlantis"));
  EXPECT_EQ(Run({"plan", Golden("coasting")}).code, 2);  // No --cluster.
}

TEST_F(CliTest, BatchWithBrokenRowsReportsThemAndGoesOn) {
  const Result r =
      Run({"-o", "csv", "batch", "--cluster=north", "--progress=never",
           Source("tests/testdata/cli/broken_rows.csv")});
  EXPECT_EQ(r.code, 4) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 7u) << r.out;  // Header + 6 rows, in input order.
  EXPECT_THAT(lines[1], HasSubstr("2,2,108057,Allerton High School,ok"));
  EXPECT_THAT(lines[2], HasSubstr("3,,,,error"));
  EXPECT_THAT(lines[2], HasSubstr("column 'standards.overall_absence_pct'"));
  EXPECT_THAT(lines[2], HasSubstr("not a number: \"\"about six\"\"\""));
  EXPECT_THAT(lines[3], HasSubstr("the row has 3 fields; the header has 6"));
  EXPECT_THAT(lines[4], HasSubstr("INVALID_ARGUMENT,candidate.identity.urn"));
  EXPECT_THAT(lines[5], HasSubstr("108095,\"Cardinal Heenan, Leeds\",ok"));
  EXPECT_THAT(lines[6], HasSubstr("line 7: a quoted field is never closed"));
  EXPECT_THAT(r.err, HasSubstr("6 rows: 2 scored, 4 failed"));
}

TEST_F(CliTest, BatchRecognisesGiasHeadersWithoutAMapping) {
  const Result r = Run({"batch", "--cluster=north", "--progress=never",
                        Source("tests/testdata/cli/gias_extract.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  // JSON Lines off a terminal: each parses, in order, with its line number.
  std::vector<std::string> urns;
  for (const auto& line : lines) {
    const nlohmann::json row = nlohmann::json::parse(line);
    urns.push_back(row["assessment"]["urn"]);
  }
  EXPECT_THAT(urns, ::testing::ElementsAre("108057", "108088", "137001",
                                           "108095", "139282", "145579"));
  // The register alone is too little to recommend anything (rule 1), but the
  // gate against a Roman Catholic school is already reported.
  const nlohmann::json catholic = nlohmann::json::parse(lines[3]);
  EXPECT_EQ(catholic["line"], 5);
  EXPECT_EQ(catholic["assessment"]["recommendation"]["arrangement"],
            "ARRANGEMENT_INSUFFICIENT_DATA");
  EXPECT_EQ(catholic["assessment"]["gates"][0]["code"],
            "ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED");
}

TEST_F(CliTest, BatchJsonLinesFromStdin) {
  const Result r = Run(
      {"batch", "--cluster=north", "--format=jsonl", "--progress=never", "-"},
      Source("tests/testdata/cli/candidates.jsonl"));
  EXPECT_EQ(r.code, 4) << r.err;
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  const nlohmann::json first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["line"], 1);
  EXPECT_EQ(first["assessment"]["urn"], "108057");
  EXPECT_TRUE(first["assessment"]["criteria"][0].contains(
      "factors"));  // FULL for JSON.
  const nlohmann::json bad = nlohmann::json::parse(lines[2]);
  EXPECT_EQ(bad["line"], 3);
  EXPECT_TRUE(bad.contains("error"));
  const nlohmann::json item = nlohmann::json::parse(lines[3]);
  EXPECT_EQ(item["line"], 5);
  EXPECT_EQ(item["correlation_id"], "deficit-midlands");
  EXPECT_EQ(item["assessment"]["cluster_id"], "midlands");
}

TEST_F(CliTest, BatchWithAnUnfittingMappingIsAUsageError) {
  const std::string mapping = TempDirectory() + "/bad_mapping.yaml";
  std::ofstream(mapping)
      << "fields:\n  - {field: identity.urn, column: School URN}\n";
  const Result r = Run({"batch", "--cluster=north", "--mapping", mapping,
                        Source("tests/testdata/cli/gias_extract.csv")});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("fields[0].column: the file has no column 'School URN'"));
  const Result unknown = Run(
      {"batch", "--cluster=north",
       std::string(TRUSTFIT_DATA_DIR) + "/secondary-schools-england-2019.csv"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("cannot tell what these columns are"));
}

TEST_F(CliTest, BatchAgainstAnUnreachableServerExitsThree) {
  const Result r = Run({"batch", "--cluster=north", "--progress=never",
                        Source("tests/testdata/cli/gias_extract.csv")},
                       "/dev/null", "127.0.0.1:1");
  EXPECT_EQ(r.code, 3);
}

TEST_F(CliTest, PolicyShowAndValidateRoundTrip) {
  const Result summary = Run({"-o", "table", "policy", "show"});
  ASSERT_EQ(summary.code, 0);
  EXPECT_THAT(summary.out, HasSubstr("Policy trustfit-default"));
  EXPECT_THAT(summary.out, HasSubstr("south-west"));
  const Result yaml = Run({"-o", "table", "policy", "show", "--yaml"});
  ASSERT_EQ(yaml.code, 0);
  const std::string path = TempDirectory() + "/shown_policy.yaml";
  std::ofstream(path) << yaml.out;
  const Result valid = Run({"-o", "table", "policy", "validate", path});
  EXPECT_EQ(valid.code, 0) << valid.out;
  EXPECT_THAT(valid.out, HasSubstr(": valid"));
  // The same content, so the same identity as the server's.
  EXPECT_THAT(valid.out,
              HasSubstr(scoring::Policy::Default().ref().content_hash()));
}

TEST_F(CliTest, PolicyShowYamlIsYamlWhenPiped) {
  // No -o: stdout is a file, so the default output would be JSON.
  const Result yaml = Run({"policy", "show", "--yaml"});
  ASSERT_EQ(yaml.code, 0) << yaml.err;
  EXPECT_EQ(yaml.out.rfind("# Policy trustfit-default", 0), 0u) << yaml.out;
  const std::string path = TempDirectory() + "/piped_policy.yaml";
  std::ofstream(path) << yaml.out;
  EXPECT_EQ(Run({"policy", "validate", path}).code, 0);
}

TEST_F(CliTest, JsonKeepsZeroAndFalseValues) {
  const std::string path = TempDirectory() + "/invalid_policy.yaml";
  std::ofstream(path) << "name: x\nversion: 1\n";
  const Result invalid = Run({"-o", "json", "policy", "validate", path});
  EXPECT_EQ(invalid.code, 1);
  const nlohmann::json answer = nlohmann::json::parse(invalid.out);
  ASSERT_TRUE(answer.contains("valid")) << invalid.out;
  EXPECT_EQ(answer["valid"], false);
  const Result far = Run(
      {"-o", "json", "score", "--cluster=north", Golden("far_high_performer")});
  ASSERT_EQ(far.code, 0) << far.err;
  const nlohmann::json assessment = nlohmann::json::parse(far.out);
  ASSERT_TRUE(assessment["location"].contains("within_cluster_radius"));
  EXPECT_EQ(assessment["location"]["within_cluster_radius"], false);
}

TEST_F(CliTest, QuoteCsvIsALedgerThatSumsToTheNet) {
  const Result r = Run({"-o", "csv", "quote", "--arrangement=trust-partnership",
                        "--service=HEADTEACHER_MENTORING:6",
                        "--contribution=SLE_SUPPORT:10", Golden("coasting")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = CsvRows(r.out);
  int64_t lines = 0, net = -1, instalments = 0;
  for (const auto& row : rows) {
    const int64_t pence = std::stoll(row.at("amount_pence"));
    if (row.at("kind") == "TOTAL") {
      if (row.at("code") == "NET") net = pence;
    } else if (row.at("kind") == "INSTALMENT") {
      instalments += pence;
    } else {
      lines += pence;
    }
  }
  EXPECT_EQ(lines, net);
  EXPECT_EQ(instalments, net);
  EXPECT_GT(net, 0);
}

TEST_F(CliTest, BatchFromStdinRecognisesJsonLines) {
  const std::string path = TempDirectory() + "/piped.jsonl";
  std::ofstream(path) << "\n"
                      << R"({"identity":{"urn":"108060","name":"Piped"}})"
                      << "\n";
  const Result r = Run(
      {"-o", "csv", "batch", "--cluster=north", "--progress=never", "-"}, path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("1 rows: 1 scored, 0 failed"));
}

TEST_F(CliTest, StdinOnATerminalIsRefusedRatherThanWaitedOn) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const std::string terminal = ptsname(master);
  const Result score = Run({"score", "--cluster=north"}, terminal);
  EXPECT_EQ(score.code, 2);
  EXPECT_THAT(score.err, HasSubstr("stdin is a terminal"));
  const Result batch = Run({"batch", "--cluster=north"}, terminal);
  EXPECT_EQ(batch.code, 2);
  EXPECT_THAT(batch.err, HasSubstr("stdin is a terminal"));
  close(master);
}

TEST_F(CliTest, VersionAndReasonsForWhatCannotBeRead) {
  const Result version = Run({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_THAT(version.out, HasSubstr("trustfit 0.1.0"));
  const Result missing = Run({"score", "--cluster=north", "/no/such.json"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(
      missing.err,
      HasSubstr("cannot read /no/such.json: No such file or directory"));
}

TEST_F(CliTest, HealthOfAnUnknownServiceIsNotServing) {
  const Result r = Run({"health", "--service", "nope"});
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.err, HasSubstr("no service \"nope\""));
}

TEST_F(CliTest, PolicyValidateListsEveryProblem) {
  const std::string path = TempDirectory() + "/bad_policy.yaml";
  std::ofstream(path) << "name: x\nversion: 1\ncolour: blue\n";
  const Result r = Run({"-o", "table", "policy", "validate", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("colour: unknown key (line 3)"));
  EXPECT_THAT(r.out, HasSubstr("trust.name: required"));
}

// The cases a reviewer checked by hand against product.md (issue #12), on a
// server whose policy has a strategic threshold of 70 (offer not needed) and
// a small over-committed cluster "tight" (capacity 50, committed 70).
class CliReviewCasesTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    std::string policy = ReadWholeFile(Source("scoring/default_policy.yaml"));
    auto replace = [&policy](const std::string& from, const std::string& to) {
      const size_t at = policy.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      policy.replace(at, from.size(), to);
    };
    replace("strategic_min_overall: 55", "strategic_min_overall: 70");
    replace("strategic_min_offer_days: 30", "strategic_min_offer_days: 0");
    replace("  - id: north\n",
            "  - id: tight\n"
            "    name: Tight\n"
            "    hub: {os_grid: {easting: 429600, northing: 435200}}\n"
            "    support_capacity_days: 50\n"
            "    committed_days: 70\n"
            "  - id: north\n");
    const std::string path = TempDirectory() + "/review_cases_policy.yaml";
    std::ofstream(path) << policy;
    server_ = ServerProcess::Start({"--policy=" + path}).release();
    ASSERT_NE(server_, nullptr);
  }

  // Writes `json` to a file named after the test and returns its path.
  static std::string CandidateFile(const std::string& name,
                                   const std::string& json) {
    const std::string path = TempDirectory() + "/" + name + ".json";
    std::ofstream(path) << json;
    return path;
  }
};

TEST_F(CliReviewCasesTest, TheNorthHubInLatitudeAndLongitudeIsZeroKmAway) {
  const std::string at_hub =
      CandidateFile("at_hub",
                    R"({"identity": {"urn": "100001", "name": "At The Hub"},
          "location": {"lat_lng": {"latitude": 53.81225,
                                   "longitude": -1.551947}}})");
  const Result r = Run({"-o", "json", "score", "--cluster=north", at_hub});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json location = nlohmann::json::parse(r.out)["location"];
  EXPECT_EQ(location.value("distance_km", 0.0), 0.0) << location;
  EXPECT_EQ(location["method"], "haversine");
}

TEST_F(CliReviewCasesTest, AContributorToAnOverCommittedClusterIsNotShort) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->clear_specialisms();
  candidate.mutable_leadership()->set_national_leaders_of_education(3);
  candidate.mutable_leadership()->clear_local_leaders_of_education();
  candidate.mutable_leadership()->clear_specialist_leaders_of_education();
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(candidate, &json).ok());
  const Result r = Run({"-o", "table", "score", "--cluster=tight",
                        CandidateFile("contributor", json)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("CLUSTER_CAPACITY_REQUIRED")));
  EXPECT_THAT(r.out, Not(HasSubstr("days short")));
  EXPECT_THAT(r.out, Not(HasSubstr("-35")));
}

TEST_F(CliReviewCasesTest, CreditsAloneAreNotCostNeutral) {
  const std::string school =
      CandidateFile("credits_only",
                    R"({"identity": {"urn": "100002", "name": "Buys Elsewhere",
                       "pupils_on_roll": 600},
          "finance": {"funding_base_pence": "100000000",
                      "services_bought_elsewhere": [
                        "CORE_SCHOOL_IMPROVEMENT", "CORE_TRUST_CPD",
                        "CORE_GOVERNANCE", "CORE_FINANCE_OVERSIGHT"]}})");
  const Result r = Run({"-o", "json", "quote", "--cluster=north",
                        "--arrangement=associate-strategic", school});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json quote = nlohmann::json::parse(r.out);
  ASSERT_EQ(quote.value("net_pence", std::string("0")), "0") << quote;
  EXPECT_FALSE(quote.value("cost_neutral", false));
  EXPECT_THAT(r.out, Not(HasSubstr("COST_NEUTRAL")));
}

TEST_F(CliReviewCasesTest, AScoreOf69Point995ReachesAThresholdOf70) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_standards()->set_overall_absence_pct(4.01);
  candidate.mutable_leadership()->set_staff_turnover_pct(13.3);
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(candidate, &json).ok());
  const Result r = Run({"-o", "json", "score", "--cluster=north",
                        CandidateFile("half_hundredth", json)});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json a = nlohmann::json::parse(r.out);
  EXPECT_EQ(a["overall_score"], 70.0);
  EXPECT_EQ(a["recommendation"]["rule"], "RULE_ASSOCIATE_STRATEGIC");
}

TEST_F(CliReviewCasesTest, APhaseNewToTheTrustIsToConsiderInEveryOutput) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_identity()->set_phase(v1::PHASE_SPECIAL);
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(candidate, &json).ok());
  const std::string path = CandidateFile("special", json);
  const Result table = Run({"-o", "table", "score", "--cluster=north", path});
  ASSERT_EQ(table.code, 0) << table.err;
  const size_t against = table.out.find("Reasons against:");
  const size_t consider = table.out.find("To consider");
  ASSERT_NE(consider, std::string::npos) << table.out;
  EXPECT_LT(against, consider);
  EXPECT_EQ(table.out.find("ETHOS_PHASE_NEW_TO_TRUST"),
            table.out.find("ETHOS_PHASE_NEW_TO_TRUST", consider));
  const Result json_out = Run({"-o", "json", "score", "--cluster=north", path});
  const nlohmann::json a = nlohmann::json::parse(json_out.out);
  ASSERT_EQ(a["reasons_to_consider"].size(), 1u);
  EXPECT_EQ(a["reasons_to_consider"][0]["code"], "ETHOS_PHASE_NEW_TO_TRUST");
  for (const auto& r : a["reasons_against"]) {
    EXPECT_NE(r["code"], "ETHOS_PHASE_NEW_TO_TRUST");
  }
  const std::string rows = TempDirectory() + "/special.jsonl";
  std::ofstream(rows) << json << "\n";
  const Result csv =
      Run({"-o", "csv", "batch", "--cluster=north", "--progress=never", rows});
  ASSERT_EQ(csv.code, 0) << csv.err;
  const std::vector<std::string> lines = Lines(csv.out);
  ASSERT_EQ(lines.size(), 2u);
  const std::vector<std::string> header = absl::StrSplit(lines[0], ',');
  const std::vector<std::string> row = absl::StrSplit(lines[1], ',');
  const auto column =
      std::find(header.begin(), header.end(), "reasons_to_consider");
  ASSERT_NE(column, header.end());
  EXPECT_EQ(row[column - header.begin()], "ETHOS_PHASE_NEW_TO_TRUST");
}

// Recorded assessments from the CLI, on a server with a SQLite store.
class CliRecordsTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    store_ = new ScratchStore();
    server_ =
        ServerProcess::Start({"--store=" + store_->Create(Backend::kSqlite)})
            .release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    CliTest::TearDownTestSuite();
    delete store_;
  }
  static ScratchStore* store_;
};

ScratchStore* CliRecordsTest::store_ = nullptr;

TEST_F(CliRecordsTest, HistoryCsvHasOneRowPerRecordWithRfc3339Times) {
  // The coasting school under a URN no other test records.
  const std::string urn = "199001";
  nlohmann::json school =
      nlohmann::json::parse(ReadWholeFile(Golden("coasting")));
  school["identity"]["urn"] = urn;
  const std::string candidate = TempDirectory() + "/history-school.json";
  std::ofstream(candidate) << school.dump();
  for (int i = 0; i < 2; ++i) {
    const Result assessed = Run({"assess", "--cluster=north", candidate});
    ASSERT_EQ(assessed.code, 0) << assessed.err;
    // Piped without -o: the name alone, as the help says.
    EXPECT_THAT(assessed.out,
                ::testing::MatchesRegex("assessments/[0-9a-f]+\n"));
  }
  const Result r = Run({"-o", "csv", "history", urn});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_THAT(row.at("create_time"),
                ::testing::MatchesRegex(
                    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
    EXPECT_FALSE(row.at("recommendation").empty());
  }
}

TEST_F(CliRecordsTest, AssessGetListAndHistory) {
  const Result first =
      Run({"-o", "table", "assess", "--cluster=north", "--note=First visit",
           "--requester=ceo-office", Golden("coasting")});
  ASSERT_EQ(first.code, 0) << first.err;
  const std::string name(absl::StripTrailingAsciiWhitespace(first.out));
  EXPECT_THAT(name, ::testing::MatchesRegex("assessments/[0-9a-f]{16}"));

  // Six months on: governors resolved, results up.
  nlohmann::json later =
      nlohmann::json::parse(ReadWholeFile(Golden("coasting")));
  later["governance"]["stage"] = "GOVERNANCE_STAGE_GOVERNORS_RESOLVED";
  later["standards"]["attainment"].push_back(
      {{"year", 2020}, {"progress8", 0.05}});
  const std::string later_path = TempDirectory() + "/coasting_later.json";
  std::ofstream(later_path) << later.dump();
  const Result second =
      Run({"-o", "table", "assess", "--cluster=north", "--note=Six months on",
           "--arrangement=associate-integration", "--service=CLERKING",
           later_path});
  ASSERT_EQ(second.code, 0) << second.err;

  Result got = Run({"-o", "table", "get", name});
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("by ceo-office"));
  EXPECT_THAT(got.out, HasSubstr("Note: First visit"));
  EXPECT_THAT(got.out, HasSubstr("Recommendation: trust-partnership"));
  // By bare id, as JSON, with the quote of the second.
  const std::string second_id =
      std::string(absl::StripTrailingAsciiWhitespace(second.out))
          .substr(std::string("assessments/").size());
  got = Run({"get", second_id});
  ASSERT_EQ(got.code, 0) << got.err;
  const nlohmann::json record = nlohmann::json::parse(got.out);
  EXPECT_EQ(record["note"], "Six months on");
  EXPECT_EQ(record["quote"]["arrangement"],
            "ARRANGEMENT_ASSOCIATE_INTEGRATION");

  const Result listed = Run({"-o", "csv", "list", "--urn=108088"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  const auto rows = Lines(listed.out);
  ASSERT_EQ(rows.size(), 3u);  // Header + 2, newest first.
  EXPECT_THAT(rows[1], HasSubstr("Six months on"));
  EXPECT_THAT(rows[2], HasSubstr("First visit"));
  EXPECT_EQ(Lines(Run({"-o", "csv", "list", "--urn=108088",
                       "--recommendation=trust-partnership"})
                      .out)
                .size(),
            2u);
  EXPECT_EQ(Lines(Run({"-o", "csv", "list", "--since=2100-01-01"}).out).size(),
            1u);

  const Result history = Run({"-o", "table", "history", "108088"});
  ASSERT_EQ(history.code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("2 recorded assessments, oldest first"));
  EXPECT_THAT(history.out, HasSubstr("trust-partnership"));
  EXPECT_THAT(history.out, HasSubstr("(+"));  // Standards moved up.
  const Result history_json = Run({"history", "108088"});
  const auto entries = Lines(history_json.out);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_LT(nlohmann::json::parse(entries[0])["standards"].get<double>(),
            nlohmann::json::parse(entries[1])["standards"].get<double>());
}

TEST_F(CliRecordsTest, RequestIdReuseAndErrors) {
  ASSERT_EQ(
      Run({"assess", "--cluster=north", "--request-id=r-1", Golden("deficit")})
          .code,
      0);
  EXPECT_EQ(
      Run({"assess", "--cluster=north", "--request-id=r-1", Golden("deficit")})
          .code,
      0);
  const Result reused = Run({"assess", "--cluster=north", "--request-id=r-1",
                             "--note=other", Golden("deficit")});
  EXPECT_EQ(reused.code, 1);
  EXPECT_THAT(reused.err, HasSubstr("reason REQUEST_ID_REUSED"));
  EXPECT_EQ(Run({"get", "assessments/0123456789abcdef"}).code, 1);
  EXPECT_EQ(Run({"history", "999999"}).code, 1);
  EXPECT_EQ(Run({"list", "--since=last tuesday"}).code, 2);
}

// Issue #5's test of done: a record made with the CLI survives kill -9 of
// the server, and a new server on the same store, on either backend, reads
// it back, lists it and shows the school's trajectory.
class CliCrashTest : public CliTest,
                     public ::testing::WithParamInterface<Backend> {};

TEST_P(CliCrashTest, ARecordMadeWithTheCliSurvivesKillMinusNine) {
  ScratchStore scratch;
  const std::string url = scratch.Create(GetParam());
  TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url);
  auto server = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(server, nullptr);
  const Result made = Run({"-o", "table", "assess", "--cluster=north",
                           "--note=Before the crash", Golden("coasting")},
                          "/dev/null", server->address());
  ASSERT_EQ(made.code, 0) << made.err;
  const std::string name(absl::StripTrailingAsciiWhitespace(made.out));
  server->Signal(SIGKILL);
  ASSERT_EQ(server->WaitForExit(absl::Seconds(10)), 128 + SIGKILL);

  auto restarted = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(restarted, nullptr);
  const std::string address = restarted->address();
  const Result got = Run({"-o", "table", "get", name}, "/dev/null", address);
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("Note: Before the crash"));
  ASSERT_EQ(Run({"assess", "--cluster=north", "--note=After the crash",
                 Golden("coasting")},
                "/dev/null", address)
                .code,
            0);
  const auto listed = Lines(
      Run({"-o", "csv", "list", "--urn=108088"}, "/dev/null", address).out);
  ASSERT_EQ(listed.size(), 3u);  // Header + 2, newest first.
  EXPECT_THAT(listed[1], HasSubstr("After the crash"));
  EXPECT_THAT(listed[2], HasSubstr(name));
  const Result history =
      Run({"-o", "table", "history", "108088"}, "/dev/null", address);
  ASSERT_EQ(history.code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("2 recorded assessments, oldest first"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CliCrashTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

// One school through `decide` and `arrangements` to its end, the refusals
// the CLI reports, and the pipeline (#19).
TEST_F(CliRecordsTest, DecideAdvanceEndAndThePipeline) {
  const Result assessed =
      Run({"-o", "table", "assess", "--cluster=north", "--requester=ceo-office",
           Golden("strong_local")});
  ASSERT_EQ(assessed.code, 0) << assessed.err;
  const std::string name(absl::StripTrailingAsciiWhitespace(assessed.out));
  const Result decided = Run(
      {"-o", "table", "decide", name, "--outcome=approved", "--date=2026-12-10",
       "--meeting=Board 2026/12 item 4", "--requester=board-clerk"});
  ASSERT_EQ(decided.code, 0) << decided.err;
  EXPECT_THAT(decided.out,
              HasSubstr(name + ": approved on 2026-12-10 (Board 2026/12 item "
                               "4), recorded by board-clerk"));
  EXPECT_THAT(decided.out, HasSubstr("associate-integration, phase 1; active"));
  const size_t at = decided.out.find("opened arrangements/");
  ASSERT_NE(at, std::string::npos) << decided.out;
  const std::string arrangement = decided.out.substr(at + 7, 29);

  const Result again = Run({"decide", name, "--outcome=declined",
                            "--date=2026-12-11", "--reason=finance"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("reason ASSESSMENT_ALREADY_DECIDED"));
  const Result early =
      Run({"arrangements", "advance", arrangement,
           "--governance-stage=governors-resolved", "--date=2027-03-01"});
  EXPECT_EQ(early.code, 1);
  EXPECT_THAT(early.err, HasSubstr("reason GOVERNANCE_NOT_AUTHORISED"));
  const Result advanced = Run({"-o", "table", "arrangements", "advance",
                               arrangement, "--date=2027-03-01"});
  ASSERT_EQ(advanced.code, 0) << advanced.err;
  EXPECT_THAT(advanced.out, HasSubstr("phase 1 -> phase 2"));
  const Result who = Run({"arrangements", "end", arrangement,
                          "--outcome=walked-away", "--date=2027-04-01"});
  EXPECT_EQ(who.code, 1);
  EXPECT_THAT(who.err, HasSubstr("walked_away_by: required"));
  EXPECT_EQ(Run({"decide", name, "--outcome=maybe", "--date=2026-12-10"}).code,
            2);

  const Result pipeline = Run({"-o", "table", "pipeline", "--cluster=north"});
  ASSERT_EQ(pipeline.code, 0) << pipeline.err;
  EXPECT_THAT(pipeline.out, HasSubstr("North (Leeds and Wakefield) [north]"));
  EXPECT_THAT(pipeline.out, HasSubstr(arrangement));
  const Result ended = Run({"-o", "table", "arrangements", "end", arrangement,
                            "--outcome=integrated", "--date=2027-09-01"});
  ASSERT_EQ(ended.code, 0) << ended.err;
  EXPECT_THAT(ended.out, HasSubstr("ended: integrated"));
  const auto listed =
      Lines(Run({"-o", "csv", "arrangements", "list", "--cluster=north"}).out);
  ASSERT_EQ(listed.size(), 2u);  // Header + 1.
  EXPECT_THAT(listed[1], HasSubstr("ended: integrated"));
}

TEST_F(CliTest, RecordsNeedAStore) {
  const Result r = Run({"list"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("keeps no records"));
}

}  // namespace
}  // namespace trustfit::testing
