// Piecewise-linear curves: how a factor's input becomes a 0-100 score.
//
// A curve is a list of (x, score) points in increasing x. Between points the
// score is interpolated linearly; beyond the end points it is flat. Two points
// with the same x make a step, and the later one applies at x itself, so
// "reserves below 0% score 0, at 0% score 20" is written
//   [{x: 0, score: 0}, {x: 0, score: 20}, {x: 5, score: 60}, ...].
//
//   double score = EvaluateCurve(rules.absence().curve(), 5.3);

#ifndef TRUSTFIT_SCORING_CURVE_H_
#define TRUSTFIT_SCORING_CURVE_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

using Curve = google::protobuf::RepeatedPtrField<trustfit::v1::CurvePoint>;

// EvaluateCurve()
//
// The score of `curve` at `x`. The curve must be valid (at least one point,
// x non-decreasing), which policy validation guarantees.
double EvaluateCurve(const Curve& curve, double x);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CURVE_H_
