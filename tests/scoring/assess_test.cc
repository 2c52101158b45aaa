// The mechanics of an assessment (§3.1-§3.3): renormalisation when data is
// missing, completeness, points and reasons, determinism, policy identity,
// bad input.

#include "scoring/assess.h"

#include <numeric>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/assess_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;

TEST(Assess, MissingFactorIsLeftOutAndWeightsRenormalised) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_leadership()->clear_staff_turnover_pct();
  const v1::Assessment a = AssessOrDie(candidate);
  const v1::CriterionResult& leadership =
      CriterionOf(a, v1::CRITERION_LEADERSHIP);
  // Headteacher 100 (30), judgement 75 (30), governance 75 (25): 7125 / 85.
  EXPECT_DOUBLE_EQ(leadership.score(), 83.82);
  double shares = 0;
  for (const auto& f : leadership.factors()) shares += f.effective_weight();
  EXPECT_NEAR(shares, 1, 1e-3);
  const v1::FactorResult& turnover = FactorOf(a, "leadership.staff_turnover");
  EXPECT_FALSE(turnover.has_score());
  EXPECT_EQ(turnover.reason_code(), "LEADERSHIP_STAFF_TURNOVER_DATA_MISSING");
  EXPECT_THAT(turnover.missing_fields(),
              ElementsAre("leadership.staff_turnover_pct"));
  EXPECT_DOUBLE_EQ(leadership.completeness_pct(), 85);
}

TEST(Assess, MissingDataListsWhatToCollect) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_leadership()->clear_staff_turnover_pct();
  candidate.mutable_standards()->clear_overall_absence_pct();
  const v1::Assessment a = AssessOrDie(candidate);
  ASSERT_EQ(a.missing_data_size(), 2);
  EXPECT_EQ(a.missing_data(0).code(), "STANDARDS_ABSENCE_DATA_MISSING");
  EXPECT_EQ(a.missing_data(0).criterion(), v1::CRITERION_STANDARDS);
  EXPECT_THAT(a.missing_data(0).fields(),
              ElementsAre("standards.overall_absence_pct"));
  EXPECT_EQ(a.missing_data(1).code(), "LEADERSHIP_STAFF_TURNOVER_DATA_MISSING");
}

TEST(Assess, CriterionWithoutDataIsLeftOutOfTheOverall) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.clear_finance();
  const v1::Assessment a = AssessOrDie(candidate);
  const v1::CriterionResult& finance = CriterionOf(a, v1::CRITERION_FINANCE);
  EXPECT_FALSE(finance.has_score());
  EXPECT_EQ(finance.band(), v1::BAND_UNSPECIFIED);
  EXPECT_EQ(finance.effective_weight(), 0);
  double weighted = 0, weights = 0;
  for (const auto& c : a.criteria()) {
    if (!c.has_score()) continue;
    weighted += c.weight() * c.score();
    weights += c.weight();
  }
  EXPECT_EQ(weights, 80);
  EXPECT_NEAR(a.overall_score(), weighted / weights, 0.005);
  EXPECT_DOUBLE_EQ(a.completeness_pct(), 80);
}

TEST(Assess, CompletenessCountsFactorWeights) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_standards()
      ->clear_overall_absence_pct();  // 20 of standards' 100.
  EXPECT_DOUBLE_EQ(AssessOrDie(candidate).completeness_pct(), 95);
}

TEST(Assess, NothingKnownMeansNoScore) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("Unknown School");
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(a.completeness_pct(), 0);
  EXPECT_EQ(a.overall_band(), v1::BAND_UNSPECIFIED);
  EXPECT_EQ(a.recommendation().arrangement(),
            v1::ARRANGEMENT_INSUFFICIENT_DATA);
  // Every factor of every criterion asks for its data: 4 + 4 + 4 + 5 + 1 + 2.
  EXPECT_EQ(a.missing_data_size(), 20);
}

TEST(Assess, PointsAddUpToTheOverallScore) {
  for (const char* name :
       {"strong_local", "coasting", "deficit", "far_high_performer"}) {
    const v1::Assessment a = AssessOrDie(GoldenCandidate(name));
    double points = 0;
    for (const auto& c : a.criteria()) {
      for (const auto& f : c.factors()) points += f.points();
      for (const auto& adj : c.adjustments()) points += adj.points();
    }
    EXPECT_NEAR(points, a.overall_score(), 0.1) << name;
  }
}

