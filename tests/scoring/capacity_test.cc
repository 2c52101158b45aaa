// The capacity criterion's unit (§3.1): the days of executive support the
// school offers against the days it needs, by the bands of the criteria
// scored before it, the cluster's spare days, the rules of its section of the
// policy, its input check and its bounds.

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

// An assessment whose earlier criteria were scored into the given bands
// (nullopt: that criterion has no score).
v1::Assessment ScoredSoFar(std::optional<v1::Band> standards,
                           std::optional<v1::Band> leadership,
                           std::optional<v1::Band> finance) {
  v1::Assessment so_far;
  auto add = [&](v1::Criterion criterion, std::optional<v1::Band> band) {
    v1::CriterionResult* c = so_far.add_criteria();
    c->set_criterion(criterion);
    if (band.has_value()) {
      c->set_score(50);
      c->set_band(*band);
    }
  };
  add(v1::CRITERION_STANDARDS, standards);
  add(v1::CRITERION_LEADERSHIP, leadership);
  add(v1::CRITERION_FINANCE, finance);
  return so_far;
}

struct Scored {
  v1::CriterionResult result;
  v1::CapacityAnalysis analysis;
};

Scored ScoreCapacity(const v1::Candidate& candidate, v1::Assessment so_far,
                     const v1::Cluster& cluster) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  Scored scored;
  CapacityCriterion().score(ctx, &so_far, &scored.result);
  scored.analysis = so_far.capacity();
  return scored;
}

// North: 420 days of capacity, 350 committed, so 70 spare.
Scored ScoreInNorth(const v1::Candidate& candidate, v1::Assessment so_far) {
  return ScoreCapacity(candidate, std::move(so_far),
                       *Policy::Default().FindCluster("north"));
}

v1::Candidate WithLeaders(int national, int local, int specialist) {
  v1::Candidate candidate;
  candidate.mutable_leadership()->set_national_leaders_of_education(national);
  candidate.mutable_leadership()->set_local_leaders_of_education(local);
  candidate.mutable_leadership()->set_specialist_leaders_of_education(
      specialist);
  return candidate;
}

std::vector<std::string> RuleViolations(const v1::ScoringRules& rules) {
  FieldViolations violations;
  CapacityCriterion().check_rules(rules,
                                  PolicyChecker(&violations, "capacity"));
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(CapacityCriterion, IsTheCapacityRowReadingTheLeadershipSection) {
  const CriterionUnit unit = CapacityCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_CAPACITY);
  EXPECT_EQ(unit.id, "capacity");
  EXPECT_EQ(unit.input_section, "leadership");
}

// Need: the larger of Secure 10 and Developing 25. Offer: 20 + 10 = 30.
// Net +5 lies halfway from 0->70 to 10->90: 80.
TEST(CapacityCriterion, ANetContributorOfFiveDaysScores80) {
  const Scored s = ScoreInNorth(
      WithLeaders(1, 0, 1),
      ScoredSoFar(v1::BAND_SECURE, v1::BAND_DEVELOPING, v1::BAND_SECURE));
  EXPECT_EQ(s.result.criterion(), v1::CRITERION_CAPACITY);
  EXPECT_EQ(s.result.weight(), 10);
  ASSERT_EQ(s.result.factors_size(), 1);
  const v1::FactorResult& f = s.result.factors(0);
  EXPECT_EQ(f.factor(), "capacity.net_support");
  EXPECT_DOUBLE_EQ(f.input_value(), 5);
  EXPECT_DOUBLE_EQ(f.score(), 80);
  EXPECT_EQ(f.reason_code(), "CAPACITY_NET_CONTRIBUTOR");
  EXPECT_DOUBLE_EQ(s.analysis.need_days(), 25);
  EXPECT_DOUBLE_EQ(s.analysis.offer_days(), 30);
  EXPECT_DOUBLE_EQ(s.analysis.net_days(), 5);
  EXPECT_DOUBLE_EQ(s.analysis.cluster_spare_days(), 70);
  EXPECT_DOUBLE_EQ(s.analysis.utilisation_pct(), 83.33);  // 350 / 420.
  EXPECT_FALSE(s.analysis.overstretched());
}

// Need: Concern 45 plus 10 for finance Concern; offer: a hub's 15.
TEST(CapacityCriterion, ADrainOfFortyDaysScoresZeroAndFillsTheCluster) {
  v1::Candidate candidate;
  candidate.mutable_identity()->add_specialisms(
      v1::SPECIALISM_TEACHING_SCHOOL_HUB);
  const Scored s = ScoreInNorth(
      candidate,
      ScoredSoFar(v1::BAND_CONCERN, v1::BAND_STRONG, v1::BAND_CONCERN));
  const v1::FactorResult& f = s.result.factors(0);
  EXPECT_DOUBLE_EQ(f.score(), 0);
  EXPECT_EQ(f.reason_code(), "CAPACITY_NET_DRAIN");
  EXPECT_DOUBLE_EQ(s.analysis.need_days(), 55);
  EXPECT_DOUBLE_EQ(s.analysis.offer_days(), 15);
  EXPECT_TRUE(s.analysis.strategic_specialism());
  EXPECT_DOUBLE_EQ(s.analysis.utilisation_pct(), 92.86);  // 390 / 420.
  EXPECT_FALSE(s.analysis.overstretched());  // 40 needed, 70 spare.
}

