// The leadership criterion's unit (§3.1): the headteacher, the inspection's
// leadership judgement, the governance rubric and staff turnover, the rules of
// its section of the policy, the check of its inputs and its factors' bounds.

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

v1::CriterionResult ScoreLeadership(const v1::Candidate& candidate) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  v1::Assessment so_far;
  v1::CriterionResult out;
  LeadershipCriterion().score(ctx, &so_far, &out);
  return out;
}

v1::FactorResult Factor(const v1::Candidate& candidate,
                        const std::string& name) {
  const v1::CriterionResult result = ScoreLeadership(candidate);
  for (const v1::FactorResult& f : result.factors()) {
    if (f.factor() == name) return f;
  }
  ADD_FAILURE() << "no factor " << name;
  return v1::FactorResult();
}

v1::FactorResult Headteacher(v1::HeadteacherStatus status,
                             std::optional<double> years) {
  v1::Candidate candidate;
  candidate.mutable_leadership()->set_headteacher_status(status);
  if (years.has_value()) {
    candidate.mutable_leadership()->set_headteacher_years_in_post(*years);
  }
  return Factor(candidate, "leadership.headteacher");
}

v1::FactorResult Turnover(double pct) {
  v1::Candidate candidate;
  candidate.mutable_leadership()->set_staff_turnover_pct(pct);
  return Factor(candidate, "leadership.staff_turnover");
}

v1::FactorResult Governance(int rating) {
  v1::Candidate candidate;
  candidate.mutable_governance()->mutable_governance_rating()->set_rating(
      rating);
  return Factor(candidate, "leadership.governance");
}

std::vector<std::string> RuleViolations(const v1::ScoringRules& rules) {
  FieldViolations violations;
  LeadershipCriterion().check_rules(rules,
                                    PolicyChecker(&violations, "leadership"));
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

std::vector<std::string> InputViolations(const v1::Candidate& candidate) {
  FieldViolations violations;
  CandidateChecker checker(&violations);
  LeadershipCriterion().check_input(candidate, checker);
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(LeadershipCriterion, IsTheLeadershipRowReadingTheLeadershipSection) {
  const CriterionUnit unit = LeadershipCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_LEADERSHIP);
  EXPECT_EQ(unit.id, "leadership");
  EXPECT_EQ(unit.input_section, "leadership");
}

TEST(LeadershipCriterion, HasTheLeadershipWeightAndFourWeightedFactors) {
  const v1::CriterionResult result = ScoreLeadership(v1::Candidate());
  EXPECT_EQ(result.criterion(), v1::CRITERION_LEADERSHIP);
  EXPECT_EQ(result.weight(), 20);
  ASSERT_EQ(result.factors_size(), 4);
  EXPECT_EQ(result.factors(0).factor(), "leadership.headteacher");
  EXPECT_EQ(result.factors(0).weight(), 30);
  EXPECT_EQ(result.factors(1).factor(), "leadership.judgement");
  EXPECT_EQ(result.factors(1).weight(), 30);
  EXPECT_EQ(result.factors(2).factor(), "leadership.governance");
  EXPECT_EQ(result.factors(2).weight(), 25);
  EXPECT_EQ(result.factors(3).factor(), "leadership.staff_turnover");
  EXPECT_EQ(result.factors(3).weight(), 15);
}

// Years in post: 0->40, 2->70, 5->100; Secure (55) or better is established.
TEST(LeadershipCriterion, ASubstantiveHeadOfThreeYearsScores80Established) {
  const v1::FactorResult f = Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, 3);
  EXPECT_DOUBLE_EQ(f.score(), 80);
  EXPECT_DOUBLE_EQ(f.input_value(), 3);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_ESTABLISHED");
}

TEST(LeadershipCriterion, OneYearInPostScores55AndIsJustEstablished) {
  const v1::FactorResult f = Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, 1);
  EXPECT_DOUBLE_EQ(f.score(), 55);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_ESTABLISHED");
}

TEST(LeadershipCriterion, HalfAYearInPostScores47Point5AndIsNew) {
  const v1::FactorResult f =
      Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, 0.5);
  EXPECT_DOUBLE_EQ(f.score(), 47.5);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_NEW");
}

TEST(LeadershipCriterion, MoreThanFiveYearsInPostScores100) {
  EXPECT_DOUBLE_EQ(Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, 12).score(),
                   100);
}

