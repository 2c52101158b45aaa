#include "client/render.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "client/csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(CliWord, LowerCasesDropsThePrefixAndHyphenates) {
  EXPECT_EQ(CliWord("ARRANGEMENT_TRUST_PARTNERSHIP", "ARRANGEMENT_"),
            "trust-partnership");
  EXPECT_EQ(CliWord("PHASE_ALL_THROUGH", "PHASE_"), "all-through");
  // A name without the prefix keeps all of itself.
  EXPECT_EQ(CliWord("OTHER_NAME", "PHASE_"), "other-name");
}

TEST(BandText, GivesTheBandWordOrADashWhenThereIsNone) {
  EXPECT_EQ(BandText(v1::BAND_STRONG), "strong");
  EXPECT_EQ(BandText(v1::BAND_CONCERN), "concern");
  EXPECT_EQ(BandText(v1::BAND_UNSPECIFIED), "-");
  EXPECT_EQ(BandText(static_cast<v1::Band>(99)), "-");
}

TEST(ArrangementText, GivesTheFlagWord) {
  EXPECT_EQ(ArrangementText(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION),
            "associate-integration");
  EXPECT_EQ(ArrangementText(v1::ARRANGEMENT_INSUFFICIENT_DATA),
            "insufficient-data");
}

TEST(ToJson, UsesProtoFieldNamesAndPrintsZeroAndFalseFields) {
  v1::LocationAnalysis location;
  location.set_nearest_urn("100001");
  const nlohmann::json json = nlohmann::json::parse(ToJson(location, false));
  EXPECT_EQ(json["nearest_urn"], "100001");
  EXPECT_EQ(json["within_cluster_radius"], false);
  EXPECT_EQ(json["method"], "");
  EXPECT_EQ(ToJson(location, false).find('\n'), std::string::npos);
  EXPECT_NE(ToJson(location, true).find('\n'), std::string::npos);
}

v1::Assessment Oak() {
  v1::Assessment a;
  a.set_urn("108057");
  a.set_name("Oak Academy");
  a.set_cluster_id("north");
  a.set_overall_score(72.456);
  a.set_overall_band(v1::BAND_SECURE);
  a.set_completeness_pct(87.5);
  v1::Recommendation* rec = a.mutable_recommendation();
  rec->set_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  rec->set_associate_phase(v1::ASSOCIATE_PHASE_1);
  rec->set_term_months(24);
  rec->set_review_months(6);
  rec->set_rule("integration");
  rec->set_explanation("Strong enough to integrate.");
  v1::CriterionResult* standards = a.add_criteria();
  standards->set_criterion(v1::CRITERION_STANDARDS);
  standards->set_score(80);
  standards->set_band(v1::BAND_STRONG);
  standards->set_effective_weight(0.3);
  standards->set_completeness_pct(100);
  // The server sends every criterion, in order; only standards is scored.
  for (v1::Criterion c :
       {v1::CRITERION_LEADERSHIP, v1::CRITERION_FINANCE, v1::CRITERION_ETHOS,
        v1::CRITERION_CAPACITY, v1::CRITERION_LOCATION}) {
    a.add_criteria()->set_criterion(c);
  }
  v1::Reason* reason = a.add_reasons_for();
  reason->set_code("STANDARDS_STRONG");
  reason->set_points(1.5);
  reason->set_explanation("Good outcomes.");
  a.mutable_location()->set_distance_km(12.34);
  a.mutable_location()->set_nearest_name("Elm Primary");
  a.mutable_location()->set_method("grid");
  a.mutable_policy()->set_name("north");
  a.mutable_policy()->set_version("2026.1");
  a.mutable_policy()->set_content_hash("0123456789abcdef0123");
  return a;
}

