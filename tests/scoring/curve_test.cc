#include "scoring/curve.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

Curve MakeCurve(std::initializer_list<std::pair<double, double>> points) {
  Curve curve;
  for (auto [x, score] : points) {
    auto* p = curve.Add();
    p->set_x(x);
    p->set_score(score);
  }
  return curve;
}

TEST(EvaluateCurve, InterpolatesBetweenPoints) {
  const Curve curve = MakeCurve({{0, 0}, {10, 100}});
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 2.5), 25);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 7), 70);
}

TEST(EvaluateCurve, IsFlatBeyondTheEndPoints) {
  const Curve curve = MakeCurve({{4, 100}, {10, 0}});
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, -50), 100);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 3.99), 100);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 10.01), 0);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 1e9), 0);
}

TEST(EvaluateCurve, StepTakesTheLaterPointAtItsX) {
  // Reserves: below 0% scores 0, at 0% scores 20.
  const Curve curve = MakeCurve({{0, 0}, {0, 20}, {5, 60}});
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, -0.001), 0);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 0), 20);
  EXPECT_DOUBLE_EQ(EvaluateCurve(curve, 2.5), 40);
}

TEST(EvaluateCurve, SpecExamplesFromTheDefaultPolicy) {
  const Policy policy = Policy::Default();
  const auto& s = policy.scoring();
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.standards().attainment().progress8(), -0.25),
                   47.5);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.standards().absence().curve(), 7), 60);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.finance().reserves().curve(), -1), 0);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.finance().reserves().curve(), 25), 100);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.location().distance().curve(), 30), 42.5);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.capacity().net_days(), -30), 15);
  EXPECT_DOUBLE_EQ(EvaluateCurve(s.inspection_grades().legacy_grade(), 3), 40);
}

// Every curve of the default policy, found by walking the policy message, so
// a curve added later is covered without editing this test.
void CollectCurves(const Message& message, const std::string& path,
                   std::vector<std::pair<std::string, Curve>>* out) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string child = path + "." + field->name();
    if (field->is_repeated()) {
      if (field->message_type() == v1::CurvePoint::descriptor()) {
        Curve curve;
        for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
          curve.Add()->CopyFrom(
              reflection->GetRepeatedMessage(message, field, j));
        }
        out->emplace_back(child, std::move(curve));
      }
      continue;
    }
    CollectCurves(reflection->GetMessage(message, field), child, out);
  }
}

TEST(EvaluateCurve, EveryDefaultCurveAtAndBetweenItsPoints) {
  const Policy policy = Policy::Default();
  std::vector<std::pair<std::string, Curve>> curves;
  CollectCurves(policy.scoring(), "scoring", &curves);
  ASSERT_GE(curves.size(), 16u);
  for (const auto& [name, curve] : curves) {
    SCOPED_TRACE(name);
    const Curve& c = curve;
    for (int i = 0; i < c.size(); ++i) {
      const bool step_start = i + 1 < c.size() && c[i + 1].x() == c[i].x();
      if (!step_start) {
        EXPECT_DOUBLE_EQ(EvaluateCurve(c, c[i].x()), c[i].score());
      }
      if (i + 1 < c.size() && c[i + 1].x() > c[i].x()) {
        const double mid = (c[i].x() + c[i + 1].x()) / 2;
        EXPECT_DOUBLE_EQ(EvaluateCurve(c, mid),
                         (c[i].score() + c[i + 1].score()) / 2);
      }
    }
    EXPECT_DOUBLE_EQ(EvaluateCurve(c, c[0].x() - 1000), c[0].score());
    EXPECT_DOUBLE_EQ(EvaluateCurve(c, c[c.size() - 1].x() + 1000),
                     c[c.size() - 1].score());
  }
}

}  // namespace
}  // namespace trustfit::scoring