TEST(Assess, ReasonsAreOrderedByPointsAndLimited) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("deficit"));
  ASSERT_EQ(a.reasons_for_size(), 5);
  ASSERT_EQ(a.reasons_against_size(), 5);
  for (int i = 1; i < a.reasons_for_size(); ++i) {
    EXPECT_GE(a.reasons_for(i - 1).points(), a.reasons_for(i).points());
  }
  for (int i = 1; i < a.reasons_against_size(); ++i) {
    EXPECT_LE(a.reasons_against(i - 1).points(), a.reasons_against(i).points());
    EXPECT_LT(a.reasons_against(i).points(), 0);
  }
  const Policy two = trustfit::testing::EditedPolicy([](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_top_reasons(2);
  });
  const v1::Assessment limited =
      AssessOrDie(GoldenCandidate("deficit"), "north", two);
  EXPECT_EQ(limited.reasons_for_size(), 2);
  EXPECT_EQ(limited.reasons_against_size(), 2);
}

TEST(Assess, PenaltyIsAReasonAgainst) {
  const Policy all = trustfit::testing::EditedPolicy([](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_top_reasons(50);
  });
  const v1::Assessment a =
      AssessOrDie(GoldenCandidate("deficit"), "north", all);
  const auto& finance = CriterionOf(a, v1::CRITERION_FINANCE);
  ASSERT_EQ(finance.adjustments_size(), 1);
  EXPECT_EQ(finance.adjustments(0).criterion_points(), -15);
  EXPECT_DOUBLE_EQ(finance.adjustments(0).points(),
                   -3);  // 15 x finance's 20% share.
  int found = 0;
  for (const auto& r : a.reasons_against()) {
    if (r.code() != "FINANCE_PFI_CONTRACT") continue;
    ++found;
    EXPECT_DOUBLE_EQ(r.points(), -3);
    EXPECT_EQ(r.criterion(), v1::CRITERION_FINANCE);
  }
  EXPECT_EQ(found, 1);
}

TEST(Assess, PenaltyNeverTakesACriterionBelowZero) {
  v1::Candidate candidate = GoldenCandidate("deficit");
  auto* f = candidate.mutable_finance();
  f->set_in_year_balance_pence(-f->total_income_pence() / 10);
  f->set_staff_costs_pence(f->total_expenditure_pence());
  f->clear_pupil_forecast();
  const v1::Assessment a = AssessOrDie(candidate);
  const auto& finance = CriterionOf(a, v1::CRITERION_FINANCE);
  EXPECT_EQ(finance.score(), 0);
  EXPECT_EQ(finance.band(), v1::BAND_CONCERN);
  EXPECT_EQ(finance.adjustments(0).criterion_points(),
            0);  // Nothing left to take.
}

TEST(Assess, IsDeterministic) {
  const v1::Candidate candidate = GoldenCandidate("report_card_church");
  const std::string first = SerializeDeterministic(AssessOrDie(candidate));
  const std::string second = SerializeDeterministic(AssessOrDie(candidate));
  EXPECT_EQ(first, second);
  // Reusing a message for another candidate leaves nothing behind.
  const Policy policy = Policy::Default();
  v1::Assessment reused;
  ASSERT_TRUE(AssessInto(policy, GoldenCandidate("deficit"),
                         *policy.FindCluster("north"), &reused)
                  .ok());
  ASSERT_TRUE(
      AssessInto(policy, candidate, *policy.FindCluster("north"), &reused)
          .ok());
  EXPECT_EQ(SerializeDeterministic(reused), first);
}

TEST(Assess, RecordsThePolicyIdentity) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("coasting"));
  EXPECT_EQ(a.policy().name(), "trustfit-default");
  EXPECT_EQ(a.policy().version(), Policy::Default().ref().version());
  EXPECT_EQ(a.policy().content_hash(), Policy::Default().ref().content_hash());
  EXPECT_EQ(a.cluster_id(), "north");
  EXPECT_EQ(a.urn(), "108088");
}