TEST(LeadershipCriterion, AnActingOrInterimHeadScores30) {
  for (v1::HeadteacherStatus status :
       {v1::HEADTEACHER_STATUS_ACTING, v1::HEADTEACHER_STATUS_INTERIM}) {
    const v1::FactorResult f = Headteacher(status, std::nullopt);
    EXPECT_DOUBLE_EQ(f.score(), 30) << status;
    EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_INTERIM") << status;
  }
  EXPECT_EQ(
      Headteacher(v1::HEADTEACHER_STATUS_ACTING, std::nullopt).input_text(),
      "acting");
}

TEST(LeadershipCriterion, AVacantPostScoresZero) {
  const v1::FactorResult f =
      Headteacher(v1::HEADTEACHER_STATUS_VACANT, std::nullopt);
  EXPECT_DOUBLE_EQ(f.score(), 0);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_VACANT");
}

TEST(LeadershipCriterion, ASubstantiveHeadWithoutYearsNamesTheYearsMissing) {
  const v1::FactorResult f =
      Headteacher(v1::HEADTEACHER_STATUS_SUBSTANTIVE, std::nullopt);
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("leadership.headteacher_years_in_post"));
}

TEST(LeadershipCriterion, NoHeadteacherStatusNamesTheStatusMissing) {
  const v1::FactorResult f = Headteacher(v1::HEADTEACHER_STATUS_UNSPECIFIED, 4);
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_HEADTEACHER_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("leadership.headteacher_status"));
}

TEST(LeadershipCriterion, ALegacyGoodLeadershipJudgementScores75Secure) {
  v1::Candidate candidate;
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_leadership_and_management(v1::LEGACY_GRADE_GOOD);
  const v1::FactorResult f = Factor(candidate, "leadership.judgement");
  EXPECT_DOUBLE_EQ(f.score(), 75);
  EXPECT_DOUBLE_EQ(f.input_value(), 2);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_JUDGEMENT_SECURE");
}

TEST(LeadershipCriterion, ALegacyRequiresImprovementJudgementScores40Weak) {
  v1::Candidate candidate;
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_leadership_and_management(v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT);
  const v1::FactorResult f = Factor(candidate, "leadership.judgement");
  EXPECT_DOUBLE_EQ(f.score(), 40);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_JUDGEMENT_WEAK");
}

TEST(LeadershipCriterion, AReportCardLeadershipGradeScoresItsGradeScore) {
  v1::Candidate candidate;
  candidate.mutable_standards()
      ->mutable_report_card()
      ->set_leadership_and_governance(v1::REPORT_CARD_GRADE_STRONG_STANDARD);
  v1::FactorResult f = Factor(candidate, "leadership.judgement");
  EXPECT_DOUBLE_EQ(f.score(), 85);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_JUDGEMENT_SECURE");
  candidate.mutable_standards()
      ->mutable_report_card()
      ->set_leadership_and_governance(v1::REPORT_CARD_GRADE_NEEDS_ATTENTION);
  f = Factor(candidate, "leadership.judgement");
  EXPECT_DOUBLE_EQ(f.score(), 35);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_JUDGEMENT_WEAK");
}

TEST(LeadershipCriterion, NoLeadershipJudgementNamesBothFrameworksFields) {
  const v1::FactorResult f = Factor(v1::Candidate(), "leadership.judgement");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_JUDGEMENT_DATA_MISSING");
  EXPECT_THAT(
      f.missing_fields(),
      ElementsAre("standards.legacy_inspection.leadership_and_management",
                  "standards.report_card.leadership_and_governance"));
}

// The rubric 1-4 scores 0, 40, 75, 100; 3 or 4 is strong.
TEST(LeadershipCriterion, GovernanceRatedThreeScores75Strong) {
  const v1::FactorResult f = Governance(3);
  EXPECT_DOUBLE_EQ(f.score(), 75);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_GOVERNANCE_STRONG");
}

TEST(LeadershipCriterion, GovernanceRatedTwoScores40Weak) {
  const v1::FactorResult f = Governance(2);
  EXPECT_DOUBLE_EQ(f.score(), 40);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_GOVERNANCE_WEAK");
}

TEST(LeadershipCriterion, UnratedGovernanceNamesTheRatingMissing) {
  const v1::FactorResult f = Factor(v1::Candidate(), "leadership.governance");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_GOVERNANCE_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("governance.governance_rating"));
}

