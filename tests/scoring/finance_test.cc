// The finance criterion's unit (§3.1): in-year balance and reserves as a
// share of income, staff costs as a share of expenditure, the pupil forecast
// and the PFI penalty, the rules of its section of the policy, its input
// check and its bounds.

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
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kMillionPounds = 100'000'000;  // In pence.

v1::CriterionResult ScoreFinance(const v1::Candidate& candidate) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  v1::Assessment so_far;
  v1::CriterionResult out;
  FinanceCriterion().score(ctx, &so_far, &out);
  return out;
}

v1::FactorResult Factor(const v1::Candidate& candidate,
                        const std::string& name) {
  const v1::CriterionResult result = ScoreFinance(candidate);
  for (const v1::FactorResult& f : result.factors()) {
    if (f.factor() == name) return f;
  }
  ADD_FAILURE() << "no factor " << name;
  return v1::FactorResult();
}

// A school with £1m income: every percentage is pence / 1,000,000.
v1::Candidate WithIncome() {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_total_income_pence(kMillionPounds);
  return candidate;
}

v1::FactorResult InYear(int64_t pence) {
  v1::Candidate candidate = WithIncome();
  candidate.mutable_finance()->set_in_year_balance_pence(pence);
  return Factor(candidate, "finance.in_year_balance");
}

v1::FactorResult Reserves(int64_t pence) {
  v1::Candidate candidate = WithIncome();
  candidate.mutable_finance()->set_revenue_reserves_pence(pence);
  return Factor(candidate, "finance.reserves");
}

v1::FactorResult StaffCosts(int64_t pct_of_million) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_total_expenditure_pence(kMillionPounds);
  candidate.mutable_finance()->set_staff_costs_pence(pct_of_million *
                                                     kMillionPounds / 100);
  return Factor(candidate, "finance.staff_costs");
}

v1::FactorResult Forecast(int now, std::vector<int> forecast) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_pupils_on_roll(now);
  for (int pupils : forecast) {
    candidate.mutable_finance()->add_pupil_forecast(pupils);
  }
  return Factor(candidate, "finance.pupil_forecast");
}

std::vector<std::string> RuleViolations(const v1::ScoringRules& rules) {
  FieldViolations violations;
  FinanceCriterion().check_rules(rules, PolicyChecker(&violations, "finance"));
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

std::vector<std::string> InputViolations(const v1::Candidate& candidate) {
  FieldViolations violations;
  CandidateChecker checker(&violations);
  FinanceCriterion().check_input(candidate, checker);
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(FinanceCriterion, IsTheFinanceRowReadingTheFinanceSection) {
  const CriterionUnit unit = FinanceCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_FINANCE);
  EXPECT_EQ(unit.id, "finance");
  EXPECT_EQ(unit.input_section, "finance");
}

TEST(FinanceCriterion, HasTheFinanceWeightAndFourWeightedFactors) {
  const v1::CriterionResult result = ScoreFinance(v1::Candidate());
  EXPECT_EQ(result.criterion(), v1::CRITERION_FINANCE);
  EXPECT_EQ(result.weight(), 20);
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const v1::FactorResult& f : result.factors()) {
    names.push_back(f.factor());
    weights.push_back(f.weight());
  }
  EXPECT_THAT(names,
              ElementsAre("finance.in_year_balance", "finance.reserves",
                          "finance.staff_costs", "finance.pupil_forecast"));
  EXPECT_THAT(weights, ElementsAre(30, 30, 20, 20));
  EXPECT_THAT(result.adjustments(), IsEmpty());
}