TEST(Assess, InvalidCandidateListsEveryViolation) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_identity()->set_urn("12");
  candidate.mutable_ethos()->mutable_values_alignment()->set_rating(9);
  const Policy policy = Policy::Default();
  const absl::StatusOr<v1::Assessment> a =
      Assess(policy, candidate, *policy.FindCluster("north"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(a.status(), HasViolation("candidate.identity.urn", "six-digit"));
  EXPECT_THAT(a.status(),
              HasViolation("candidate.ethos.values_alignment.rating", "1-4"));
  EXPECT_THAT(a.status().message(), HasSubstr("2 problems"));
}

TEST(Assess, InvalidInlineClusterIsReported) {
  const Policy policy = Policy::Default();
  v1::Cluster cluster;
  cluster.set_id("adhoc");
  cluster.set_name("Ad hoc");
  const absl::StatusOr<v1::Assessment> a =
      Assess(policy, GoldenCandidate("coasting"), cluster);
  EXPECT_THAT(a.status(), HasViolation("cluster.hub", "grid reference"));
}

TEST(Assess, HaversineForAClusterGivenInLatitudeAndLongitude) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  // Bristol Cathedral, in WGS84.
  candidate.mutable_location()->clear_os_grid();
  candidate.mutable_location()->mutable_lat_lng()->set_latitude(51.4518);
  candidate.mutable_location()->mutable_lat_lng()->set_longitude(-2.6009);
  const v1::Assessment a = AssessOrDie(candidate, "south-west");
  EXPECT_EQ(a.location().method(), "haversine");
  EXPECT_EQ(a.location().nearest_name(), "South West (Bristol) hub");
  EXPECT_LT(a.location().distance_km(), 1.5);
  EXPECT_TRUE(a.location().within_cluster_radius());
}

TEST(Assess, NearestSchoolOfTheCluster) {
  const v1::Assessment a = AssessOrDie(GoldenCandidate("deficit"));
  EXPECT_EQ(a.location().nearest_urn(), "900102");
  EXPECT_EQ(a.location().method(), "grid");
  EXPECT_NEAR(a.location().distance_km(), 3.61, 0.01);
}

TEST(Assess, CapacityNeedIsTheLargerBandPlusFinanceConcern) {
  // Standards Secure (10), leadership Developing (25), finance Concern (+10).
  const v1::Assessment a = AssessOrDie(GoldenCandidate("deficit"));
  EXPECT_EQ(a.capacity().need_days(), 35);
  EXPECT_EQ(a.capacity().offer_days(), 0);
  EXPECT_EQ(a.capacity().net_days(), -35);
}

TEST(Assess, CapacityOfferCountsLeadersAndSpecialisms) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  auto* l = candidate.mutable_leadership();
  l->set_national_leaders_of_education(1);    // 20
  l->set_local_leaders_of_education(1);       // 10
  l->set_specialist_leaders_of_education(2);  // 20
  candidate.mutable_identity()->add_specialisms(
      v1::SPECIALISM_TEACHING_SCHOOL_HUB);  // 15
  candidate.mutable_identity()->add_specialisms(
      v1::SPECIALISM_MATHS_HUB);  // other: 10
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_EQ(a.capacity().offer_days(), 75);
  EXPECT_TRUE(a.capacity().strategic_specialism());
  EXPECT_EQ(a.capacity().net_days(), 65);
}

TEST(Assess, CapacityUnknownWithoutStandardsOrLeadership) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.clear_standards();
  candidate.clear_leadership();
  candidate.mutable_governance()->clear_governance_rating();
  const v1::Assessment a = AssessOrDie(candidate);
  EXPECT_FALSE(CriterionOf(a, v1::CRITERION_CAPACITY).has_score());
  EXPECT_EQ(FactorOf(a, "capacity.net_support").reason_code(),
            "CAPACITY_DATA_MISSING");
}

