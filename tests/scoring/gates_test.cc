// The hard rules of §3.4 (scoring/gates.h), each on its own: which inputs
// fire a gate, its effect on the recommendation, the condition it attaches,
// and the gates that could still fire on inputs the school has not given.

#include "scoring/gates.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/criteria.h"
#include "scoring/policy.h"
#include "scoring/reason_codes.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The gates (code and effect) and conditions EvaluateGates gives a
// candidate, with `so_far` holding the location and capacity analysis.
struct Verdict {
  v1::Assessment assessment;
  google::protobuf::RepeatedPtrField<v1::Condition> conditions;
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const v1::Gate& gate : assessment.gates()) out.push_back(gate.code());
    return out;
  }
  std::vector<std::string> condition_codes() const {
    std::vector<std::string> out;
    for (const v1::Condition& c : conditions) out.push_back(c.code());
    return out;
  }
};

Verdict Gates(const v1::Candidate& candidate,
              v1::Assessment so_far = v1::Assessment()) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              policy.proto().clusters(0), candidate};
  Verdict verdict{std::move(so_far), {}};
  EvaluateGates(ctx, &verdict.assessment, &verdict.conditions);
  return verdict;
}

std::string Name(ReasonCode code) { return std::string(ReasonCodeName(code)); }

TEST(Gates, AGoodSchoolFiresNone) {
  v1::Candidate candidate;
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(true);
  candidate.mutable_finance()->set_funding_base_pence(500'000'000);
  candidate.mutable_finance()->set_revenue_reserves_pence(40'000'000);
  const Verdict verdict = Gates(candidate);
  EXPECT_THAT(verdict.codes(), IsEmpty());
  EXPECT_THAT(verdict.condition_codes(), IsEmpty());
}

TEST(Gates, SafeguardingNotMetBlocksEveryArrangementInEitherFramework) {
  v1::Candidate legacy;
  legacy.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(false);
  v1::Candidate card;
  card.mutable_standards()->mutable_report_card()->set_safeguarding(
      v1::SAFEGUARDING_OUTCOME_NOT_MET);
  for (const v1::Candidate& candidate : {legacy, card}) {
    const Verdict verdict = Gates(candidate);
    ASSERT_THAT(verdict.codes(),
                ElementsAre(Name(ReasonCode::kStandardsSafeguardingNotMet)));
    EXPECT_EQ(verdict.assessment.gates(0).effect(), v1::GATE_EFFECT_BLOCKS_ALL);
    EXPECT_THAT(verdict.assessment.gates(0).action(),
                HasSubstr("Regional Director"));
  }
}