TEST(PrintAssessment, ShowsTheHeadlineRecommendationAndCriteria) {
  std::ostringstream out;
  PrintAssessment(out, Oak(), false);
  const std::string text = out.str();
  EXPECT_THAT(text, StartsWith("Oak Academy (URN 108057), cluster north\n"
                               "Overall 72.46 secure, data completeness 88%\n"
                               "\nRecommendation: associate-integration "
                               "(phase 1), 24 months, reviewed every 6 "
                               "months  [integration]\n"
                               "  Strong enough to integrate.\n"));
  EXPECT_THAT(text,
              HasSubstr("standards   80.00   strong      30%     100%\n"));
  // A criterion without a score shows dashes, not zeros.
  EXPECT_THAT(text, HasSubstr("finance     -       -           -       0%\n"));
  EXPECT_THAT(text, HasSubstr("Reasons for:\n  +1.50   STANDARDS_STRONG"));
  EXPECT_THAT(text, HasSubstr("Location: 12.3 km from Elm Primary (grid)\n"));
  // The hash is cut to 12 characters.
  EXPECT_THAT(text, HasSubstr("Policy: north 2026.1 (0123456789ab)\n"));
  EXPECT_THAT(text, Not(HasSubstr("Provisional")));
  EXPECT_THAT(text, Not(HasSubstr("Gates:")));
}

TEST(PrintAssessment, ShowsFactorsOnlyWhenExplaining) {
  v1::Assessment a = Oak();
  v1::FactorResult* factor = a.mutable_criteria(0)->add_factors();
  factor->set_factor("progress8");
  factor->set_score(3.5);
  factor->set_explanation("Progress 8 of 0.69.");
  std::ostringstream brief, explained;
  PrintAssessment(brief, a, false);
  PrintAssessment(explained, a, true);
  EXPECT_THAT(brief.str(), Not(HasSubstr("progress8")));
  EXPECT_THAT(explained.str(),
              HasSubstr("    progress8                     3.50    Progress 8 "
                        "of 0.69.\n"));
}

TEST(PrintAssessment, WrapsLongSentencesToTheWidth) {
  v1::Assessment a = Oak();
  a.mutable_recommendation()->set_explanation(
      "alpha bravo charlie delta echo foxtrot golf hotel india juliet");
  std::ostringstream out;
  PrintAssessment(out, a, false, 20);
  int wrapped = 0;
  for (absl::string_view line : absl::StrSplit(out.str(), '\n')) {
    for (const char* word : {"alpha", "delta", "golf", "juliet"}) {
      if (!absl::StrContains(line, word)) continue;
      ++wrapped;
      EXPECT_LE(line.size(), 20u) << line;
      EXPECT_TRUE(absl::StartsWith(line, "  ")) << line;
    }
  }
  EXPECT_EQ(wrapped, 4);
}

TEST(PrintAssessment, ShowsTheOutlookWhileProvisional) {
  v1::Assessment a = Oak();
  v1::Outlook* o = a.mutable_outlook();
  o->set_is_provisional(true);
  o->mutable_provisional()->set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  o->mutable_provisional()->set_term_months(12);
  o->mutable_provisional()->set_rule("partnership");
  o->set_min_overall(50);
  o->set_max_overall(80.5);
  o->set_min_band(v1::BAND_DEVELOPING);
  o->set_max_band(v1::BAND_STRONG);
  o->set_worst_arrangement(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  o->set_best_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  o->add_possible_gates("SAFEGUARDING");
  for (const char* code : {"A", "B", "C", "D"}) {
    v1::DataToCollect* c = o->add_collect_first();
    c->set_code(code);
    c->set_points_at_stake(2);
  }
  o->mutable_collect_first(0)->add_fields("finance.revenue_reserves_pence");
  o->mutable_collect_first(0)->set_can_change_provisional(true);
  std::ostringstream out;
  PrintAssessment(out, a, false);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("\nProvisional (88% of the data known): "
                              "trust-partnership, 12 months  [partnership]\n"
                              "  Overall could be 50.00 (developing) to 80.50 "
                              "(strong); at worst associate-strategic, at "
                              "best associate-integration\n"
                              "  Could still fire while unknown: "
                              "SAFEGUARDING\n  Collect first:\n"));
  EXPECT_THAT(text, HasSubstr("finance.revenue_reserves_pence        could "
                              "change the arrangement\n"));
  // Three to collect first, not four.
  EXPECT_THAT(text, HasSubstr("2.00 pts   C"));
  EXPECT_THAT(text, Not(HasSubstr("2.00 pts   D")));
}