// Turnover: 10->100, 15->70, 25->30, 35->0.
TEST(LeadershipCriterion, TwelvePercentTurnoverScores88Low) {
  const v1::FactorResult f = Turnover(12);
  EXPECT_DOUBLE_EQ(f.score(), 88);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_STAFF_TURNOVER_LOW");
}

TEST(LeadershipCriterion, TwentyPercentTurnoverScores50High) {
  const v1::FactorResult f = Turnover(20);
  EXPECT_DOUBLE_EQ(f.score(), 50);
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_STAFF_TURNOVER_HIGH");
}

TEST(LeadershipCriterion, TurnoverIsFlatBeyondTheCurvesEnds) {
  EXPECT_DOUBLE_EQ(Turnover(0).score(), 100);
  EXPECT_DOUBLE_EQ(Turnover(50).score(), 0);
}

TEST(LeadershipCriterion, NoTurnoverNamesItMissing) {
  const v1::FactorResult f =
      Factor(v1::Candidate(), "leadership.staff_turnover");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LEADERSHIP_STAFF_TURNOVER_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("leadership.staff_turnover_pct"));
}

TEST(LeadershipCriterion, TheDefaultRulesPass) {
  EXPECT_THAT(RuleViolations(Policy::Default().scoring()), IsEmpty());
}

TEST(LeadershipCriterion, AZeroJudgementWeightIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_leadership()->set_judgement_weight(0);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("leadership.judgement_weight"));
}

TEST(LeadershipCriterion, AVacantScoreAbove100IsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_leadership()->mutable_headteacher()->set_vacant_score(101);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("leadership.headteacher.vacant_score"));
}

TEST(LeadershipCriterion, ValidInputsHaveNoViolations) {
  v1::Candidate candidate;
  v1::Leadership* l = candidate.mutable_leadership();
  l->set_headteacher_status(v1::HEADTEACHER_STATUS_SUBSTANTIVE);
  l->set_headteacher_years_in_post(60);
  l->set_staff_turnover_pct(100);
  l->set_temporary_staff_pct(0);
  l->set_teacher_vacancies(0);
  EXPECT_THAT(InputViolations(candidate), IsEmpty());
}

TEST(LeadershipCriterion, EachOutOfRangeInputIsNamedByItsPath) {
  v1::Candidate candidate;
  v1::Leadership* l = candidate.mutable_leadership();
  l->set_headteacher_status(static_cast<v1::HeadteacherStatus>(99));
  l->set_headteacher_years_in_post(-1);
  l->set_staff_turnover_pct(101);
  l->set_temporary_staff_pct(-0.5);
  l->set_teacher_vacancies(-1);
  EXPECT_THAT(InputViolations(candidate),
              ElementsAre("leadership.headteacher_status",
                          "leadership.headteacher_years_in_post",
                          "leadership.staff_turnover_pct",
                          "leadership.temporary_staff_pct",
                          "leadership.teacher_vacancies"));
}

TEST(LeadershipCriterion, BoundsEachFactorUnderTheDefaultPolicy) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  const CriterionUnit unit = LeadershipCriterion();
  // Headteacher: the vacant 0 up to five years' 100.
  for (const char* factor :
       {"leadership.headteacher", "leadership.judgement",
        "leadership.governance", "leadership.staff_turnover"}) {
    const std::optional<ScoreBounds> bounds = unit.factor_bounds(ctx, factor);
    ASSERT_TRUE(bounds.has_value()) << factor;
    EXPECT_DOUBLE_EQ(bounds->worst, 0) << factor;
    EXPECT_DOUBLE_EQ(bounds->best, 100) << factor;
  }
  EXPECT_FALSE(unit.factor_bounds(ctx, "location.distance").has_value());
}

TEST(LeadershipCriterion, HeadteacherBoundsJoinTheCurveAndTheFixedScores) {
  v1::ScoringRules rules = Policy::Default().scoring();
  v1::HeadteacherRules* h = rules.mutable_leadership()->mutable_headteacher();
  h->set_vacant_score(20);
  h->set_acting_or_interim_score(30);
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{rules, policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  // The curve runs 40-100; vacant 20 is the worst.
  const std::optional<ScoreBounds> bounds =
      LeadershipCriterion().factor_bounds(ctx, "leadership.headteacher");
  ASSERT_TRUE(bounds.has_value());
  EXPECT_DOUBLE_EQ(bounds->worst, 20);
  EXPECT_DOUBLE_EQ(bounds->best, 100);
}

}  // namespace
}  // namespace trustfit::scoring
