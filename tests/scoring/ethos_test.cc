// The ethos criterion's unit (§3.1): religious character and phase against
// the trust, the values and inclusion rubrics and the suspension rate, the
// rules of its section of the policy, its input check and its bounds.

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
using ::testing::StartsWith;

v1::FactorResult Factor(const v1::Candidate& candidate,
                        const std::string& name) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  v1::Assessment so_far;
  v1::CriterionResult result;
  EthosCriterion().score(ctx, &so_far, &result);
  for (const v1::FactorResult& f : result.factors()) {
    if (f.factor() == name) return f;
  }
  ADD_FAILURE() << "no factor " << name;
  return v1::FactorResult();
}

v1::FactorResult Religious(const std::string& character) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_religious_character(character);
  return Factor(candidate, "ethos.religious_character");
}

v1::FactorResult Phase(v1::Phase phase) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_phase(phase);
  return Factor(candidate, "ethos.phase");
}

v1::FactorResult Suspensions(double rate) {
  v1::Candidate candidate;
  candidate.mutable_standards()->set_suspension_rate_per_100(rate);
  return Factor(candidate, "ethos.suspensions");
}

std::vector<std::string> RuleViolations(const v1::ScoringRules& rules) {
  FieldViolations violations;
  EthosCriterion().check_rules(rules, PolicyChecker(&violations, "ethos"));
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(EthosCriterion, IsTheEthosRowReadingTheEthosSection) {
  const CriterionUnit unit = EthosCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_ETHOS);
  EXPECT_EQ(unit.id, "ethos");
  EXPECT_EQ(unit.input_section, "ethos");
}

TEST(EthosCriterion, HasTheEthosWeightAndFiveWeightedFactors) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  v1::Assessment so_far;
  v1::CriterionResult result;
  EthosCriterion().score(ctx, &so_far, &result);
  EXPECT_EQ(result.criterion(), v1::CRITERION_ETHOS);
  EXPECT_EQ(result.weight(), 15);
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const v1::FactorResult& f : result.factors()) {
    names.push_back(f.factor());
    weights.push_back(f.weight());
  }
  EXPECT_THAT(
      names, ElementsAre("ethos.religious_character", "ethos.phase",
                         "ethos.values_alignment", "ethos.inclusion_commitment",
                         "ethos.suspensions"));
  EXPECT_THAT(weights, ElementsAre(30, 10, 25, 25, 10));
}

TEST(EthosCriterion, NoReligiousCharacterInAnyOfTheRegistersWordsFits) {
  for (const char* none : {"None", "Does not apply", "none/not available",
                           "Not applicable", "No religious character"}) {
    const v1::FactorResult f = Religious(none);
    EXPECT_DOUBLE_EQ(f.score(), 100) << none;
    EXPECT_EQ(f.reason_code(), "ETHOS_RELIGIOUS_CHARACTER_COMPATIBLE") << none;
  }
}

TEST(EthosCriterion, AnAcceptedCharacterScores100IgnoringCaseAndSpaces) {
  const v1::FactorResult f = Religious("  other   CHRISTIAN ");
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "ETHOS_RELIGIOUS_CHARACTER_COMPATIBLE");
}

TEST(EthosCriterion, ACharacterNeedingDiocesanConsentScores70) {
  const v1::FactorResult f = Religious("Church of  England");
  EXPECT_DOUBLE_EQ(f.score(), 70);
  EXPECT_EQ(f.reason_code(), "ETHOS_RELIGIOUS_CHARACTER_CONSENT_REQUIRED");
}

TEST(EthosCriterion, ACharacterTheTrustDoesNotAcceptScoresZero) {
  const v1::FactorResult f = Religious("Roman Catholic");
  EXPECT_DOUBLE_EQ(f.score(), 0);
  EXPECT_EQ(f.reason_code(), "ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED");
}

TEST(EthosCriterion, ABlankReligiousCharacterIsMissingNotNone) {
  const v1::FactorResult f = Religious("   ");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "ETHOS_RELIGIOUS_CHARACTER_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("identity.religious_character"));
}

TEST(ClassifyReligiousCharacter, TheTrustsOwnCharacterIsCompatible) {
  v1::Trust trust;
  trust.set_religious_character("Roman Catholic");
  EXPECT_EQ(ClassifyReligiousCharacter(trust, "roman catholic"),
            ReligiousFit::kCompatible);
  EXPECT_EQ(ClassifyReligiousCharacter(trust, "Jewish"),
            ReligiousFit::kNotAccepted);
}

TEST(EthosCriterion, APhaseTheTrustRunsScores100) {
  const v1::FactorResult f = Phase(v1::PHASE_PRIMARY);
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "ETHOS_PHASE_ALREADY_RUN");
  EXPECT_EQ(f.input_text(), "primary");
}

// A new phase is a strategic question, not a failure (§3.3): neutral, 60.
TEST(EthosCriterion, APhaseNewToTheTrustScores60) {
  const v1::FactorResult f = Phase(v1::PHASE_SPECIAL);
  EXPECT_DOUBLE_EQ(f.score(), 60);
  EXPECT_EQ(f.reason_code(), "ETHOS_PHASE_NEW_TO_TRUST");
}

TEST(EthosCriterion, NoPhaseNamesThePhaseMissing) {
  const v1::FactorResult f = Phase(v1::PHASE_UNSPECIFIED);
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "ETHOS_PHASE_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("identity.phase"));
}

