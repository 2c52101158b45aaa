// The location criterion's unit (§3.1): distance to the nearest school of the
// cluster, fit with the trust's growth strategy, the rules of its section of
// the policy, the check of the school's coordinates and its factors' bounds.

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

// A cluster whose hub sits on a round grid reference, so distances along the
// easting are whole kilometres.
v1::Cluster TestCluster() {
  v1::Cluster cluster;
  cluster.set_id("test");
  cluster.set_name("Test");
  cluster.mutable_hub()->mutable_os_grid()->set_easting(400000);
  cluster.mutable_hub()->mutable_os_grid()->set_northing(400000);
  return cluster;
}

v1::Candidate CandidateAt(double easting, double northing) {
  v1::Candidate candidate;
  candidate.mutable_location()->mutable_os_grid()->set_easting(easting);
  candidate.mutable_location()->mutable_os_grid()->set_northing(northing);
  return candidate;
}

// Scores the location criterion as AssessInto does: analyses the location
// first, then scores.
v1::CriterionResult ScoreLocation(const v1::Candidate& candidate,
                                  const v1::Cluster& cluster) {
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  v1::Assessment so_far;
  *so_far.mutable_location() = AnalyseLocation(ctx);
  v1::CriterionResult out;
  LocationCriterion().score(ctx, &so_far, &out);
  return out;
}

v1::FactorResult Factor(const v1::CriterionResult& result,
                        const std::string& name) {
  for (const v1::FactorResult& f : result.factors()) {
    if (f.factor() == name) return f;
  }
  ADD_FAILURE() << "no factor " << name;
  return v1::FactorResult();
}

std::vector<std::string> RuleViolations(const v1::ScoringRules& rules) {
  FieldViolations violations;
  LocationCriterion().check_rules(rules,
                                  PolicyChecker(&violations, "location"));
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(LocationCriterion, IsTheLocationRowReadingTheLocationSection) {
  const CriterionUnit unit = LocationCriterion();
  EXPECT_EQ(unit.criterion, v1::CRITERION_LOCATION);
  EXPECT_EQ(unit.id, "location");
  EXPECT_EQ(unit.input_section, "location");
}

TEST(LocationCriterion, HasTheLocationWeightAndTwoFactors) {
  const v1::CriterionResult result =
      ScoreLocation(CandidateAt(410000, 400000), TestCluster());
  EXPECT_EQ(result.criterion(), v1::CRITERION_LOCATION);
  EXPECT_EQ(result.weight(), 10);
  ASSERT_EQ(result.factors_size(), 2);
  EXPECT_EQ(result.factors(0).factor(), "location.distance");
  EXPECT_EQ(result.factors(0).weight(), 70);
  EXPECT_EQ(result.factors(1).factor(), "location.strategy");
  EXPECT_EQ(result.factors(1).weight(), 30);
}

// 10 km on the default curve (5->100, 10->85) is 85, inside the 25 km radius.
TEST(LocationCriterion, TenKilometresFromTheHubScores85WithinTheRadius) {
  const v1::FactorResult f =
      Factor(ScoreLocation(CandidateAt(410000, 400000), TestCluster()),
             "location.distance");
  EXPECT_DOUBLE_EQ(f.input_value(), 10);
  EXPECT_DOUBLE_EQ(f.score(), 85);
  EXPECT_EQ(f.reason_code(), "LOCATION_WITHIN_CLUSTER_RADIUS");
  EXPECT_EQ(f.input_text(), "10 km to Test hub");
}

// 30 km lies halfway between 20->60 and 40->25: 42.5, beyond 25 km.
TEST(LocationCriterion, ThirtyKilometresScoresOnTheCurveBeyondTheRadius) {
  const v1::FactorResult f =
      Factor(ScoreLocation(CandidateAt(430000, 400000), TestCluster()),
             "location.distance");
  EXPECT_DOUBLE_EQ(f.score(), 42.5);
  EXPECT_EQ(f.reason_code(), "LOCATION_BEYOND_CLUSTER_RADIUS");
}

TEST(LocationCriterion, ExactlyTheClusterRadiusCountsAsWithin) {
  const v1::FactorResult f =
      Factor(ScoreLocation(CandidateAt(425000, 400000), TestCluster()),
             "location.distance");
  EXPECT_EQ(f.reason_code(), "LOCATION_WITHIN_CLUSTER_RADIUS");
}

TEST(LocationCriterion, TheCurveIsFlatBeyondItsEndPoints) {
  EXPECT_DOUBLE_EQ(
      Factor(ScoreLocation(CandidateAt(400000, 400000), TestCluster()),
             "location.distance")
          .score(),
      100);
  EXPECT_DOUBLE_EQ(
      Factor(ScoreLocation(CandidateAt(500000, 400000), TestCluster()),
             "location.distance")
          .score(),
      0);
}

TEST(LocationCriterion, NoCoordinatesLeavesTheDistanceMissingNamingBothFields) {
  const v1::FactorResult f = Factor(
      ScoreLocation(v1::Candidate(), TestCluster()), "location.distance");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LOCATION_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("location.os_grid", "location.lat_lng"));
}

