// The reason-code table: well formed, documented in scoring/REASON_CODES.md
// exactly as the code has it, and every code produced by a real assessment
// or quote at least once.

#include "scoring/reason_codes.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/quote.h"
#include "tests/scoring/assess_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::trustfit::testing::EditedPolicy;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::ReadFileOrDie;
using ::trustfit::testing::SourcePath;
using ::trustfit::testing::ValueOrDie;

TEST(ReasonCodes, TableIsInEnumOrderWithUniqueUpperSnakeNames) {
  std::set<std::string> names;
  const std::set<std::string> areas = {
      "standards", "leadership", "finance",        "ethos", "location",
      "capacity",  "condition",  "recommendation", "quote"};
  int index = 0;
  for (const ReasonCodeInfo& row : AllReasonCodes()) {
    EXPECT_EQ(static_cast<int>(row.code), index++);
    EXPECT_THAT(std::string(row.name),
                ::testing::MatchesRegex("[A-Z][A-Z0-9_]*[A-Z0-9]"));
    EXPECT_TRUE(names.insert(std::string(row.name)).second) << row.name;
    EXPECT_EQ(areas.count(std::string(row.area)), 1u) << row.name;
    EXPECT_FALSE(row.meaning.empty()) << row.name;
    EXPECT_FALSE(row.action.empty()) << row.name;
  }
}

TEST(ReasonCodes, DirectionsAreThoseOfTheSpec) {
  // §3.2's examples of each direction.
  auto direction = [](absl::string_view name) {
    for (const ReasonCodeInfo& row : AllReasonCodes()) {
      if (row.name == name) return ReasonDirectionName(row.direction);
    }
    return absl::string_view("no such code");
  };
  EXPECT_EQ(direction("FINANCE_IN_YEAR_SURPLUS"), "favourable");
  EXPECT_EQ(direction("STANDARDS_PROGRESS8_ABOVE_AVERAGE"), "favourable");
  EXPECT_EQ(direction("FINANCE_IN_YEAR_DEFICIT"), "adverse");
  EXPECT_EQ(direction("LEADERSHIP_HEADTEACHER_INTERIM"), "adverse");
  EXPECT_EQ(direction("LOCATION_BEYOND_CLUSTER_RADIUS"), "adverse");
  EXPECT_EQ(direction("ETHOS_PHASE_NEW_TO_TRUST"), "neutral");
  EXPECT_EQ(direction("FINANCE_HIGH_RESERVES"), "neutral");
  // Codes that are not a factor's judgement point nowhere.
  for (const ReasonCodeInfo& row : AllReasonCodes()) {
    if (absl::EndsWith(row.name, "_DATA_MISSING") || row.area == "condition" ||
        row.area == "recommendation" || row.area == "quote") {
      EXPECT_EQ(row.direction, ReasonDirection::kNeutral) << row.name;
    }
  }
}

// The reader's table, generated from the code's table.
std::string RenderReasonCodesMarkdown() {
  std::string out =
      "# Reason codes\n\n"
      "Every point of an assessment and every note of a quote carries one of "
      "these\n"
      "codes. They are stable: a code is never renamed or reused once "
      "released.\n"
      "This file is generated from `scoring/reason_codes.cc` and checked by\n"
      "`reason_codes_test`; to change it, change the table there and run\n"
      "`TRUSTFIT_UPDATE_GOLDENS=1 ctest --test-dir build -R ReasonCodes`.\n\n"
      "Each code has a direction. A factor's code puts it among the reasons\n"
      "for the school (favourable), the reasons against it (adverse) or the\n"
      "reasons to consider (neutral: a strategic question for the trust, such\n"
      "as a phase new to it, never counted against the school). Gate codes\n"
      "also appear in `gates`; conditions in `recommendation.conditions`;\n"
      "rules in `recommendation.rule`; quote codes in `notes` of a quote.\n"
      "`*_DATA_MISSING` codes list what to collect in "
      "`missing_data`.\n";
  std::string area;
  for (const ReasonCodeInfo& row : AllReasonCodes()) {
    if (row.area != area) {
      area = std::string(row.area);
      absl::StrAppend(&out, "\n## ", area,
                      "\n\n| code | direction | meaning | what to do "
                      "|\n|---|---|---|---|\n");
    }
    auto cell = [](absl::string_view text) {
      return absl::StrReplaceAll(text, {{"|", "\\|"}});
    };
    absl::StrAppend(&out, "| `", row.name, "` | ",
                    ReasonDirectionName(row.direction), " | ",
                    cell(row.meaning), " | ", cell(row.action), " |\n");
  }
  return out;
}

