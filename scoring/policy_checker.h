// Internal to the scoring library: the helper every policy rule is written
// with.
//
// A PolicyChecker adds violations to a FieldViolations under a path prefix,
// so a rule names its field relative to the section it checks and the
// violation carries the whole path ("scoring.finance.reserves.weight"):
//
//   const PolicyChecker finance = checker.Sub("finance");
//   finance.CurveFactor("reserves", rules.finance().reserves(),
//                       CurveDirection::kIncreasing);
//
// Policy validation (policy_validation.cc) checks the sections shared by the
// whole policy with it; each criterion's file checks that criterion's rules
// (criterion_unit.h).

#ifndef TRUSTFIT_SCORING_POLICY_CHECKER_H_
#define TRUSTFIT_SCORING_POLICY_CHECKER_H_

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "scoring/curve.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Which way a curve's score must move as its input grows.
enum class CurveDirection { kIncreasing, kDecreasing };

// Validates one section of the policy, with paths relative to its prefix.
class PolicyChecker {
 public:
  PolicyChecker(FieldViolations* out, std::string prefix);

  // A checker for the section `name` within this one.
  PolicyChecker Sub(absl::string_view name) const;

  // `name` with this checker's prefix.
  std::string Path(absl::string_view name) const;

  void Fail(absl::string_view field, absl::string_view problem) const;

  void Required(absl::string_view field, const std::string& value) const;

  // Rule: weights are positive.
  void Weight(absl::string_view field, double value) const;

  // Rule: every score lies within 0-100.
  void Score(absl::string_view field, double value) const;

  void Range(absl::string_view field, double value, double lo, double hi) const;

  void NonNegative(absl::string_view field, double value) const;

  // Rule: a curve has at least two points, x never decreases (at most two
  // points share an x, making a step), scores are within 0-100 and move in
  // the direction the curve's meaning demands.
  void CurveShape(absl::string_view field, const Curve& curve,
                  CurveDirection direction) const;

  // A factor scored on a curve: a positive weight and a curve of that shape.
  void CurveFactor(absl::string_view field,
                   const trustfit::v1::CurveFactor& factor,
                   CurveDirection direction) const;

  // Rule: scores that rank outcomes are ordered best first.
  void Ordered(absl::string_view field,
               std::initializer_list<double> best_first,
               absl::string_view what) const;

 private:
  FieldViolations* out_;
  std::string prefix_;
};

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_POLICY_CHECKER_H_
