// Every gate of §3.4 and every branch of the recommendation rules of §3.5,
// including which rule wins when several apply.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/assess_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::EditedPolicy;
using ::trustfit::testing::GoldenCandidate;

v1::Candidate Strong() { return GoldenCandidate("strong_local"); }

// A strong school that offers the cluster nothing.
v1::Candidate StrongWithoutOffer() {
  v1::Candidate candidate = Strong();
  candidate.mutable_leadership()->clear_local_leaders_of_education();
  candidate.mutable_leadership()->clear_specialist_leaders_of_education();
  return candidate;
}

// A weak school with no gate: Requires improvement, falling results.
v1::Candidate WeakWithoutGates() {
  v1::Candidate candidate = GoldenCandidate("safeguarding_not_met");
  auto* legacy = candidate.mutable_standards()->mutable_legacy_inspection();
  legacy->set_overall_effectiveness(v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT);
  legacy->set_leadership_and_management(v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT);
  legacy->set_safeguarding_effective(true);
  return candidate;
}

const v1::Recommendation& Rec(const v1::Assessment& a) {
  return a.recommendation();
}

// Strong() without leadership or finance data: 60% complete.
v1::Candidate WithoutLeadershipOrFinance() {
  v1::Candidate candidate = Strong();
  candidate.clear_finance();
  candidate.clear_leadership();
  candidate.mutable_governance()->clear_governance_rating();
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->clear_leadership_and_management();
  return candidate;
}

// Rule 1.
TEST(Recommend, InsufficientDataBelowTheMinimumCompleteness) {
  v1::Candidate candidate = WithoutLeadershipOrFinance();
  candidate.mutable_standards()->clear_overall_absence_pct();
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_LT(a.completeness_pct(), 60);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_INSUFFICIENT_DATA);
  EXPECT_EQ(Rec(a).rule(), "RULE_INSUFFICIENT_DATA");
  EXPECT_THAT(Rec(a).explanation(), HasSubstr("below the 60% minimum"));
  EXPECT_EQ(Rec(a).term_months(), 0);
  EXPECT_EQ(a.missing_data_size(), 9);
}

TEST(Recommend, CompletenessExactlyAtTheMinimumIsEnough) {
  const v1::Assessment a = AssessOrDie(WithoutLeadershipOrFinance());
  EXPECT_EQ(a.completeness_pct(), 60);
  EXPECT_NE(Rec(a).arrangement(), v1::ARRANGEMENT_INSUFFICIENT_DATA);
}

TEST(Recommend, InsufficientDataComesBeforeGates) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("139282");
  candidate.mutable_identity()->set_name("John Smeaton Academy");
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(false);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_INSUFFICIENT_DATA);
  EXPECT_TRUE(HasGate(a, "STANDARDS_SAFEGUARDING_NOT_MET"));  // Still reported.
}

// Rule 2 and its gates.
TEST(Gates, SafeguardingNotEffectiveBlocksEverything) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("safeguarding_not_met"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
  EXPECT_EQ(Rec(a).rule(), "RULE_GATE_BLOCKS_ALL");
  EXPECT_THAT(a.gates(0).action(), HasSubstr("Regional Director"));
  EXPECT_EQ(Rec(a).conditions_size(), 0);
}

TEST(Gates, SafeguardingNotMetOnAReportCardBlocksEverything) {
  v1::Candidate candidate = GoldenCandidate("report_card_church");
  candidate.mutable_standards()->mutable_report_card()->set_safeguarding(
      v1::SAFEGUARDING_OUTCOME_NOT_MET);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
  EXPECT_TRUE(HasGate(a, "STANDARDS_SAFEGUARDING_NOT_MET"));
}

TEST(Gates, ReligiousCharacterNotAcceptedBlocksEverything) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("catholic"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
  ASSERT_EQ(a.gates_size(), 1);
  EXPECT_EQ(a.gates(0).code(), "ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED");
  EXPECT_EQ(a.gates(0).effect(), v1::GATE_EFFECT_BLOCKS_ALL);
}