TEST(PrintAssessment, ShowsGatesWithWhatToDoAndMissingData) {
  v1::Assessment a = Oak();
  v1::Gate* gate = a.add_gates();
  gate->set_code("FINANCE_DEFICIT");
  gate->set_explanation("Reserves deficit.");
  gate->set_action("Agree a recovery plan.");
  v1::MissingData* missing = a.add_missing_data();
  missing->set_code("FINANCE_RESERVES");
  missing->add_fields("finance.revenue_reserves_pence");
  missing->add_fields("finance.funding_base_pence");
  std::ostringstream out;
  PrintAssessment(out, a, false);
  EXPECT_THAT(out.str(),
              HasSubstr("Gates:\n  FINANCE_DEFICIT: Reserves deficit.\n"
                        "    What to do: Agree a recovery plan.\n"
                        "Missing data (collect these):\n  FINANCE_RESERVES"));
  EXPECT_THAT(out.str(), HasSubstr("finance.revenue_reserves_pence, "
                                   "finance.funding_base_pence\n"));
}

v1::Quote SmallQuote() {
  v1::Quote q;
  q.set_urn("108057");
  q.set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  q.set_term_months(12);
  q.set_funding_base_pence(500000000);
  v1::LineItem* core = q.add_line_items();
  core->set_kind(v1::LINE_KIND_CORE);
  core->set_code("SCHOOL_IMPROVEMENT");
  core->set_description("School improvement, core");
  core->set_quantity(1);
  core->set_unit_price(120000);
  core->set_months(12);
  core->set_amount_pence(1234567);
  q.set_gross_pence(1234567);
  q.set_credits_pence(0);
  q.set_net_pence(1234567);
  q.set_delivery_cost_pence(1000000);
  q.set_effective_rate_bps(247);
  q.set_frequency(v1::SCHEDULE_FREQUENCY_TERMLY);
  v1::Instalment* first = q.add_schedule();
  first->set_sequence(1);
  first->mutable_due_date()->set_year(2026);
  first->mutable_due_date()->set_month(9);
  first->mutable_due_date()->set_day(1);
  first->set_amount_pence(411523);
  q.mutable_policy()->set_name("north");
  q.mutable_policy()->set_version("2026.1");
  return q;
}

TEST(PrintQuote, ShowsLinesTotalsAndTheSchedule) {
  std::ostringstream out;
  PrintQuote(out, SmallQuote());
  const std::string text = out.str();
  EXPECT_THAT(text, StartsWith("Quote for URN 108057: trust-partnership, 12 "
                               "months, funding base £5,000,000.00\n\n"));
  EXPECT_THAT(text, HasSubstr("  CORE          £12,345.67      School "
                              "improvement, core\n"));
  EXPECT_THAT(text, HasSubstr("  Net                           £12,345.67\n"));
  EXPECT_THAT(text, HasSubstr("  Effective rate                2.47% of the "
                              "funding base a year\n"));
  EXPECT_THAT(text, HasSubstr("\nSchedule (termly, 1 instalments):\n"
                              "  1    2026-09-01  £4,115.23\n"));
  // Zero credits, contributions and floor are not shown.
  EXPECT_THAT(text, Not(HasSubstr("Credits")));
  EXPECT_THAT(text, Not(HasSubstr("Contributions")));
  EXPECT_THAT(text, Not(HasSubstr("floor")));
  EXPECT_THAT(text, Not(HasSubstr("SUBSIDISED")));
}

TEST(PrintQuote, ShowsCreditsAsDeductionsAndMarksASubsidy) {
  v1::Quote q = SmallQuote();
  q.set_credits_pence(5000);
  q.set_subsidised(true);
  std::ostringstream out;
  PrintQuote(out, q);
  EXPECT_THAT(out.str(),
              HasSubstr("  Credits (bought elsewhere)    -£50.00\n"));
  EXPECT_THAT(out.str(), HasSubstr("£10,000.00  (SUBSIDISED)\n"));
}

