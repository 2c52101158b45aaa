// The standards criterion's unit (§3.1): the Ofsted outcome in either
// framework and overall absence (attainment and trend are covered through
// assess_test and criteria_test), the rules of its section and its bounds.

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/field_violations.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::CriterionResult ScoreStandards(const v1::Candidate& candidate) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  v1::Assessment so_far;
  v1::CriterionResult out;
  StandardsCriterion().score(ctx, &so_far, &out);
  return out;
}

v1::FactorResult Factor(const v1::Candidate& candidate,
                        const std::string& name) {
  const v1::CriterionResult result = ScoreStandards(candidate);
  for (const v1::FactorResult& f : result.factors()) {
    if (f.factor() == name) return f;
  }
  ADD_FAILURE() << "no factor " << name;
  return v1::FactorResult();
}

v1::FactorResult Absence(double pct) {
  v1::Candidate candidate;
  candidate.mutable_standards()->set_overall_absence_pct(pct);
  return Factor(candidate, "standards.absence");
}

TEST(StandardsCriterion, IsTheStandardsRowReadingTheStandardsSection) {
  const CriterionUnit unit = StandardsCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_STANDARDS);
  EXPECT_EQ(unit.id, "standards");
  EXPECT_EQ(unit.input_section, "standards");
}

TEST(StandardsCriterion, HasTheStandardsWeightAndFourWeightedFactors) {
  const v1::CriterionResult result = ScoreStandards(v1::Candidate());
  EXPECT_EQ(result.weight(), 25);
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const v1::FactorResult& f : result.factors()) {
    names.push_back(f.factor());
    weights.push_back(f.weight());
  }
  EXPECT_THAT(names, ElementsAre("standards.ofsted", "standards.attainment",
                                 "standards.trend", "standards.absence"));
  EXPECT_THAT(weights, ElementsAre(35, 35, 10, 20));
}

TEST(StandardsCriterion, LegacyGradesScore100_75_40_0WithTheirOwnCodes) {
  const double scores[] = {100, 75, 40, 0};
  const char* codes[] = {
      "STANDARDS_OFSTED_OUTSTANDING", "STANDARDS_OFSTED_GOOD",
      "STANDARDS_OFSTED_REQUIRES_IMPROVEMENT", "STANDARDS_OFSTED_INADEQUATE"};
  for (int grade = 1; grade <= 4; ++grade) {
    v1::Candidate candidate;
    candidate.mutable_standards()
        ->mutable_legacy_inspection()
        ->set_overall_effectiveness(static_cast<v1::LegacyGrade>(grade));
    const v1::FactorResult f = Factor(candidate, "standards.ofsted");
    EXPECT_DOUBLE_EQ(f.input_value(), grade);
    EXPECT_DOUBLE_EQ(f.score(), scores[grade - 1]) << grade;
    EXPECT_EQ(f.reason_code(), codes[grade - 1]) << grade;
  }
}

// Strong standard 85 and Expected standard 65 average to 75.
TEST(StandardsCriterion, AReportCardScoresTheMeanOfItsGradedAreas) {
  v1::Candidate candidate;
  v1::ReportCardInspection* card =
      candidate.mutable_standards()->mutable_report_card();
  card->set_inclusion(v1::REPORT_CARD_GRADE_STRONG_STANDARD);
  card->set_achievement(v1::REPORT_CARD_GRADE_EXPECTED_STANDARD);
  EXPECT_DOUBLE_EQ(Factor(candidate, "standards.ofsted").score(), 75);
}

TEST(StandardsCriterion, NoOutcomeInEitherFrameworkIsMissing) {
  v1::Candidate candidate;
  candidate.mutable_standards()->mutable_report_card();  // Nothing graded.
  const v1::FactorResult f = Factor(candidate, "standards.ofsted");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "STANDARDS_OFSTED_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("standards.legacy_inspection.overall_effectiveness",
                          "standards.report_card"));
}

// Absence: 4->100, 6->75, 8->45, 10->0; Secure is 55.
TEST(StandardsCriterion, AbsenceScoresOnItsCurveAndIsLowFrom55) {
  EXPECT_DOUBLE_EQ(Absence(5).score(), 87.5);
  const v1::FactorResult seven = Absence(7);
  EXPECT_DOUBLE_EQ(seven.score(), 60);
  EXPECT_EQ(seven.reason_code(), "STANDARDS_ABSENCE_LOW");
  const v1::FactorResult nine = Absence(9);
  EXPECT_DOUBLE_EQ(nine.score(), 22.5);
  EXPECT_EQ(nine.reason_code(), "STANDARDS_ABSENCE_HIGH");
  EXPECT_DOUBLE_EQ(Absence(2).score(), 100);
  EXPECT_DOUBLE_EQ(Absence(15).score(), 0);
}

TEST(StandardsCriterion, NoAbsenceNamesItMissing) {
  const v1::FactorResult f = Factor(v1::Candidate(), "standards.absence");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "STANDARDS_ABSENCE_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("standards.overall_absence_pct"));
}

TEST(StandardsCriterion, TheDefaultRulesPassAndAZeroOfstedWeightDoesNot) {
  v1::ScoringRules rules = Policy::Default().scoring();
  FieldViolations ok;
  StandardsCriterion().check_rules(rules, PolicyChecker(&ok, "standards"));
  EXPECT_THAT(ok.violations(), IsEmpty());
  rules.mutable_standards()->set_ofsted_weight(0);
  FieldViolations bad;
  StandardsCriterion().check_rules(rules, PolicyChecker(&bad, "standards"));
  ASSERT_EQ(bad.violations().size(), 1u);
  EXPECT_EQ(bad.violations()[0].field, "standards.ofsted_weight");
}

TEST(StandardsCriterion, BoundsTheOfstedAndAbsenceFactors) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  for (const char* factor : {"standards.ofsted", "standards.absence"}) {
    const std::optional<ScoreBounds> b =
        StandardsCriterion().factor_bounds(ctx, factor);
    ASSERT_TRUE(b.has_value()) << factor;
    EXPECT_DOUBLE_EQ(b->worst, 0) << factor;
    EXPECT_DOUBLE_EQ(b->best, 100) << factor;
  }
  EXPECT_FALSE(
      StandardsCriterion().factor_bounds(ctx, "ethos.phase").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
