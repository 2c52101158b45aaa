#include "scoring/policy_checker.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace trustfit::scoring {

PolicyChecker::PolicyChecker(FieldViolations* out, std::string prefix)
    : out_(out), prefix_(std::move(prefix)) {}

PolicyChecker PolicyChecker::Sub(absl::string_view name) const {
  return PolicyChecker(out_, Path(name));
}

std::string PolicyChecker::Path(absl::string_view name) const {
  return prefix_.empty() ? std::string(name) : absl::StrCat(prefix_, ".", name);
}

void PolicyChecker::Fail(absl::string_view field,
                         absl::string_view problem) const {
  out_->Add(Path(field), problem);
}

void PolicyChecker::Required(absl::string_view field,
                             const std::string& value) const {
  if (value.empty()) Fail(field, "required");
}

void PolicyChecker::Weight(absl::string_view field, double value) const {
  if (!(value > 0)) Fail(field, "weight must be positive");
}

void PolicyChecker::Score(absl::string_view field, double value) const {
  if (!(value >= 0 && value <= 100)) Fail(field, "score must be within 0-100");
}

void PolicyChecker::Range(absl::string_view field, double value, double lo,
                          double hi) const {
  if (!(value >= lo && value <= hi)) {
    Fail(field, absl::StrFormat("must be within %g-%g", lo, hi));
  }
}

void PolicyChecker::NonNegative(absl::string_view field, double value) const {
  if (!(value >= 0)) Fail(field, "must not be negative");
}

void PolicyChecker::CurveShape(absl::string_view field, const Curve& curve,
                               CurveDirection direction) const {
  if (curve.size() < 2) {
    Fail(field, "a curve needs at least two points");
    return;
  }
  for (int i = 0; i < curve.size(); ++i) {
    Score(absl::StrCat(field, "[", i, "].score"), curve[i].score());
    if (i == 0) continue;
    const auto& prev = curve[i - 1];
    const auto& point = curve[i];
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (point.x() < prev.x()) {
      Fail(absl::StrCat(at, ".x"), "x must not decrease along the curve");
    } else if (i >= 2 && point.x() == prev.x() &&
               curve[i - 2].x() == point.x()) {
      Fail(absl::StrCat(at, ".x"),
           "at most two points may share an x (a step)");
    }
    const bool wrong_way = direction == CurveDirection::kIncreasing
                               ? point.score() < prev.score()
                               : point.score() > prev.score();
    if (wrong_way) {
      Fail(absl::StrCat(at, ".score"),
           direction == CurveDirection::kIncreasing
               ? "curve must not decrease: a higher input must never score "
                 "lower"
               : "curve must not increase: a higher input must never score "
                 "higher");
    }
  }
}

void PolicyChecker::CurveFactor(absl::string_view field,
                                const trustfit::v1::CurveFactor& factor,
                                CurveDirection direction) const {
  Weight(absl::StrCat(field, ".weight"), factor.weight());
  CurveShape(absl::StrCat(field, ".curve"), factor.curve(), direction);
}

void PolicyChecker::Ordered(absl::string_view field,
                            std::initializer_list<double> best_first,
                            absl::string_view what) const {
  double previous = *best_first.begin();
  for (double value : best_first) {
    if (value > previous) {
      Fail(field, absl::StrCat(what, " must be ordered from best to worst"));
      return;
    }
    previous = value;
  }
}

}  // namespace trustfit::scoring