// In-year curve: -5->0, -2->30, 0->60, 2->85, 5->100.
TEST(FinanceCriterion, AOnePercentSurplusScores72Point5) {
  const v1::FactorResult f = InYear(kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(f.input_value(), 1);
  EXPECT_DOUBLE_EQ(f.score(), 72.5);
  EXPECT_EQ(f.reason_code(), "FINANCE_IN_YEAR_SURPLUS");
}

TEST(FinanceCriterion, AThreePercentDeficitScores20) {
  const v1::FactorResult f = InYear(-3 * kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(f.score(), 20);
  EXPECT_EQ(f.reason_code(), "FINANCE_IN_YEAR_DEFICIT");
}

TEST(FinanceCriterion, ABalancedBudgetIsASurplusScoring60) {
  const v1::FactorResult f = InYear(0);
  EXPECT_DOUBLE_EQ(f.score(), 60);
  EXPECT_EQ(f.reason_code(), "FINANCE_IN_YEAR_SURPLUS");
}

TEST(FinanceCriterion, WithoutTotalIncomeTheFundingBaseIsTheDenominator) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_funding_base_pence(kMillionPounds);
  candidate.mutable_finance()->set_in_year_balance_pence(2 * kMillionPounds /
                                                         100);
  const v1::FactorResult f = Factor(candidate, "finance.in_year_balance");
  EXPECT_DOUBLE_EQ(f.score(), 85);
  EXPECT_THAT(f.input_text(), HasSubstr("funding base"));
}

TEST(FinanceCriterion, ABalanceWithoutAnyIncomeNamesTotalIncomeMissing) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_in_year_balance_pence(1000);
  candidate.mutable_finance()->set_total_income_pence(0);
  const v1::FactorResult f = Factor(candidate, "finance.in_year_balance");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "FINANCE_IN_YEAR_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("finance.total_income_pence"));
}

TEST(FinanceCriterion, NoBalanceNamesTheBalanceMissing) {
  const v1::FactorResult f = Factor(WithIncome(), "finance.in_year_balance");
  EXPECT_FALSE(f.has_score());
  EXPECT_THAT(f.missing_fields(), ElementsAre("finance.in_year_balance_pence"));
}

// Reserves curve: <0->0, 0->20, 5->60, 10->90, 20->100; review above 20%.
TEST(FinanceCriterion, ReservesOfSevenAndAHalfPercentScore75Healthy) {
  const v1::FactorResult f = Reserves(75 * kMillionPounds / 1000);
  EXPECT_DOUBLE_EQ(f.score(), 75);
  EXPECT_EQ(f.reason_code(), "FINANCE_RESERVES_HEALTHY");
}

TEST(FinanceCriterion, ReservesOfThreePercentScore44Low) {
  const v1::FactorResult f = Reserves(3 * kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(f.score(), 44);
  EXPECT_EQ(f.reason_code(), "FINANCE_RESERVES_LOW");
}

TEST(FinanceCriterion, ReservesOfExactlyZeroScore20) {
  EXPECT_DOUBLE_EQ(Reserves(0).score(), 20);
}

TEST(FinanceCriterion, ACumulativeDeficitScoresZero) {
  const v1::FactorResult f = Reserves(-kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(f.score(), 0);
  EXPECT_EQ(f.reason_code(), "FINANCE_RESERVES_DEFICIT");
}

TEST(FinanceCriterion, ReservesAboveTwentyPercentAreReviewedWithoutPenalty) {
  const v1::FactorResult f = Reserves(25 * kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "FINANCE_HIGH_RESERVES");
  const v1::FactorResult at = Reserves(20 * kMillionPounds / 100);
  EXPECT_DOUBLE_EQ(at.score(), 100);
  EXPECT_EQ(at.reason_code(), "FINANCE_RESERVES_HEALTHY");
}

// Staff costs: 75->100, 80->70, 85->40, 90->0; Secure is 55.
TEST(FinanceCriterion, StaffCostsAreSustainableDownTo55) {
  EXPECT_DOUBLE_EQ(StaffCosts(78).score(), 82);
  const v1::FactorResult f = StaffCosts(82);
  EXPECT_DOUBLE_EQ(f.score(), 58);
  EXPECT_EQ(f.reason_code(), "FINANCE_STAFF_COSTS_SUSTAINABLE");
  const v1::FactorResult high = StaffCosts(84);
  EXPECT_DOUBLE_EQ(high.score(), 46);
  EXPECT_EQ(high.reason_code(), "FINANCE_STAFF_COSTS_HIGH");
}

TEST(FinanceCriterion, StaffCostsWithoutExpenditureNameExpenditureMissing) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_staff_costs_pence(1000);
  const v1::FactorResult f = Factor(candidate, "finance.staff_costs");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "FINANCE_STAFF_COSTS_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("finance.total_expenditure_pence"));
}

// Forecast: -10->0, -5->40, 0->75, 5->100, from now to the last year.
TEST(FinanceCriterion, AFivePercentFallIsAmberScoring40) {
  const v1::FactorResult f = Forecast(200, {198, 196, 190});
  EXPECT_DOUBLE_EQ(f.input_value(), -5);
  EXPECT_DOUBLE_EQ(f.score(), 40);
  EXPECT_EQ(f.reason_code(), "FINANCE_PUPIL_FORECAST_AMBER");
}

TEST(FinanceCriterion, TheAmberAndRedThresholdsAreInclusiveAndExclusive) {
  EXPECT_EQ(Forecast(200, {196}).reason_code(),
            "FINANCE_PUPIL_FORECAST_AMBER");  // -2%: amber from 2%.
  EXPECT_EQ(Forecast(200, {197}).reason_code(),
            "FINANCE_PUPIL_FORECAST_STABLE_OR_GROWING");  // -1.5%
  EXPECT_EQ(Forecast(200, {180}).reason_code(),
            "FINANCE_PUPIL_FORECAST_AMBER");  // -10%: red only beyond 10%.
  const v1::FactorResult red = Forecast(200, {170});
  EXPECT_EQ(red.reason_code(), "FINANCE_PUPIL_FORECAST_RED");
  EXPECT_DOUBLE_EQ(red.score(), 0);
}

TEST(FinanceCriterion, AGrowingRollScores100) {
  const v1::FactorResult f = Forecast(200, {210});
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "FINANCE_PUPIL_FORECAST_STABLE_OR_GROWING");
}