TEST(AnalyseLocation, TheNearestClusterSchoolWinsOverTheHub) {
  v1::Cluster cluster = TestCluster();
  v1::ClusterMember* member = cluster.add_members();
  member->set_urn("900001");
  member->set_name("Near Academy");
  member->mutable_location()->mutable_os_grid()->set_easting(430000);
  member->mutable_location()->mutable_os_grid()->set_northing(400000);
  const v1::Candidate candidate = CandidateAt(433000, 404000);
  const Policy policy = Policy::Default();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  const v1::LocationAnalysis analysis = AnalyseLocation(ctx);
  // A 3-4-5 triangle: 5 km from the member, over 33 km from the hub.
  EXPECT_DOUBLE_EQ(analysis.distance_km(), 5);
  EXPECT_EQ(analysis.nearest_urn(), "900001");
  EXPECT_EQ(analysis.nearest_name(), "Near Academy");
  EXPECT_TRUE(analysis.within_cluster_radius());
}

TEST(AnalyseLocation, NoCoordinatesIsNeitherADistanceNorWithinTheRadius) {
  const Policy policy = Policy::Default();
  const v1::Cluster cluster = TestCluster();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  const v1::LocationAnalysis analysis = AnalyseLocation(ctx);
  EXPECT_FALSE(analysis.has_distance_km());
  EXPECT_FALSE(analysis.within_cluster_radius());
}

v1::FactorResult StrategyFor(const std::string& local_authority,
                             const std::string& region) {
  v1::Candidate candidate = CandidateAt(400000, 400000);
  candidate.mutable_identity()->set_local_authority(local_authority);
  candidate.mutable_identity()->set_region(region);
  return Factor(ScoreLocation(candidate, TestCluster()), "location.strategy");
}

TEST(LocationCriterion, ATargetLocalAuthorityScores100IgnoringCaseAndSpace) {
  const v1::FactorResult f = StrategyFor("  leeds ", "");
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "LOCATION_IN_TARGET_AREA");
}

TEST(LocationCriterion, ATargetRegionScores100EvenOutsideTheTargetAuthorities) {
  const v1::FactorResult f = StrategyFor("Cornwall", "South West");
  EXPECT_DOUBLE_EQ(f.score(), 100);
  EXPECT_EQ(f.reason_code(), "LOCATION_IN_TARGET_AREA");
  EXPECT_EQ(f.input_text(), "Cornwall, South West");
}

TEST(LocationCriterion, OutsideTheTargetAreasScores40) {
  const v1::FactorResult f = StrategyFor("Cumbria", "North West");
  EXPECT_DOUBLE_EQ(f.score(), 40);
  EXPECT_EQ(f.reason_code(), "LOCATION_OUTSIDE_TARGET_AREA");
}

TEST(LocationCriterion, NeitherRegionNorAuthorityLeavesTheStrategyMissing) {
  const v1::FactorResult f = StrategyFor("", "");
  EXPECT_FALSE(f.has_score());
  EXPECT_EQ(f.reason_code(), "LOCATION_STRATEGY_DATA_MISSING");
  EXPECT_THAT(f.missing_fields(),
              ElementsAre("identity.region", "identity.local_authority"));
}

TEST(LocationCriterion, TheDefaultRulesPass) {
  EXPECT_THAT(RuleViolations(Policy::Default().scoring()), IsEmpty());
}

TEST(LocationCriterion, AClusterRadiusOfZeroIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_location()->set_cluster_radius_km(0);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("location.cluster_radius_km"));
}

TEST(LocationCriterion, AStrategyScoreAbove100IsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_location()->mutable_strategy()->set_target_area_score(120);
  EXPECT_THAT(RuleViolations(rules),
              ElementsAre("location.strategy.target_area_score"));
}

TEST(LocationCriterion, AnOutsideScoreAboveTheTargetScoreIsRejected) {
  v1::ScoringRules rules = Policy::Default().scoring();
  rules.mutable_location()->mutable_strategy()->set_other_area_score(100);
  rules.mutable_location()->mutable_strategy()->set_target_area_score(40);
  EXPECT_THAT(RuleViolations(rules), ElementsAre("location.strategy"));
}

TEST(LocationCriterion, AGridReferenceOffTheGridIsAnInputViolation) {
  FieldViolations violations;
  CandidateChecker checker(&violations);
  LocationCriterion().check_input(CandidateAt(800000, 400000), checker);
  ASSERT_EQ(violations.violations().size(), 1u);
  EXPECT_EQ(violations.violations()[0].field, "location.os_grid.easting");
}

TEST(LocationCriterion, AValidLocationHasNoInputViolation) {
  FieldViolations violations;
  CandidateChecker checker(&violations);
  LocationCriterion().check_input(CandidateAt(400000, 400000), checker);
  EXPECT_TRUE(violations.empty());
}

TEST(LocationCriterion, BoundsEachFactorByItsCurveOrItsScores) {
  const Policy policy = Policy::Default();
  const v1::Cluster cluster = TestCluster();
  const v1::Candidate candidate;
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  const CriterionUnit unit = LocationCriterion();
  const std::optional<ScoreBounds> distance =
      unit.factor_bounds(ctx, "location.distance");
  ASSERT_TRUE(distance.has_value());
  EXPECT_DOUBLE_EQ(distance->worst, 0);
  EXPECT_DOUBLE_EQ(distance->best, 100);
  const std::optional<ScoreBounds> strategy =
      unit.factor_bounds(ctx, "location.strategy");
  ASSERT_TRUE(strategy.has_value());
  EXPECT_DOUBLE_EQ(strategy->worst, 40);
  EXPECT_DOUBLE_EQ(strategy->best, 100);
  EXPECT_FALSE(unit.factor_bounds(ctx, "finance.reserves").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