TEST(Assess, PrimarySchoolsAreJudgedOnKs2) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_identity()->set_phase(v1::PHASE_PRIMARY);
  candidate.mutable_standards()->clear_attainment();
  for (auto [year, pct] : {std::pair{2022, 58.0}, {2023, 60.0}, {2024, 66.0}}) {
    auto* y = candidate.mutable_standards()->add_attainment();
    y->set_year(year);
    y->set_ks2_rwm_expected_pct(pct);
    y->set_progress8(0.5);  // Ignored for a primary school.
  }
  const v1::Assessment a = AssessOrDie(candidate);
  const auto& attainment = FactorOf(a, "standards.attainment");
  EXPECT_EQ(attainment.reason_code(), "STANDARDS_KS2_ABOVE_AVERAGE");
  EXPECT_DOUBLE_EQ(attainment.score(), 77.5);  // +5 points: 65 + 5/10 x 25.
  const auto& trend = FactorOf(a, "standards.trend");
  EXPECT_EQ(trend.reason_code(), "STANDARDS_TREND_IMPROVING");
  EXPECT_DOUBLE_EQ(trend.input_value(),
                   4);  // Least-squares slope of 58, 60, 66.
  EXPECT_DOUBLE_EQ(trend.score(), 92);
}

TEST(Assess, Attainment8StandsInForMissingProgress8) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  for (auto& year : *candidate.mutable_standards()->mutable_attainment())
    year.clear_progress8();
  const v1::Assessment a = AssessOrDie(candidate);
  const auto& attainment = FactorOf(a, "standards.attainment");
  EXPECT_EQ(attainment.reason_code(), "STANDARDS_ATTAINMENT8_ABOVE_AVERAGE");
  EXPECT_DOUBLE_EQ(attainment.score(), 73.75);  // 48.5 vs 46: 65 + 2.5 x 3.5.
}

TEST(Assess, TrendUsesAtMostTheLatestYearsOfThePolicy) {
  v1::Candidate candidate = GoldenCandidate("coasting");
  auto* old = candidate.mutable_standards()->add_attainment();
  old->set_year(2016);
  old->set_progress8(-2);  // Outside the latest three: ignored.
  EXPECT_EQ(FactorOf(AssessOrDie(candidate), "standards.trend").input_value(),
            -0.08);
}

TEST(Assess, APhaseNewToTheTrustIsToConsiderNeverAReasonAgainst) {
  // "A new phase is a strategic question, not a failure" (§3.1, §3.2).
  const Policy all = trustfit::testing::EditedPolicy([](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_top_reasons(50);
  });
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_identity()->set_phase(v1::PHASE_SPECIAL);
  const v1::Assessment a = AssessOrDie(candidate, "north", all);
  const v1::FactorResult& phase = FactorOf(a, "ethos.phase");
  EXPECT_EQ(phase.reason_code(), "ETHOS_PHASE_NEW_TO_TRUST");
  EXPECT_EQ(phase.direction(), v1::REASON_DIRECTION_NEUTRAL);
  EXPECT_FALSE(phase.favourable());
  for (const auto& r : a.reasons_against()) {
    EXPECT_NE(r.code(), "ETHOS_PHASE_NEW_TO_TRUST");
  }
  ASSERT_EQ(a.reasons_to_consider_size(), 1);
  const v1::Reason& consider = a.reasons_to_consider(0);
  EXPECT_EQ(consider.code(), "ETHOS_PHASE_NEW_TO_TRUST");
  EXPECT_EQ(consider.direction(), v1::REASON_DIRECTION_NEUTRAL);
  EXPECT_EQ(consider.points(), phase.points());  // What it adds, not costs.
  EXPECT_GT(consider.points(), 0);
}