TEST(Gates, InadequateOrUrgentImprovementCapsAtPartner) {
  v1::Candidate legacy;
  legacy.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_overall_effectiveness(v1::LEGACY_GRADE_INADEQUATE);
  Verdict verdict = Gates(legacy);
  ASSERT_THAT(verdict.codes(),
              ElementsAre(Name(ReasonCode::kStandardsOfstedInadequate)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(),
            v1::GATE_EFFECT_CAPS_AT_PARTNER);

  v1::Candidate card;
  card.mutable_standards()->mutable_report_card()->set_inclusion(
      v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT);
  verdict = Gates(card);
  ASSERT_THAT(
      verdict.codes(),
      ElementsAre(Name(ReasonCode::kStandardsReportCardUrgentImprovement)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(),
            v1::GATE_EFFECT_CAPS_AT_PARTNER);
}

TEST(Gates, AnyAreaGradedUrgentImprovementCounts) {
  v1::ReportCardInspection card;
  card.set_inclusion(v1::REPORT_CARD_GRADE_STRONG_STANDARD);
  EXPECT_FALSE(AnyUrgentImprovement(card));
  card.set_curriculum_and_teaching(v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT);
  EXPECT_TRUE(AnyUrgentImprovement(card));
  EXPECT_FALSE(AnyUrgentImprovement(v1::ReportCardInspection()));
}

v1::Candidate WithReserves(int64_t reserves_pence) {
  v1::Candidate candidate;
  candidate.mutable_finance()->set_funding_base_pence(100'000'000);
  candidate.mutable_finance()->set_revenue_reserves_pence(reserves_pence);
  return candidate;
}

TEST(Gates, AReservesDeficitBeyondTheLimitCapsAtPartnerUntilAPlanIsAgreed) {
  // The default limit is 5% of the funding base: £50,000 of £1m is at it,
  // £50,001 beyond it.
  EXPECT_THAT(Gates(WithReserves(-5'000'000)).codes(), IsEmpty());
  const Verdict verdict = Gates(WithReserves(-5'000'100));
  ASSERT_THAT(
      verdict.codes(),
      ElementsAre(Name(ReasonCode::kFinanceReservesDeficitBeyondLimit)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(),
            v1::GATE_EFFECT_CAPS_AT_PARTNER);
  EXPECT_THAT(verdict.assessment.gates(0).explanation(),
              HasSubstr("of funding base, beyond the 5% limit"));
  EXPECT_THAT(verdict.condition_codes(),
              ElementsAre(Name(ReasonCode::kRecoveryPlanRequired)));
}

TEST(Gates, AnAgreedRecoveryPlanTurnsTheFinanceGatesIntoACondition) {
  v1::Candidate candidate = WithReserves(-20'000'000);
  candidate.mutable_finance()->set_notice_to_improve(true);
  candidate.mutable_finance()->set_recovery_plan_agreed(true);
  const Verdict verdict = Gates(candidate);
  ASSERT_THAT(verdict.codes(),
              ElementsAre(Name(ReasonCode::kFinanceReservesDeficitBeyondLimit),
                          Name(ReasonCode::kFinanceNoticeToImprove)));
  for (const v1::Gate& gate : verdict.assessment.gates()) {
    EXPECT_EQ(gate.effect(), v1::GATE_EFFECT_CONDITION);
  }
  // One condition for both: deliver the plan.
  ASSERT_THAT(verdict.condition_codes(),
              ElementsAre(Name(ReasonCode::kRecoveryPlanRequired)));
  EXPECT_THAT(verdict.conditions[0].explanation(), HasSubstr("deliver"));
}

TEST(Gates, AReligiousCharacterTheTrustDoesNotAcceptBlocksAll) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_religious_character("Roman Catholic");
  const Verdict verdict = Gates(candidate);
  ASSERT_THAT(
      verdict.codes(),
      ElementsAre(Name(ReasonCode::kEthosReligiousCharacterNotAccepted)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(), v1::GATE_EFFECT_BLOCKS_ALL);
  EXPECT_THAT(verdict.condition_codes(), IsEmpty());
}

TEST(Gates, ACharacterAcceptedWithConsentMakesTheConsentACondition) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_religious_character("Church of England");
  const Verdict verdict = Gates(candidate);
  ASSERT_THAT(
      verdict.codes(),
      ElementsAre(Name(ReasonCode::kEthosReligiousCharacterConsentRequired)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(), v1::GATE_EFFECT_CONDITION);
  EXPECT_THAT(verdict.condition_codes(),
              ElementsAre(Name(ReasonCode::kDiocesanConsentRequired)));
}

TEST(Gates, BeyondTheClusterRadiusBlocksIntegration) {
  v1::Assessment so_far;
  so_far.mutable_location()->set_distance_km(31.24);
  so_far.mutable_location()->set_within_cluster_radius(false);
  const Verdict verdict = Gates(v1::Candidate(), so_far);
  ASSERT_THAT(verdict.codes(),
              ElementsAre(Name(ReasonCode::kLocationBeyondClusterRadius)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(),
            v1::GATE_EFFECT_BLOCKS_INTEGRATION);
  EXPECT_THAT(verdict.assessment.gates(0).explanation(),
              HasSubstr("31.2 km from the nearest cluster school, beyond the "
                        "25 km cluster radius"));
}

TEST(Gates, AnOverstretchedClusterNeedsTheMissingDaysAsACondition) {
  v1::Assessment so_far;
  so_far.mutable_capacity()->set_overstretched(true);
  so_far.mutable_capacity()->set_net_days(-35);
  so_far.mutable_capacity()->set_cluster_spare_days(20);
  so_far.mutable_capacity()->set_utilisation_pct(115);
  const Verdict verdict = Gates(v1::Candidate(), so_far);
  ASSERT_THAT(verdict.codes(),
              ElementsAre(Name(ReasonCode::kCapacityClusterOverstretched)));
  EXPECT_EQ(verdict.assessment.gates(0).effect(), v1::GATE_EFFECT_CONDITION);
  EXPECT_THAT(verdict.assessment.gates(0).action(), HasSubstr("Add 15 days"));
  ASSERT_THAT(verdict.condition_codes(),
              ElementsAre(Name(ReasonCode::kClusterCapacityRequired)));
  EXPECT_DOUBLE_EQ(verdict.conditions[0].days_missing(), 15);
}

TEST(PossibleGates, AnUnknownSafeguardingOutcomeCouldStillBlockAll) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              policy.proto().clusters(0), candidate};
  const std::vector<PossibleGate> possible =
      PossibleGates(ctx, v1::Assessment());
  ASSERT_FALSE(possible.empty());
  EXPECT_EQ(possible[0].gate, ReasonCode::kStandardsSafeguardingNotMet);
  EXPECT_EQ(possible[0].effect, v1::GATE_EFFECT_BLOCKS_ALL);
  EXPECT_EQ(possible[0].missing, ReasonCode::kStandardsSafeguardingDataMissing);
  EXPECT_THAT(possible[0].fields,
              ElementsAre("standards.legacy_inspection.safeguarding_effective",
                          "standards.report_card.safeguarding"));
}

TEST(PossibleGates, AKnownSafeguardingOutcomeLeavesNothingToFear) {
  const Policy policy = Policy::Default();
  v1::Candidate candidate;
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(true);
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              policy.proto().clusters(0), candidate};
  for (const PossibleGate& gate : PossibleGates(ctx, v1::Assessment())) {
    EXPECT_NE(gate.gate, ReasonCode::kStandardsSafeguardingNotMet);
  }
}

}  // namespace
}  // namespace trustfit::scoring