TEST(WriteQuoteCsv, WritesLinesThenTotalsThenInstalments) {
  std::ostringstream out;
  WriteQuoteCsv(out, SmallQuote());
  EXPECT_EQ(out.str(),
            "kind,code,description,quantity,unit_price,months,amount_pence\n"
            "CORE,SCHOOL_IMPROVEMENT,\"School improvement, core\",1,120000,12,"
            "1234567\n"
            "TOTAL,GROSS,,,,,1234567\n"
            "TOTAL,CREDITS,,,,,0\n"
            "TOTAL,CONTRIBUTIONS,,,,,0\n"
            "TOTAL,COST_FLOOR,,,,,0\n"
            "TOTAL,NET,,,,,1234567\n"
            "TOTAL,DELIVERY_COST,,,,,1000000\n"
            "INSTALMENT,1,2026-09-01,,,,411523\n");
}

TEST(PrintPolicySummary, ListsClustersWithSpareDaysAndTheCatalogue) {
  v1::GetPolicyResponse response;
  v1::Policy* p = response.mutable_policy();
  p->set_name("default");
  p->set_version("2026.1");
  p->mutable_trust()->set_name("Northern Trust");
  v1::Cluster* north = p->add_clusters();
  north->set_id("north");
  north->set_name("North");
  north->add_members();
  north->add_members();
  north->set_support_capacity_days(100);
  north->set_committed_days(37.5);
  v1::CatalogueService* hr = p->mutable_cost()->add_catalogue();
  hr->set_code("HR");
  hr->set_name("Human resources");
  response.mutable_ref()->set_content_hash("abc");
  response.set_source("embedded");
  std::ostringstream out;
  PrintPolicySummary(out, response);
  EXPECT_THAT(out.str(),
              StartsWith("Policy default 2026.1 (sha256 abc)\nSource: "
                         "embedded\nTrust: Northern Trust\n\nClusters:\n"));
  EXPECT_THAT(out.str(), HasSubstr("2 schools, 62.50 of 100.00 support days "
                                   "spare\n"));
  EXPECT_THAT(out.str(), HasSubstr("  HR                        add-on  Human "
                                   "resources\n"));
}

v1::ScoreResult ScoredOak() {
  v1::ScoreResult result;
  *result.mutable_assessment() = Oak();
  return result;
}

TEST(BatchCsvWriter, WritesAHeaderAndOneRecordPerRowOfEqualLength) {
  std::ostringstream out;
  std::unique_ptr<BatchWriter> writer =
      MakeBatchWriter(OutputFormat::kCsv, &out);
  const v1::ScoreResult scored = ScoredOak();
  BatchRow ok;
  ok.line = 2;
  ok.correlation_id = "row-2";
  ok.result = &scored;
  writer->Write(ok);
  BatchRow local;
  local.line = 3;
  local.local_error = "bad row";
  writer->Write(local);
  writer->Finish();
  const std::vector<std::string> lines =
      absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], StartsWith("line,correlation_id,urn,name,status,"));
  EXPECT_THAT(lines[0], HasSubstr(",distance_km,easting,northing,"));
  const size_t columns = std::count(lines[0].begin(), lines[0].end(), ',');
  EXPECT_EQ(columns + 1, 45u);
  EXPECT_EQ(std::count(lines[2].begin(), lines[2].end(), ','), columns);
  EXPECT_THAT(lines[1], StartsWith("2,row-2,108057,Oak Academy,ok,72.46,"
                                   "secure,87.50,associate-integration,"
                                   "integration,24,80.00,strong,,,,,,,,,,,"
                                   "12.34,,,,,,,,"));
  EXPECT_THAT(lines[2], StartsWith("3,,,,error,"));
  EXPECT_THAT(lines[2], HasSubstr(",INVALID_ARGUMENT,,bad row"));
}

