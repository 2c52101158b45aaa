// The worst and best a factor can score (scoring/criteria.h, §3.6): the
// helpers each criterion bounds its factors with, and the lookup that asks
// every criterion's unit in turn.

#include <initializer_list>
#include <optional>
#include <utility>

#include "gtest/gtest.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/policy.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

Curve CurveOf(std::initializer_list<std::pair<double, double>> points) {
  Curve curve;
  for (const auto& [x, score] : points) {
    v1::CurvePoint* point = curve.Add();
    point->set_x(x);
    point->set_score(score);
  }
  return curve;
}

TEST(FactorBounds, BoundsOverTakesTheLowestAndHighestScore) {
  const ScoreBounds bounds = BoundsOver({55, 10, 90, 40});
  EXPECT_DOUBLE_EQ(bounds.worst, 10);
  EXPECT_DOUBLE_EQ(bounds.best, 90);
}

TEST(FactorBounds, JoinBoundsCoversBoth) {
  const ScoreBounds joined = JoinBounds({30, 60}, {20, 50});
  EXPECT_DOUBLE_EQ(joined.worst, 20);
  EXPECT_DOUBLE_EQ(joined.best, 60);
}

TEST(FactorBounds, ACurveIsBoundedByItsPointsWhateverTheirOrder) {
  // A falling curve: its worst score is at its far end, not its first point.
  const ScoreBounds bounds = CurveBounds(CurveOf({{0, 95}, {10, 50}, {20, 5}}));
  EXPECT_DOUBLE_EQ(bounds.worst, 5);
  EXPECT_DOUBLE_EQ(bounds.best, 95);
}

TEST(FactorBounds, ARubricIsBoundedByItsFourScores) {
  v1::RubricScores scores;
  scores.set_weak(0);
  scores.set_partly(40);
  scores.set_mostly(75);
  scores.set_strong(100);
  const ScoreBounds bounds = RubricBounds(scores);
  EXPECT_DOUBLE_EQ(bounds.worst, 0);
  EXPECT_DOUBLE_EQ(bounds.best, 100);
}

TEST(FactorBounds, AnInspectionCoversBothFrameworks) {
  // The legacy grades score 30..90 and the report card 10..85: a missing
  // inspection could be either.
  v1::InspectionGradeScores grades;
  *grades.mutable_legacy_grade() = CurveOf({{1, 90}, {4, 30}});
  v1::ReportCardScores* card = grades.mutable_report_card();
  card->set_exceptional(85);
  card->set_strong_standard(70);
  card->set_expected_standard(50);
  card->set_needs_attention(25);
  card->set_urgent_improvement(10);
  const ScoreBounds bounds = InspectionBounds(grades);
  EXPECT_DOUBLE_EQ(bounds.worst, 10);
  EXPECT_DOUBLE_EQ(bounds.best, 90);
}

class FactorScoreBoundsTest : public ::testing::Test {
 protected:
  const Policy policy_ = Policy::Default();
  const v1::Cluster cluster_ = policy_.proto().clusters(0);
  const v1::Candidate candidate_;
  const AssessmentContext ctx_{policy_.scoring(), policy_.proto().trust(),
                               cluster_, candidate_};
};

TEST_F(FactorScoreBoundsTest, EachFactorIsBoundedByItsOwnCriterionAlone) {
  for (const char* factor :
       {"standards.absence", "leadership.headteacher", "finance.reserves",
        "ethos.phase", "capacity.net_support", "location.distance"}) {
    int units_bounding = 0;
    std::optional<ScoreBounds> own;
    for (const CriterionUnit& unit : CriterionUnits()) {
      std::optional<ScoreBounds> bounds = unit.factor_bounds(ctx_, factor);
      if (!bounds.has_value()) continue;
      ++units_bounding;
      own = bounds;
    }
    ASSERT_EQ(units_bounding, 1) << factor;
    const std::optional<ScoreBounds> found = FactorScoreBounds(ctx_, factor);
    ASSERT_TRUE(found.has_value()) << factor;
    EXPECT_DOUBLE_EQ(found->worst, own->worst) << factor;
    EXPECT_DOUBLE_EQ(found->best, own->best) << factor;
  }
}

TEST_F(FactorScoreBoundsTest, TheDefaultPolicysLocationDistanceRunsFrom0To100) {
  const std::optional<ScoreBounds> bounds =
      FactorScoreBounds(ctx_, "location.distance");
  ASSERT_TRUE(bounds.has_value());
  EXPECT_DOUBLE_EQ(bounds->worst, 0);
  EXPECT_DOUBLE_EQ(bounds->best, 100);
}

TEST_F(FactorScoreBoundsTest, AnUnknownFactorHasNoBounds) {
  EXPECT_FALSE(FactorScoreBounds(ctx_, "finance.vibes").has_value());
  EXPECT_FALSE(FactorScoreBounds(ctx_, "").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
