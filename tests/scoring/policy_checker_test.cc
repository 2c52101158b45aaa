#include "scoring/policy_checker.h"

#include <initializer_list>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Curve CurveOf(std::initializer_list<std::pair<double, double>> points) {
  Curve curve;
  for (auto [x, score] : points) {
    v1::CurvePoint* point = curve.Add();
    point->set_x(x);
    point->set_score(score);
  }
  return curve;
}

TEST(PolicyChecker, NamesFieldsUnderItsSections) {
  FieldViolations out;
  const PolicyChecker scoring(&out, "scoring");
  scoring.Sub("finance").Weight("reserves.weight", 0);
  PolicyChecker(&out, "").Required("name", "");
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::field,
                                "scoring.finance.reserves.weight"),
                          Field(&FieldViolation::field, "name")));
}

TEST(PolicyChecker, AcceptsAStepAndRefusesThreePointsAtOneX) {
  FieldViolations out;
  const PolicyChecker c(&out, "");
  c.CurveShape("step", CurveOf({{0, 0}, {0, 20}, {5, 60}}),
               CurveDirection::kIncreasing);
  EXPECT_THAT(out.violations(), IsEmpty());
  c.CurveShape("curve", CurveOf({{0, 0}, {0, 20}, {0, 40}}),
               CurveDirection::kIncreasing);
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::field, "curve[2].x")));
}

TEST(PolicyChecker, NamesThePointWhereACurveTurnsTheWrongWay) {
  FieldViolations out;
  PolicyChecker(&out, "").CurveShape("absence",
                                     CurveOf({{0, 100}, {5, 60}, {10, 70}}),
                                     CurveDirection::kDecreasing);
  ASSERT_EQ(out.violations().size(), 1u);
  EXPECT_EQ(out.violations()[0].field, "absence[2].score");
  EXPECT_THAT(out.violations()[0].description, HasSubstr("must not increase"));
}

TEST(PolicyChecker, ACurveNeedsTwoPoints) {
  FieldViolations out;
  PolicyChecker(&out, "").CurveShape("c", CurveOf({{0, 50}}),
                                     CurveDirection::kIncreasing);
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::description,
                                "a curve needs at least two points")));
}

TEST(PolicyChecker, ScoresThatRankOutcomesAreBestFirst) {
  FieldViolations out;
  const PolicyChecker c(&out, "");
  c.Ordered("phase", {80, 60}, "phase scores");
  EXPECT_THAT(out.violations(), IsEmpty());
  c.Ordered("phase", {60, 80}, "phase scores");
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::description,
                                "phase scores must be ordered from best to "
                                "worst")));
}

TEST(PolicyChecker, RangesAndSigns) {
  FieldViolations out;
  const PolicyChecker c(&out, "");
  c.Range("pct", 101, 0, 100);
  c.NonNegative("days", -1);
  c.Score("score", 100);
  EXPECT_THAT(
      out.violations(),
      ElementsAre(Field(&FieldViolation::description, "must be within 0-100"),
                  Field(&FieldViolation::description, "must not be negative")));
}

}  // namespace
}  // namespace trustfit::scoring
