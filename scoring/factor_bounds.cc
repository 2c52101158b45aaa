// The worst and best score each factor can take under the policy (§3.6):
// what a missing input could turn out to be. Each criterion's unit bounds
// its own factors with the helpers here.

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"

namespace trustfit::scoring {

namespace v1 = ::trustfit::v1;

ScoreBounds BoundsOver(std::initializer_list<double> scores) {
  return {std::min(scores), std::max(scores)};
}

ScoreBounds JoinBounds(ScoreBounds a, ScoreBounds b) {
  return {std::min(a.worst, b.worst), std::max(a.best, b.best)};
}

ScoreBounds CurveBounds(const Curve& curve) {
  ScoreBounds bounds{100, 0};
  for (const v1::CurvePoint& point : curve) {
    bounds = JoinBounds(bounds, {point.score(), point.score()});
  }
  return bounds;
}

ScoreBounds RubricBounds(const v1::RubricScores& s) {
  return BoundsOver({s.weak(), s.partly(), s.mostly(), s.strong()});
}

ScoreBounds InspectionBounds(const v1::InspectionGradeScores& grades) {
  const v1::ReportCardScores& s = grades.report_card();
  return JoinBounds(
      CurveBounds(grades.legacy_grade()),
      BoundsOver({s.exceptional(), s.strong_standard(), s.expected_standard(),
                  s.needs_attention(), s.urgent_improvement()}));
}

std::optional<ScoreBounds> FactorScoreBounds(const AssessmentContext& ctx,
                                             absl::string_view factor) {
  for (const CriterionUnit& unit : CriterionUnits()) {
    std::optional<ScoreBounds> bounds = unit.factor_bounds(ctx, factor);
    if (bounds.has_value()) return bounds;
  }
  return std::nullopt;
}

}  // namespace trustfit::scoring
