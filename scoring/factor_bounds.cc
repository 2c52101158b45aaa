// The worst and best score each factor can take under the policy (§3.6):
// what a missing input could turn out to be. Curves are flat beyond their end
// points and linear between, so a curve's extremes are among its points.

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "scoring/criteria.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

ScoreBounds Over(std::initializer_list<double> scores) {
  return {std::min(scores), std::max(scores)};
}

ScoreBounds Join(ScoreBounds a, ScoreBounds b) {
  return {std::min(a.worst, b.worst), std::max(a.best, b.best)};
}

ScoreBounds OfCurve(
    const google::protobuf::RepeatedPtrField<v1::CurvePoint>& curve) {
  ScoreBounds bounds{100, 0};
  for (const v1::CurvePoint& point : curve) {
    bounds = Join(bounds, {point.score(), point.score()});
  }
  return bounds;
}

ScoreBounds OfRubric(const v1::RubricScores& s) {
  return Over({s.weak(), s.partly(), s.mostly(), s.strong()});
}

ScoreBounds OfReportCard(const v1::ReportCardScores& s) {
  return Over({s.exceptional(), s.strong_standard(), s.expected_standard(),
               s.needs_attention(), s.urgent_improvement()});
}

ScoreBounds OfInspection(const v1::InspectionGradeScores& grades) {
  return Join(OfCurve(grades.legacy_grade()),
              OfReportCard(grades.report_card()));
}

ScoreBounds OfCapacity(const AssessmentContext& ctx) {
  // The need is largest with both bands Concern and finance a concern too,
  // and smallest with both Strong; the offer is what the school has.
  const CapacityNumbers worst = ComputeCapacity(
      ctx, v1::BAND_CONCERN, v1::BAND_CONCERN, v1::BAND_CONCERN);
  const CapacityNumbers best =
      ComputeCapacity(ctx, v1::BAND_STRONG, v1::BAND_STRONG, v1::BAND_STRONG);
  return Over({*worst.score, *best.score});
}

}  // namespace

std::optional<ScoreBounds> FactorScoreBounds(const AssessmentContext& ctx,
                                             absl::string_view factor) {
  const v1::ScoringRules& r = ctx.rules;
  if (factor == "standards.ofsted") return OfInspection(r.inspection_grades());
  if (factor == "standards.attainment") {
    const auto& a = r.standards().attainment();
    return Join(
        Join(OfCurve(a.progress8()), OfCurve(a.attainment8_vs_national())),
        OfCurve(a.ks2_vs_national()));
  }
  if (factor == "standards.trend") {
    const auto& t = r.standards().trend();
    return Join(
        Join(OfCurve(t.progress8_slope()), OfCurve(t.attainment8_slope())),
        OfCurve(t.ks2_slope()));
  }
  if (factor == "standards.absence")
    return OfCurve(r.standards().absence().curve());
  if (factor == "leadership.headteacher") {
    const auto& h = r.leadership().headteacher();
    return Join(OfCurve(h.substantive_years()),
                Over({h.acting_or_interim_score(), h.vacant_score()}));
  }
  if (factor == "leadership.judgement")
    return OfInspection(r.inspection_grades());
  if (factor == "leadership.governance") return OfRubric(r.rubric_scores());
  if (factor == "leadership.staff_turnover") {
    return OfCurve(r.leadership().staff_turnover().curve());
  }
  if (factor == "finance.in_year_balance") {
    return OfCurve(r.finance().in_year_balance().curve());
  }
  if (factor == "finance.reserves")
    return OfCurve(r.finance().reserves().curve());
  if (factor == "finance.staff_costs") {
    return OfCurve(r.finance().staff_costs().curve());
  }
  if (factor == "finance.pupil_forecast") {
    return OfCurve(r.finance().pupil_forecast().curve());
  }
  if (factor == "ethos.religious_character") {
    const auto& c = r.ethos().religious_character();
    return Over({c.compatible_score(), c.consent_required_score(),
                 c.not_accepted_score()});
  }
  if (factor == "ethos.phase") {
    const auto& p = r.ethos().phase();
    return Over({p.existing_phase_score(), p.new_phase_score()});
  }
  if (factor == "ethos.values_alignment" ||
      factor == "ethos.inclusion_commitment") {
    return OfRubric(r.rubric_scores());
  }
  if (factor == "ethos.suspensions")
    return OfCurve(r.ethos().suspensions().curve());
  if (factor == "location.distance") {
    return OfCurve(r.location().distance().curve());
  }
  if (factor == "location.strategy") {
    const auto& s = r.location().strategy();
    return Over({s.target_area_score(), s.other_area_score()});
  }
  if (factor == "capacity.net_support") return OfCapacity(ctx);
  return std::nullopt;
}

}  // namespace trustfit::scoring