TEST(Assess, EveryListedReasonHasTheDirectionOfItsList) {
  const Policy all = trustfit::testing::EditedPolicy([](v1::Policy* p) {
    p->mutable_scoring()->mutable_recommendation()->set_top_reasons(50);
  });
  for (const char* name : {"strong_local", "coasting", "deficit", "catholic",
                           "far_high_performer", "report_card_church"}) {
    SCOPED_TRACE(name);
    const v1::Assessment a = AssessOrDie(GoldenCandidate(name), "north", all);
    int scored = 0;
    for (const auto& c : a.criteria()) {
      for (const auto& f : c.factors()) scored += f.has_score();
    }
    const int adjustments = std::accumulate(
        a.criteria().begin(), a.criteria().end(), 0,
        [](int n, const auto& c) { return n + c.adjustments_size(); });
    EXPECT_EQ(a.reasons_for_size() + a.reasons_against_size() +
                  a.reasons_to_consider_size(),
              scored + adjustments);
    for (const auto& r : a.reasons_for()) {
      EXPECT_EQ(r.direction(), v1::REASON_DIRECTION_FAVOURABLE) << r.code();
    }
    for (const auto& r : a.reasons_against()) {
      EXPECT_EQ(r.direction(), v1::REASON_DIRECTION_ADVERSE) << r.code();
    }
    for (const auto& r : a.reasons_to_consider()) {
      EXPECT_EQ(r.direction(), v1::REASON_DIRECTION_NEUTRAL) << r.code();
    }
  }
}

TEST(Assess, ThresholdsApplyToTheScoreRoundedOnItsDecimalValue) {
  // The coasting school with 4.01% absence and 13.3% turnover has criteria
  // whose weighted mean is 69.995 in decimal, summed in binary as
  // 69.99499999999999: it must show 70.00 and pass a threshold of 70.
  v1::Candidate candidate = GoldenCandidate("coasting");
  candidate.mutable_standards()->set_overall_absence_pct(4.01);
  candidate.mutable_leadership()->set_staff_turnover_pct(13.3);
  const Policy seventy = trustfit::testing::EditedPolicy([](v1::Policy* p) {
    auto* rec = p->mutable_scoring()->mutable_recommendation();
    rec->set_strategic_min_overall(70);
    rec->set_strategic_min_offer_days(0);
  });
  const v1::Assessment a = AssessOrDie(candidate, "north", seventy);
  double weighted = 0, weight = 0;
  for (const auto& c : a.criteria()) {
    weighted += c.weight() * c.score();
    weight += c.weight();
  }
  ASSERT_LT(weighted / weight * 100, 6999.5);  // The binary value is below.
  EXPECT_EQ(a.overall_score(), 70.00);
  EXPECT_EQ(a.recommendation().rule(), "RULE_ASSOCIATE_STRATEGIC");
}

// North with a small, over-committed executive team: 50 days, 70 committed.
v1::Cluster OverCommittedNorth() {
  v1::Cluster cluster = *Policy::Default().FindCluster("north");
  cluster.set_support_capacity_days(50);
  cluster.set_committed_days(70);
  return cluster;
}

v1::Assessment AssessAgainst(const v1::Candidate& candidate,
                             const v1::Cluster& cluster) {
  return trustfit::testing::ValueOrDie(
      Assess(Policy::Default(), candidate, cluster));
}

// The strong local school (legacy Outstanding: needs 5 days a year) offering
// only `national_leaders` national leaders of education (20 days each).
v1::Candidate StrongSchoolWithNationalLeaders(int national_leaders) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->clear_specialisms();
  v1::Leadership* leadership = candidate.mutable_leadership();
  leadership->set_national_leaders_of_education(national_leaders);
  leadership->clear_local_leaders_of_education();
  leadership->clear_specialist_leaders_of_education();
  return candidate;
}

const v1::Condition* CapacityCondition(const v1::Assessment& a) {
  for (const auto& c : a.recommendation().conditions()) {
    if (c.code() == "CLUSTER_CAPACITY_REQUIRED") return &c;
  }
  return nullptr;
}

TEST(Assess, AContributorThatCoversTheClustersShortfallRaisesNoCondition) {
  // Legacy Outstanding and three national leaders: needs 5 days, offers 60.
  // Days missing = need - offer - spare = 5 - 60 - (-20) = -35: none.
  const v1::Assessment a =
      AssessAgainst(StrongSchoolWithNationalLeaders(3), OverCommittedNorth());
  ASSERT_EQ(a.capacity().net_days(), 55);
  EXPECT_EQ(a.capacity().cluster_spare_days(), -20);
  EXPECT_FALSE(a.capacity().overstretched());
  EXPECT_EQ(CapacityCondition(a), nullptr);
  EXPECT_FALSE(HasGate(a, "CAPACITY_CLUSTER_OVERSTRETCHED"));
}