TEST(Gates, BlockingBeatsCapping) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("safeguarding_not_met"));
  EXPECT_TRUE(HasGate(a, "STANDARDS_OFSTED_INADEQUATE"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
}

// Rule 3 and its gates.
TEST(Gates, InadequateCapsAtPartner) {
  v1::Candidate candidate = Strong();
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_overall_effectiveness(v1::LEGACY_GRADE_INADEQUATE);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_GE(a.overall_score(), 65);  // Would otherwise integrate.
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_EQ(Rec(a).rule(), "RULE_GATE_CAPS_AT_PARTNER");
  EXPECT_TRUE(HasGate(a, "STANDARDS_OFSTED_INADEQUATE"));
  EXPECT_EQ(Rec(a).term_months(), 12);
}

TEST(Gates, UrgentImprovementInAnyAreaCapsAtPartner) {
  v1::Candidate candidate = GoldenCandidate("report_card_church");
  candidate.mutable_standards()
      ->mutable_report_card()
      ->set_attendance_and_behaviour(v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_TRUE(HasGate(a, "STANDARDS_REPORT_CARD_URGENT_IMPROVEMENT"));
}

TEST(Gates, ReservesDeficitBeyondTheLimitCapsAtPartnerWithARecoveryPlan) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("deficit"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_TRUE(HasGate(a, "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT"));
  ASSERT_EQ(Rec(a).conditions_size(), 1);
  EXPECT_EQ(Rec(a).conditions(0).code(), "RECOVERY_PLAN_REQUIRED");
}

TEST(Gates, ReservesDeficitExactlyAtTheLimitPasses) {
  v1::Candidate candidate = Strong();
  candidate.mutable_finance()->set_total_income_pence(100'000'000);
  candidate.mutable_finance()->set_revenue_reserves_pence(
      -5'000'000);  // Exactly 5%.
  EXPECT_FALSE(
      HasGate(AssessOrDie(candidate), "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT"));
  candidate.mutable_finance()->set_revenue_reserves_pence(-5'000'001);
  EXPECT_TRUE(
      HasGate(AssessOrDie(candidate), "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT"));
}

TEST(Gates, NoticeToImproveCapsAtPartnerWithARecoveryPlan) {
  v1::Candidate candidate = Strong();
  candidate.mutable_finance()->set_notice_to_improve(true);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_TRUE(HasGate(a, "FINANCE_NOTICE_TO_IMPROVE"));
  ASSERT_EQ(Rec(a).conditions_size(), 1);
  EXPECT_EQ(Rec(a).conditions(0).code(), "RECOVERY_PLAN_REQUIRED");
}

TEST(Gates, DiocesanConsentIsAConditionNotABlock) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("report_card_church"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  ASSERT_EQ(Rec(a).conditions_size(), 1);
  EXPECT_EQ(Rec(a).conditions(0).code(), "DIOCESAN_CONSENT_REQUIRED");
}

TEST(Gates, OverstretchedClusterIsAConditionWithTheDaysMissing) {
  const Policy policy = EditedPolicy([](v1::Policy* p) {
    p->mutable_clusters(0)->set_support_capacity_days(100);
    p->mutable_clusters(0)->set_committed_days(95);
  });
  // Needs 10 days, offers none: 5 days more than the 5 spare.
  const v1::Assessment a =
      AssessOrDie(GoldenCandidate("coasting"), "north", policy);
  EXPECT_TRUE(a.capacity().overstretched());
  EXPECT_DOUBLE_EQ(a.capacity().utilisation_pct(), 105);
  EXPECT_TRUE(HasGate(a, "CAPACITY_CLUSTER_OVERSTRETCHED"));
  ASSERT_EQ(Rec(a).conditions_size(), 1);
  EXPECT_EQ(Rec(a).conditions(0).code(), "CLUSTER_CAPACITY_REQUIRED");
  EXPECT_DOUBLE_EQ(Rec(a).conditions(0).days_missing(), 5);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(Gates, ClusterWithEnoughSpareDaysIsNotOverstretched) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("coasting"));
  EXPECT_FALSE(a.capacity().overstretched());
  EXPECT_FALSE(HasGate(a, "CAPACITY_CLUSTER_OVERSTRETCHED"));
}

// Rule 4.
TEST(Recommend, IntegrationPhaseOneOnceGovernorsResolve) {
  const v1::Assessment a = AssessOrDie(Strong());
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(Rec(a).associate_phase(), v1::ASSOCIATE_PHASE_1);
  EXPECT_EQ(Rec(a).term_months(), 24);
  EXPECT_EQ(Rec(a).rule(), "RULE_ASSOCIATE_INTEGRATION");
}

TEST(Recommend, IntegrationPhaseTwoOnceTheDirectorAuthorises) {
  for (v1::GovernanceStage stage : {v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                                    v1::GOVERNANCE_STAGE_CONVERTED}) {
    v1::Candidate candidate = Strong();
    candidate.mutable_governance()->set_stage(stage);
    const v1::Assessment a = AssessOrDie(candidate);
    EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
    EXPECT_EQ(Rec(a).associate_phase(), v1::ASSOCIATE_PHASE_2);
  }
}

TEST(Recommend, IntegrationThresholdIsInclusive) {
  const double overall = AssessOrDie(Strong()).overall_score();
  const Policy at = EditedPolicy([&](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_integration_min_overall(
        overall);
  });
  EXPECT_EQ(Rec(AssessOrDie(Strong(), "north", at)).arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  const Policy above = EditedPolicy([&](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_integration_min_overall(
        overall + 0.01);
  });
  EXPECT_NE(Rec(AssessOrDie(Strong(), "north", above)).arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
}

TEST(Recommend, NoIntegrationWithoutAKnownLocation) {
  v1::Candidate candidate = StrongWithoutOffer();
  candidate.clear_location();
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

// Rule 5.
TEST(Recommend, StrategicForAStrongSchoolWithCapacityToOffer) {
  v1::Candidate candidate = Strong();  // Offers 30 days.
  candidate.mutable_governance()->set_stage(v1::GOVERNANCE_STAGE_EXPLORING);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  EXPECT_EQ(Rec(a).rule(), "RULE_ASSOCIATE_STRATEGIC");
  EXPECT_EQ(Rec(a).review_months(), 12);
  EXPECT_THAT(Rec(a).explanation(), HasSubstr("No defined integration period"));
}

TEST(Recommend, StrategicForAStrategicSpecialism) {
  v1::Candidate candidate = StrongWithoutOffer();
  candidate.mutable_governance()->set_stage(v1::GOVERNANCE_STAGE_EXPLORING);
  candidate.mutable_identity()->add_specialisms(
      v1::SPECIALISM_SCITT);  // 15 days, strategic.
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  EXPECT_THAT(Rec(a).explanation(), HasSubstr("strategic specialism"));
}

TEST(Recommend, StrategicNewClusterBeyondTheRadiusWithStrongStandards) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("far_high_performer"));
  EXPECT_TRUE(HasGate(a, "LOCATION_BEYOND_CLUSTER_RADIUS"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  EXPECT_EQ(Rec(a).rule(), "RULE_ASSOCIATE_STRATEGIC_NEW_CLUSTER");
}

TEST(Recommend, BeyondTheRadiusWithoutStrongStandardsIsNotStrategic) {
  v1::Candidate candidate = GoldenCandidate("far_high_performer");
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_overall_effectiveness(v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT);
  for (auto& year : *candidate.mutable_standards()->mutable_attainment()) {
    year.set_progress8(year.progress8() - 1.2);
  }
  candidate.mutable_leadership()->set_national_leaders_of_education(
      2);  // Offers 50 days.
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_NE(CriterionOf(a, v1::CRITERION_STANDARDS).band(), v1::BAND_STRONG);
  EXPECT_GE(a.capacity().offer_days(), 30);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(Recommend, BeyondTheRadiusNeverIntegrates) {
  v1::Candidate candidate = GoldenCandidate("far_high_performer");
  candidate.mutable_governance()->set_stage(
      v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED);
  EXPECT_NE(Rec(AssessOrDie(candidate)).arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
}

// Rule 6.
TEST(Recommend, TrustPartnershipForAStrongSchoolStillExploring) {
  v1::Candidate candidate = StrongWithoutOffer();
  candidate.mutable_governance()->set_stage(v1::GOVERNANCE_STAGE_EXPLORING);
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(Rec(a).rule(), "RULE_TRUST_PARTNERSHIP");
  EXPECT_EQ(Rec(a).term_months(), 12);
  EXPECT_THAT(Rec(a).explanation(), HasSubstr("once its governors resolve"));
}

TEST(Recommend, MissingGovernanceStageCountsAsExploring) {
  v1::Candidate candidate = StrongWithoutOffer();
  candidate.mutable_governance()->clear_stage();
  EXPECT_EQ(Rec(AssessOrDie(candidate)).arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(Recommend, TrustPartnershipForACoastingSchool) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("coasting"));
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

// Rule 7.
TEST(Recommend, PartnerBelowThePartnershipThreshold) {
  const v1::Assessment a = AssessOrDie(WeakWithoutGates());
  EXPECT_EQ(a.gates_size(), 0);
  EXPECT_LT(a.overall_score(), 45);
  EXPECT_EQ(Rec(a).arrangement(), v1::ARRANGEMENT_PARTNER);
  EXPECT_EQ(Rec(a).rule(), "RULE_PARTNER");
  EXPECT_EQ(Rec(a).term_months(), 12);
}

}  // namespace
}  // namespace trustfit::scoring