TEST(CapacityCriterion, ANeedBeyondTheSpareDaysOverstretchesTheCluster) {
  v1::Cluster cluster = *Policy::Default().FindCluster("north");
  cluster.set_support_capacity_days(100);
  cluster.set_committed_days(90);
  const Scored s = ScoreCapacity(
      v1::Candidate(),
      ScoredSoFar(v1::BAND_DEVELOPING, std::nullopt, std::nullopt), cluster);
  EXPECT_DOUBLE_EQ(s.analysis.net_days(), -25);
  EXPECT_DOUBLE_EQ(s.analysis.utilisation_pct(), 115);
  EXPECT_TRUE(s.analysis.overstretched());
  // Net -25 lies a quarter of the way from -20->30 to -40->0.
  EXPECT_DOUBLE_EQ(s.result.factors(0).score(), 22.5);
}

TEST(CapacityCriterion, AContributorCoversAnAlreadyOverCommittedCluster) {
  v1::Cluster cluster = *Policy::Default().FindCluster("north");
  cluster.set_support_capacity_days(100);
  cluster.set_committed_days(110);
  const Scored s = ScoreCapacity(
      WithLeaders(1, 0, 0),
      ScoredSoFar(v1::BAND_SECURE, v1::BAND_SECURE, std::nullopt), cluster);
  EXPECT_DOUBLE_EQ(s.analysis.net_days(), 10);
  EXPECT_DOUBLE_EQ(s.analysis.cluster_spare_days(), -10);
  EXPECT_FALSE(s.analysis.overstretched());  // -10 - (-10) = 0 days missing.
}

TEST(CapacityCriterion, NeitherStandardsNorLeadershipScoredLeavesItMissing) {
  const Scored s =
      ScoreInNorth(WithLeaders(1, 1, 0),
                   ScoredSoFar(std::nullopt, std::nullopt, v1::BAND_CONCERN));
  const v1::FactorResult& f = s.result.factors(0);
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "CAPACITY_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(), ElementsAre("standards", "leadership"));
  EXPECT_DOUBLE_EQ(s.analysis.offer_days(), 30);
}

TEST(ComputeCapacity, OneScoredBandIsEnoughForTheNeed) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  const CapacityNumbers numbers =
      ComputeCapacity(ctx, std::nullopt, v1::BAND_STRONG, std::nullopt);
  ASSERT_TRUE(numbers.need_days.has_value());
  EXPECT_DOUBLE_EQ(*numbers.need_days, 5);
  EXPECT_DOUBLE_EQ(*numbers.net_days, -5);
  EXPECT_DOUBLE_EQ(*numbers.score, 60);  // 3/4 of the way from 30 to 70.
}

TEST(ComputeCapacity, AnUnlistedSpecialismOffersTenDaysAndIsNotStrategic) {
  const Policy policy = Policy::Default();
  v1::Candidate candidate;
  candidate.mutable_identity()->add_specialisms(v1::SPECIALISM_MATHS_HUB);
  candidate.mutable_identity()->add_specialisms(v1::SPECIALISM_SCITT);
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  const CapacityNumbers numbers =
      ComputeCapacity(ctx, std::nullopt, std::nullopt, std::nullopt);
  EXPECT_DOUBLE_EQ(numbers.offer_days, 25);
  EXPECT_TRUE(numbers.strategic_specialism);  // From the SCITT.
  EXPECT_FALSE(numbers.need_days.has_value());
  EXPECT_FALSE(numbers.score.has_value());
}

TEST(CapacityCriterion, TheDefaultRulesPass) {
  EXPECT_THAT(RuleViolations(Policy::Default().scoring()), IsEmpty());
}

TEST(CapacityCriterion, AStrongerBandNeedingMoreDaysIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_capacity()->mutable_need_days_by_band()->set_strong(20);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("capacity.need_days_by_band"));
}

TEST(CapacityCriterion, ARepeatedOrUnnamedSpecialismIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_capacity()->mutable_specialisms(1)->set_specialism(
      v1::SPECIALISM_TEACHING_SCHOOL_HUB);
  rules.mutable_capacity()->mutable_specialisms(2)->set_specialism(
      v1::SPECIALISM_UNSPECIFIED);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("capacity.specialisms[1].specialism",
                          "capacity.specialisms[2].specialism"));
}

TEST(CapacityCriterion, NegativeLeaderDaysAreRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_capacity()->set_national_leader_days(-1);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("capacity.national_leader_days"));
}

TEST(CapacityCriterion, ANegativeCountOfLeadersIsAnInputViolation) {
  FieldViolations violations;
  CandidateChecker checker(&violations);
  CapacityCriterion().check_input(WithLeaders(0, -1, 2), checker);
  ASSERT_EQ(violations.violations().size(), 1u);
  EXPECT_EQ(violations.violations()[0].field,
            "leadership.local_leaders_of_education");
}

// With nothing to offer: need 55 at worst (net -55 -> 0), 5 at best (60).
TEST(CapacityCriterion, BoundsTheNetSupportByTheWorstAndBestBands) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(),
                              *policy.FindCluster("north"), candidate};
  const std::optional<ScoreBounds> b =
      CapacityCriterion().factor_bounds(ctx, "capacity.net_support");
  ASSERT_TRUE(b.has_value());
  EXPECT_DOUBLE_EQ(b->worst, 0);
  EXPECT_DOUBLE_EQ(b->best, 60);
  EXPECT_FALSE(
      CapacityCriterion().factor_bounds(ctx, "finance.reserves").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