TEST(BatchJsonLinesWriter, WritesOneObjectPerRowWithTheLine) {
  std::ostringstream out;
  std::unique_ptr<BatchWriter> writer =
      MakeBatchWriter(OutputFormat::kJson, &out);
  const v1::ScoreResult scored = ScoredOak();
  v1::ScoreResult rejected;
  rejected.mutable_error()->set_code(5);
  rejected.mutable_error()->set_message("no cluster");
  BatchRow ok;
  ok.line = 2;
  ok.correlation_id = "a\"b";
  ok.result = &scored;
  writer->Write(ok);
  BatchRow failed;
  failed.line = 3;
  failed.result = &rejected;
  writer->Write(failed);
  BatchRow local;
  local.line = 4;
  local.local_error = "bad row";
  writer->Write(local);
  const std::vector<std::string> lines =
      absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  const nlohmann::json first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["line"], 2);
  EXPECT_EQ(first["correlation_id"], "a\"b");
  EXPECT_EQ(first["assessment"]["urn"], "108057");
  EXPECT_FALSE(first.contains("school"));
  const nlohmann::json second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["error"]["code"], 5);
  EXPECT_FALSE(second.contains("correlation_id"));
  const nlohmann::json third = nlohmann::json::parse(lines[2]);
  // A row the CLI could not read is INVALID_ARGUMENT (3).
  EXPECT_EQ(third["error"]["code"], 3);
  EXPECT_EQ(third["error"]["message"], "bad row");
}

TEST(BatchTableWriter, WritesAHeaderAndAnErrorRow) {
  std::ostringstream out;
  std::unique_ptr<BatchWriter> writer =
      MakeBatchWriter(OutputFormat::kTable, &out);
  const v1::ScoreResult scored = ScoredOak();
  BatchRow ok;
  ok.line = 2;
  ok.result = &scored;
  writer->Write(ok);
  BatchRow local;
  local.line = 3;
  local.local_error = "bad row";
  writer->Write(local);
  const std::vector<std::string> lines =
      absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], StartsWith("line  URN    school"));
  EXPECT_THAT(lines[0], HasSubstr("recommendation / error"));
  EXPECT_THAT(lines[1], StartsWith("2     108057 Oak Academy"));
  EXPECT_THAT(lines[1], HasSubstr("72.46   secure     88%  12.3  "
                                  "associate-integration"));
  EXPECT_THAT(lines[2], StartsWith("3     "));
  EXPECT_THAT(lines[2], HasSubstr("ERROR bad row"));
}

TEST(BatchTableWriter, ShowsTheProvisionalRangeForInsufficientData) {
  v1::ScoreResult result = ScoredOak();
  v1::Assessment* a = result.mutable_assessment();
  a->mutable_recommendation()->set_arrangement(
      v1::ARRANGEMENT_INSUFFICIENT_DATA);
  a->mutable_outlook()->mutable_provisional()->set_arrangement(
      v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  a->mutable_outlook()->set_min_overall(41.4);
  a->mutable_outlook()->set_max_overall(77.6);
  std::ostringstream out;
  BatchRow row;
  row.line = 2;
  row.result = &result;
  MakeBatchWriter(OutputFormat::kTable, &out)->Write(row);
  EXPECT_THAT(out.str(), HasSubstr("provisionally trust-partnership (41-78)"));
}

TEST(TerminalSafeOutput, ShowsControlCharactersInsteadOfObeyingThem) {
  std::ostringstream stream;
  {
    TerminalSafeOutput safe(stream);
    stream << "a\x1b[2Jb\tc\nd\x7f"
           << "e\xc2\x9b"
           << "f\xc2\xa3";
  }
  EXPECT_EQ(stream.str(), "a\\x1b[2Jb\tc\nd\\x7fe\\x9bf\xc2\xa3");
  // Gone once destroyed.
  stream << "\x1b";
  EXPECT_EQ(stream.str().back(), '\x1b');
}

}  // namespace
}  // namespace trustfit::client