TEST(EthosCriterion, TheRubricsScoreZero40_75_100WithThreeOrMoreGood) {
  const double expected[] = {0, 40, 75, 100};
  for (int rating = 1; rating <= 4; ++rating) {
    v1::Candidate candidate;
    candidate.mutable_ethos()->mutable_values_alignment()->set_rating(rating);
    candidate.mutable_ethos()->mutable_inclusion_commitment()->set_rating(
        rating);
    const v1::FactorResult values = Factor(candidate, "ethos.values_alignment");
    const v1::FactorResult inclusion =
        Factor(candidate, "ethos.inclusion_commitment");
    EXPECT_DOUBLE_EQ(values.score(), expected[rating - 1]) << rating;
    EXPECT_DOUBLE_EQ(inclusion.score(), expected[rating - 1]) << rating;
    EXPECT_EQ(values.reason_code(), rating >= 3 ? "ETHOS_VALUES_ALIGNED"
                                                : "ETHOS_VALUES_NOT_ALIGNED");
    EXPECT_EQ(inclusion.reason_code(),
              rating >= 3 ? "ETHOS_INCLUSION_STRONG" : "ETHOS_INCLUSION_WEAK");
  }
}

TEST(EthosCriterion, UnratedRubricsNameTheirOwnFieldMissing) {
  const v1::FactorResult values =
      Factor(v1::Candidate(), "ethos.values_alignment");
  EXPECT_EQ(values.reason_code(), "ETHOS_VALUES_DATA_MISSING");
  EXPECT_THAT(values.missing_fields(), ElementsAre("ethos.values_alignment"));
  const v1::FactorResult inclusion =
      Factor(v1::Candidate(), "ethos.inclusion_commitment");
  EXPECT_EQ(inclusion.reason_code(), "ETHOS_INCLUSION_DATA_MISSING");
  EXPECT_THAT(inclusion.missing_fields(),
              ElementsAre("ethos.inclusion_commitment"));
}

// Suspensions per 100: 5->100, 10->70, 20->30, 30->0; Secure is 55.
TEST(EthosCriterion, SevenAndAHalfSuspensionsPer100Scores85Low) {
  const v1::FactorResult f = Suspensions(7.5);
  EXPECT_DOUBLE_EQ(f.score(), 85);
  EXPECT_EQ(f.reason_code(), "ETHOS_SUSPENSIONS_LOW");
}

TEST(EthosCriterion, FifteenSuspensionsPer100Scores50High) {
  const v1::FactorResult f = Suspensions(15);
  EXPECT_DOUBLE_EQ(f.score(), 50);
  EXPECT_EQ(f.reason_code(), "ETHOS_SUSPENSIONS_HIGH");
}

TEST(EthosCriterion, NoSuspensionRateNamesItMissing) {
  const v1::FactorResult f = Factor(v1::Candidate(), "ethos.suspensions");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "ETHOS_SUSPENSIONS_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("standards.suspension_rate_per_100"));
}

TEST(EthosCriterion, TheDefaultRulesPass) {
  EXPECT_THAT(RuleViolations(Policy::Default().scoring()), IsEmpty());
}

TEST(EthosCriterion, ConsentScoredAboveCompatibleIsOutOfOrder) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_ethos()->mutable_religious_character()->set_compatible_score(
      60);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("ethos.religious_character"));
}

TEST(EthosCriterion, ANewPhaseScoredAboveAnExistingOneIsOutOfOrder) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_ethos()->mutable_phase()->set_new_phase_score(100);
  rules.mutable_ethos()->mutable_phase()->set_existing_phase_score(50);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("ethos.phase"));
}

TEST(EthosCriterion, AZeroRubricWeightIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_ethos()->set_inclusion_commitment_weight(0);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("ethos.inclusion_commitment_weight"));
}

TEST(EthosCriterion, ARubricRatingOutside1To4IsAnInputViolation) {
  v1::Candidate candidate;
  candidate.mutable_ethos()->mutable_values_alignment()->set_rating(5);
  candidate.mutable_ethos()->mutable_inclusion_commitment()->set_rating(3);
  FieldViolations violations;
  CandidateChecker checker(&violations);
  EthosCriterion().check_input(candidate, checker);
  ASSERT_EQ(violations.violations().size(), 1u);
  EXPECT_THAT(violations.violations()[0].field,
              StartsWith("ethos.values_alignment"));
}

TEST(EthosCriterion, BoundsEachFactorUnderTheDefaultPolicy) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  const CriterionUnit unit = EthosCriterion();
  auto bounds = [&](const char* factor) {
    const std::optional<ScoreBounds> b = unit.factor_bounds(ctx, factor);
    EXPECT_TRUE(b.has_value()) << factor;
    return b.value_or(ScoreBounds{-1, -1});
  };
  EXPECT_DOUBLE_EQ(bounds("ethos.religious_character").worst, 0);
  EXPECT_DOUBLE_EQ(bounds("ethos.religious_character").best, 100);
  EXPECT_DOUBLE_EQ(bounds("ethos.phase").worst, 60);
  EXPECT_DOUBLE_EQ(bounds("ethos.phase").best, 100);
  EXPECT_DOUBLE_EQ(bounds("ethos.values_alignment").worst, 0);
  EXPECT_DOUBLE_EQ(bounds("ethos.inclusion_commitment").best, 100);
  EXPECT_DOUBLE_EQ(bounds("ethos.suspensions").worst, 0);
  EXPECT_DOUBLE_EQ(bounds("ethos.suspensions").best, 100);
  EXPECT_FALSE(unit.factor_bounds(ctx, "leadership.governance").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