TEST(ReasonCodes, DocumentationMatchesTheTable) {
  const std::string path = SourcePath("scoring/REASON_CODES.md");
  const std::string rendered = RenderReasonCodesMarkdown();
  if (std::getenv("TRUSTFIT_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(path, std::ios::binary) << rendered;
  }
  EXPECT_EQ(ReadFileOrDie(path), rendered)
      << "scoring/REASON_CODES.md is out of date; regenerate it with "
         "TRUSTFIT_UPDATE_GOLDENS=1";
}

// Every code an assessment carries anywhere.
std::set<std::string> CodesIn(const v1::Assessment& a) {
  std::set<std::string> codes;
  for (const auto& c : a.criteria()) {
    for (const auto& f : c.factors()) codes.insert(f.reason_code());
    for (const auto& adj : c.adjustments()) codes.insert(adj.reason_code());
  }
  for (const auto& g : a.gates()) codes.insert(g.code());
  for (const auto& c : a.recommendation().conditions()) codes.insert(c.code());
  codes.insert(a.recommendation().rule());
  for (const auto& c : a.outlook().collect_first()) codes.insert(c.code());
  codes.insert(a.outlook().possible_gates().begin(),
               a.outlook().possible_gates().end());
  return codes;
}

std::set<std::string> CodesIn(const v1::Quote& q) {
  std::set<std::string> codes;
  for (const auto& n : q.notes()) codes.insert(n.code());
  return codes;
}

std::set<std::string> Assessed(const v1::Candidate& candidate,
                               const Policy& policy = Policy::Default()) {
  return CodesIn(AssessOrDie(candidate, "north", policy));
}

v1::Candidate Bare() {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("Bare School");
  return candidate;
}

v1::Candidate ReportCard(v1::ReportCardGrade grade) {
  v1::Candidate candidate = GoldenCandidate("report_card_church");
  auto* card = candidate.mutable_standards()->mutable_report_card();
  card->set_inclusion(grade);
  card->set_achievement(grade);
  card->set_personal_development_and_wellbeing(grade);
  return candidate;
}

v1::Candidate Primary(double latest, double previous) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_identity()->set_phase(v1::PHASE_PRIMARY);
  candidate.mutable_standards()->clear_attainment();
  auto* a = candidate.mutable_standards()->add_attainment();
  a->set_year(2024);
  a->set_ks2_rwm_expected_pct(latest);
  a = candidate.mutable_standards()->add_attainment();
  a->set_year(2023);
  a->set_ks2_rwm_expected_pct(previous);
  return candidate;
}

v1::Candidate Attainment8Only(double a8) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_standards()->clear_attainment();
  auto* a = candidate.mutable_standards()->add_attainment();
  a->set_year(2019);
  a->set_attainment8(a8);
  return candidate;
}

v1::Candidate Headteacher(v1::HeadteacherStatus status,
                          std::optional<double> years) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_leadership()->set_headteacher_status(status);
  candidate.mutable_leadership()->clear_headteacher_years_in_post();
  if (years)
    candidate.mutable_leadership()->set_headteacher_years_in_post(*years);
  return candidate;
}

v1::Quote Quoted(const v1::Candidate& candidate, const v1::QuoteSpec& spec,
                 const Policy& policy = Policy::Default()) {
  return ValueOrDie(QuoteContribution(policy, candidate, spec));
}

v1::QuoteSpec PartnerSpec() {
  v1::QuoteSpec spec;
  spec.set_arrangement(v1::ARRANGEMENT_PARTNER);
  spec.mutable_start_date()->set_year(2027);
  spec.mutable_start_date()->set_month(1);
  spec.mutable_start_date()->set_day(1);
  return spec;
}