TEST(Assess, AnOverCommittedClusterNeedsItsShortfallAndTheSchoolsNeed) {
  // Needs 5 net days in a cluster 20 days over: 25 days missing.
  const v1::Assessment a =
      AssessAgainst(StrongSchoolWithNationalLeaders(0), OverCommittedNorth());
  ASSERT_EQ(a.capacity().net_days(), -5);
  EXPECT_TRUE(a.capacity().overstretched());
  const v1::Condition* condition = CapacityCondition(a);
  ASSERT_NE(condition, nullptr);
  EXPECT_EQ(condition->days_missing(), 25);
  ASSERT_TRUE(HasGate(a, "CAPACITY_CLUSTER_OVERSTRETCHED"));
  for (const auto& g : a.gates()) {
    if (g.code() != "CAPACITY_CLUSTER_OVERSTRETCHED") continue;
    EXPECT_THAT(g.explanation(),
                HasSubstr("already over-committed by 20 days a year and the "
                          "school needs a net 5: 25 days short"));
    EXPECT_THAT(g.action(), HasSubstr("Add 25 days"));
  }
}

TEST(Assess, AContributorWhoseOfferFallsShortOfTheClustersGapIsShort) {
  // One national leader: offers 20, needs 5, net +15; the cluster is 20 over.
  const v1::Assessment a =
      AssessAgainst(StrongSchoolWithNationalLeaders(1), OverCommittedNorth());
  ASSERT_EQ(a.capacity().net_days(), 15);
  const v1::Condition* condition = CapacityCondition(a);
  ASSERT_NE(condition, nullptr);
  EXPECT_EQ(condition->days_missing(), 5);
  for (const auto& g : a.gates()) {
    if (g.code() != "CAPACITY_CLUSTER_OVERSTRETCHED") continue;
    EXPECT_THAT(g.explanation(),
                HasSubstr("the school's net offer of 15 days does not cover "
                          "it: 5 days short"));
  }
}

TEST(Assess, DaysMissingAreNeverNegative) {
  for (int leaders = 0; leaders <= 4; ++leaders) {
    for (double committed : {0.0, 40.0, 50.0, 70.0, 200.0}) {
      v1::Candidate candidate = GoldenCandidate("coasting");
      candidate.mutable_leadership()->set_national_leaders_of_education(
          leaders);
      v1::Cluster cluster = OverCommittedNorth();
      cluster.set_committed_days(committed);
      const v1::Assessment a = AssessAgainst(candidate, cluster);
      const v1::Condition* condition = CapacityCondition(a);
      const double missing = a.capacity().need_days() -
                             a.capacity().offer_days() -
                             a.capacity().cluster_spare_days();
      EXPECT_EQ(condition != nullptr, missing > 0)
          << leaders << " leaders, " << committed << " committed";
      if (condition != nullptr) {
        EXPECT_EQ(condition->days_missing(), missing);
      }
    }
  }
}

TEST(Assess, AnAgreedRecoveryPlanLiftsThePartnerCapAndBecomesTheCondition) {
  v1::Candidate deficit = GoldenCandidate("deficit");
  ASSERT_EQ(AssessOrDie(deficit).recommendation().rule(),
            "RULE_GATE_CAPS_AT_PARTNER");
  deficit.mutable_finance()->set_recovery_plan_agreed(true);
  const v1::Assessment a = AssessOrDie(deficit);
  EXPECT_NE(a.recommendation().rule(), "RULE_GATE_CAPS_AT_PARTNER");
  bool gate = false;
  for (const auto& g : a.gates()) {
    if (g.code() != "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT") continue;
    gate = true;
    EXPECT_EQ(g.effect(), v1::GATE_EFFECT_CONDITION);
    EXPECT_THAT(g.action(), HasSubstr("agreed recovery plan"));
  }
  EXPECT_TRUE(gate);
  bool condition = false;
  for (const auto& c : a.recommendation().conditions()) {
    if (c.code() != "RECOVERY_PLAN_REQUIRED") continue;
    condition = true;
    EXPECT_THAT(c.explanation(),
                HasSubstr("deliver the financial recovery plan"));
  }
  EXPECT_TRUE(condition);
}

}  // namespace
}  // namespace trustfit::scoring