TEST(FinanceCriterion, AForecastWithoutPupilsOnRollNamesTheRollMissing) {
  v1::Candidate candidate;
  candidate.mutable_finance()->add_pupil_forecast(100);
  const v1::FactorResult f = Factor(candidate, "finance.pupil_forecast");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "FINANCE_PUPIL_FORECAST_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("identity.pupils_on_roll"));
}

TEST(FinanceCriterion, APfiContractTakes15PointsOffFinance) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_pfi_contract(true);
  const v1::CriterionResult result = ScoreFinance(candidate);
  ASSERT_EQ(result.adjustments_size(), 1);
  EXPECT_EQ(result.adjustments(0).reason_code(), "FINANCE_PFI_CONTRACT");
  EXPECT_DOUBLE_EQ(result.adjustments(0).criterion_points(), -15);
}

TEST(FinanceCriterion, TheDefaultRulesPass) {
  EXPECT_THAT(RuleViolations(Policy::Default().scoring()), IsEmpty());
}

TEST(FinanceCriterion, AnAmberFallNotBelowTheRedFallIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_finance()->set_forecast_amber_fall_pct(10);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("finance.forecast_amber_fall_pct"));
}

TEST(FinanceCriterion, AZeroReviewLevelAndANegativeGateAreRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_finance()->set_high_reserves_review_pct(0);
  rules.mutable_finance()->set_reserves_deficit_gate_pct(-1);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("finance.high_reserves_review_pct",
                          "finance.reserves_deficit_gate_pct"));
}

TEST(FinanceCriterion, APfiPenaltyAbove100IsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_finance()->set_pfi_penalty_points(101);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("finance.pfi_penalty_points"));
}

TEST(FinanceCriterion, StaffCostsAboveExpenditureAreAnInputViolation) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_total_expenditure_pence(1000);
  candidate.mutable_finance()->set_staff_costs_pence(1001);
  EXPECT_THAT(InputViolations(candidate),
              ElementsAre("finance.staff_costs_pence"));
}

TEST(FinanceCriterion, AForecastBeyondThreeYearsIsAnInputViolation) {
  v1::Candidate candidate;
  for (int pupils : {100, 100, 100, 100}) {
    candidate.mutable_finance()->add_pupil_forecast(pupils);
  }
  EXPECT_THAT(InputViolations(candidate),
              ElementsAre("finance.pupil_forecast"));
}

TEST(FinanceCriterion, NegativeIncomeAndABlankServiceAreNamedByPath) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_total_income_pence(-1);
  candidate.mutable_finance()->add_services_bought_elsewhere("");
  EXPECT_THAT(InputViolations(candidate),
              ElementsAre("finance.total_income_pence",
                          "finance.services_bought_elsewhere[0]"));
}

TEST(FinanceCriterion, BoundsEachFactorByItsCurve) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  for (const char* factor : {"finance.in_year_balance", "finance.reserves",
                             "finance.staff_costs", "finance.pupil_forecast"}) {
    const std::optional<ScoreBounds> b =
        FinanceCriterion().factor_bounds(ctx, factor);
    ASSERT_TRUE(b.has_value()) << factor;
    EXPECT_DOUBLE_EQ(b->worst, 0) << factor;
    EXPECT_DOUBLE_EQ(b->best, 100) << factor;
  }
  EXPECT_FALSE(
      FinanceCriterion().factor_bounds(ctx, "ethos.phase").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