struct Scenario {
  std::string name;
  std::vector<std::string> codes;
  std::function<std::set<std::string>()> run;
};

std::vector<Scenario> Scenarios() {
  std::vector<Scenario> s;
  auto golden = [](const char* name) {
    return [name] { return Assessed(GoldenCandidate(name)); };
  };
  s.push_back({"strong local school",
               {"STANDARDS_OFSTED_OUTSTANDING",
                "STANDARDS_PROGRESS8_ABOVE_AVERAGE",
                "STANDARDS_TREND_DECLINING",
                "STANDARDS_ABSENCE_LOW",
                "LEADERSHIP_HEADTEACHER_ESTABLISHED",
                "LEADERSHIP_JUDGEMENT_SECURE",
                "LEADERSHIP_GOVERNANCE_STRONG",
                "LEADERSHIP_STAFF_TURNOVER_LOW",
                "FINANCE_IN_YEAR_SURPLUS",
                "FINANCE_RESERVES_HEALTHY",
                "FINANCE_STAFF_COSTS_SUSTAINABLE",
                "FINANCE_PUPIL_FORECAST_STABLE_OR_GROWING",
                "ETHOS_RELIGIOUS_CHARACTER_COMPATIBLE",
                "ETHOS_PHASE_ALREADY_RUN",
                "ETHOS_VALUES_ALIGNED",
                "ETHOS_INCLUSION_STRONG",
                "ETHOS_SUSPENSIONS_LOW",
                "LOCATION_WITHIN_CLUSTER_RADIUS",
                "LOCATION_IN_TARGET_AREA",
                "CAPACITY_NET_CONTRIBUTOR",
                "RULE_ASSOCIATE_INTEGRATION"},
               golden("strong_local")});
  s.push_back({"coasting school",
               {"STANDARDS_OFSTED_GOOD", "STANDARDS_PROGRESS8_BELOW_AVERAGE",
                "FINANCE_IN_YEAR_DEFICIT", "FINANCE_RESERVES_LOW",
                "FINANCE_PUPIL_FORECAST_AMBER", "CAPACITY_NET_DRAIN",
                "RULE_TRUST_PARTNERSHIP"},
               golden("coasting")});
  s.push_back(
      {"school in deficit",
       {"STANDARDS_OFSTED_REQUIRES_IMPROVEMENT", "STANDARDS_TREND_IMPROVING",
        "LEADERSHIP_HEADTEACHER_INTERIM", "LEADERSHIP_JUDGEMENT_WEAK",
        "LEADERSHIP_GOVERNANCE_WEAK", "LEADERSHIP_STAFF_TURNOVER_HIGH",
        "FINANCE_RESERVES_DEFICIT", "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT",
        "FINANCE_STAFF_COSTS_HIGH", "FINANCE_PFI_CONTRACT",
        "ETHOS_INCLUSION_WEAK", "ETHOS_SUSPENSIONS_HIGH",
        "RECOVERY_PLAN_REQUIRED", "RULE_GATE_CAPS_AT_PARTNER"},
       golden("deficit")});
  s.push_back(
      {"far-away high performer",
       {"FINANCE_HIGH_RESERVES", "LOCATION_BEYOND_CLUSTER_RADIUS",
        "LOCATION_OUTSIDE_TARGET_AREA", "RULE_ASSOCIATE_STRATEGIC_NEW_CLUSTER"},
       golden("far_high_performer")});
  s.push_back({"Catholic school",
               {"ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED",
                "ETHOS_VALUES_NOT_ALIGNED", "RULE_GATE_BLOCKS_ALL"},
               golden("catholic")});
  s.push_back({"safeguarding not met",
               {"STANDARDS_SAFEGUARDING_NOT_MET", "STANDARDS_OFSTED_INADEQUATE",
                "STANDARDS_ABSENCE_HIGH"},
               golden("safeguarding_not_met")});
  s.push_back({"report card, Church of England",
               {"STANDARDS_REPORT_CARD_ABOVE_EXPECTED",
                "ETHOS_RELIGIOUS_CHARACTER_CONSENT_REQUIRED",
                "DIOCESAN_CONSENT_REQUIRED"},
               golden("report_card_church")});
  s.push_back(
      {"report card at expected", {"STANDARDS_REPORT_CARD_AT_EXPECTED"}, [] {
         return Assessed(ReportCard(v1::REPORT_CARD_GRADE_EXPECTED_STANDARD));
       }});
  s.push_back({"report card needing attention",
               {"STANDARDS_REPORT_CARD_NEEDS_ATTENTION"},
               [] {
                 return Assessed(
                     ReportCard(v1::REPORT_CARD_GRADE_NEEDS_ATTENTION));
               }});
  s.push_back({"report card urgent improvement",
               {"STANDARDS_REPORT_CARD_URGENT_IMPROVEMENT"},
               [] {
                 return Assessed(
                     ReportCard(v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT));
               }});
  s.push_back({"nothing known",
               {"STANDARDS_OFSTED_DATA_MISSING",
                "STANDARDS_ATTAINMENT_DATA_MISSING",
                "STANDARDS_TREND_DATA_MISSING",
                "STANDARDS_ABSENCE_DATA_MISSING",
                "LEADERSHIP_HEADTEACHER_DATA_MISSING",
                "LEADERSHIP_JUDGEMENT_DATA_MISSING",
                "LEADERSHIP_GOVERNANCE_DATA_MISSING",
                "LEADERSHIP_STAFF_TURNOVER_DATA_MISSING",
                "FINANCE_IN_YEAR_DATA_MISSING",
                "FINANCE_RESERVES_DATA_MISSING",
                "FINANCE_STAFF_COSTS_DATA_MISSING",
                "FINANCE_PUPIL_FORECAST_DATA_MISSING",
                "ETHOS_RELIGIOUS_CHARACTER_DATA_MISSING",
                "ETHOS_PHASE_DATA_MISSING",
                "ETHOS_VALUES_DATA_MISSING",
                "ETHOS_INCLUSION_DATA_MISSING",
                "ETHOS_SUSPENSIONS_DATA_MISSING",
                "LOCATION_DATA_MISSING",
                "LOCATION_STRATEGY_DATA_MISSING",
                "CAPACITY_DATA_MISSING",
                "RULE_INSUFFICIENT_DATA"},
               [] { return Assessed(Bare()); }});
  s.push_back({"primary above average, flat",
               {"STANDARDS_KS2_ABOVE_AVERAGE", "STANDARDS_TREND_STABLE"},
               [] { return Assessed(Primary(64, 64)); }});
  s.push_back({"primary below average, one year",
               {"STANDARDS_KS2_BELOW_AVERAGE", "STANDARDS_TREND_DATA_MISSING"},
               [] {
                 v1::Candidate c = Primary(50, 0);
                 c.mutable_standards()->mutable_attainment()->RemoveLast();
                 return Assessed(c);
               }});
  s.push_back({"Attainment 8 above average",
               {"STANDARDS_ATTAINMENT8_ABOVE_AVERAGE"},
               [] { return Assessed(Attainment8Only(50)); }});
  s.push_back({"Attainment 8 below average",
               {"STANDARDS_ATTAINMENT8_BELOW_AVERAGE"},
               [] { return Assessed(Attainment8Only(40)); }});
  s.push_back({"new headteacher", {"LEADERSHIP_HEADTEACHER_NEW"}, [] {
                 return Assessed(
                     Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, 0.5));
               }});
  s.push_back({"vacant headship", {"LEADERSHIP_HEADTEACHER_VACANT"}, [] {
                 return Assessed(
                     Headteacher(v1::HEADTEACHER_STATUS_VACANT, std::nullopt));
               }});
  s.push_back({"notice to improve", {"FINANCE_NOTICE_TO_IMPROVE"}, [] {
                 v1::Candidate c = GoldenCandidate("coasting");
                 c.mutable_finance()->set_notice_to_improve(true);
                 return Assessed(c);
               }});
  s.push_back({"falling rolls", {"FINANCE_PUPIL_FORECAST_RED"}, [] {
                 v1::Candidate c = GoldenCandidate("coasting");
                 c.mutable_finance()->set_pupil_forecast(2, 500);
                 return Assessed(c);
               }});
  s.push_back({"a phase new to the trust", {"ETHOS_PHASE_NEW_TO_TRUST"}, [] {
                 v1::Candidate c = GoldenCandidate("coasting");
                 c.mutable_identity()->set_phase(v1::PHASE_SPECIAL);
                 return Assessed(c);
               }});
  s.push_back(
      {"strategic associate with capacity", {"RULE_ASSOCIATE_STRATEGIC"}, [] {
         v1::Candidate c = GoldenCandidate("strong_local");
         c.mutable_governance()->set_stage(v1::GOVERNANCE_STAGE_EXPLORING);
         return Assessed(c);
       }});
  s.push_back({"weak school, no gates", {"RULE_PARTNER"}, [] {
                 v1::Candidate c = GoldenCandidate("safeguarding_not_met");
                 auto* legacy =
                     c.mutable_standards()->mutable_legacy_inspection();
                 legacy->set_overall_effectiveness(
                     v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT);
                 legacy->set_safeguarding_effective(true);
                 return Assessed(c);
               }});
  s.push_back({"overstretched cluster",
               {"CAPACITY_CLUSTER_OVERSTRETCHED", "CLUSTER_CAPACITY_REQUIRED"},
               [] {
                 const Policy full = EditedPolicy([](v1::Policy* p) {
                   p->mutable_clusters(0)->set_committed_days(420);
                 });
                 return Assessed(GoldenCandidate("coasting"), full);
               }});
  s.push_back({"minimum fee, credit",
               {"COST_MINIMUM_FEE_APPLIED", "COST_CREDIT_BOUGHT_ELSEWHERE"},
               [] {
                 v1::Candidate c = Bare();
                 c.mutable_finance()->set_funding_base_pence(10'000'000);
                 c.mutable_finance()->add_services_bought_elsewhere(
                     "CORE_GOVERNANCE");
                 return CodesIn(Quoted(c, PartnerSpec()));
               }});
  s.push_back({"contributions beyond the charge",
               {"COST_CONTRIBUTION_CAPPED", "COST_NEUTRAL"},
               [] {
                 v1::Candidate c = Bare();
                 c.mutable_finance()->set_funding_base_pence(400'000'000);
                 v1::QuoteSpec spec = PartnerSpec();
                 auto* contribution = spec.add_contributions();
                 contribution->set_code("NLE_SUPPORT");
                 contribution->set_quantity(200);
                 return CodesIn(Quoted(c, spec));
               }});
  s.push_back(
      {"nothing known but the name",
       {"STANDARDS_SAFEGUARDING_DATA_MISSING", "GOVERNANCE_STAGE_DATA_MISSING"},
       [] { return Assessed(Bare()); }});
  for (bool enforce : {true, false}) {
    s.push_back({enforce ? "underpriced, floor enforced"
                         : "underpriced, floor not enforced",
                 {enforce ? "COST_FLOOR_APPLIED" : "COST_SUBSIDISED"},
                 [enforce] {
                   const Policy cheap = EditedPolicy([enforce](v1::Policy* p) {
                     p->mutable_cost()->set_core_rate_bps(100);
                     p->mutable_cost()->set_enforce_no_subsidy(enforce);
                   });
                   v1::Candidate c = Bare();
                   c.mutable_finance()->set_funding_base_pence(400'000'000);
                   return CodesIn(Quoted(c, PartnerSpec(), cheap));
                 }});
  }
  return s;
}

TEST(ReasonCodes, EachScenarioProducesItsCodes) {
  for (const Scenario& scenario : Scenarios()) {
    SCOPED_TRACE(scenario.name);
    const std::set<std::string> produced = scenario.run();
    for (const std::string& code : scenario.codes) {
      EXPECT_EQ(produced.count(code), 1u) << code;
    }
  }
}

TEST(ReasonCodes, EveryCodeHasAScenario) {
  std::set<std::string> covered;
  for (const Scenario& scenario : Scenarios()) {
    covered.insert(scenario.codes.begin(), scenario.codes.end());
  }
  for (const ReasonCodeInfo& row : AllReasonCodes()) {
    EXPECT_EQ(covered.count(std::string(row.name)), 1u)
        << row.name << " is never exercised";
  }
}

}  // namespace
}  // namespace trustfit::scoring
