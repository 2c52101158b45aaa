#include "scoring/weighing.h"

#include <optional>

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

TEST(WeightedMeanTest, PartsWithoutAScoreAreLeftOutAndTheRestRenormalised) {
  EXPECT_DOUBLE_EQ(*WeightedMean({{25, 80.0}, {25, 60.0}}), 70.0);
  EXPECT_DOUBLE_EQ(*WeightedMean({{30, 80.0}, {10, 40.0}}), 70.0);
  // The missing part's weight is not counted as a zero.
  EXPECT_DOUBLE_EQ(*WeightedMean({{25, 80.0}, {75, std::nullopt}}), 80.0);
}

TEST(WeightedMeanTest, NoScoreAtAllIsNoMean) {
  EXPECT_EQ(WeightedMean({{25, std::nullopt}, {25, std::nullopt}}),
            std::nullopt);
  EXPECT_EQ(WeightedMean({}), std::nullopt);
}

TEST(CriterionScoreTest, AdjustmentsApplyInOrderEachClampedToTheScale) {
  double applied[2] = {};
  // 90 + 20 clamps at 100 (+10 applied), then -30 gives 70.
  EXPECT_DOUBLE_EQ(*CriterionScore({{1, 90.0}}, {20.0, -30.0}, applied), 70.0);
  EXPECT_DOUBLE_EQ(applied[0], 10.0);
  EXPECT_DOUBLE_EQ(applied[1], -30.0);
  EXPECT_DOUBLE_EQ(*CriterionScore({{1, 10.0}}, {-25.0}), 0.0);
}

TEST(CriterionScoreTest, IsRoundedWhereItIsMade) {
  // (80 + 80 + 81) / 3 = 80.333...
  EXPECT_DOUBLE_EQ(*CriterionScore({{1, 80.0}, {1, 80.0}, {1, 81.0}}, {}),
                   80.33);
}

TEST(CriterionScoreTest, NoFactorWithDataIsNoScoreWhateverTheAdjustments) {
  EXPECT_EQ(CriterionScore({{1, std::nullopt}}, {-10.0}), std::nullopt);
}

TEST(OverallScoreTest, IsTheRoundedWeightedMeanOfTheScoredCriteria) {
  EXPECT_DOUBLE_EQ(*OverallScore({{25, 80.0}, {20, 61.5}}),
                   71.78);  // 3230 / 45.
  EXPECT_EQ(OverallScore({{25, std::nullopt}}), std::nullopt);
}

}  // namespace
}  // namespace trustfit::scoring
