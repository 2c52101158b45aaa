// The arithmetic of §3.1-§3.3 on plain numbers, shared by Assess and the
// outlook's what-ifs so that both weigh exactly alike.
//
// A criterion's score is the weighted mean of the scores its factors had,
// then its adjustments (a PFI penalty), each clamped to 0-100; the overall
// score is the weighted mean of the criteria that had a score. Parts without
// a score are left out and the remaining weights renormalised. Both results
// are rounded where they are made (rounding.h).
//
//   std::optional<double> overall = OverallScore({{25, 80.0}, {20, 61.5}});

#ifndef TRUSTFIT_SCORING_WEIGHING_H_
#define TRUSTFIT_SCORING_WEIGHING_H_

#include <optional>

#include "absl/types/span.h"

namespace trustfit::scoring {

// One factor of a criterion, or one criterion of the overall score.
struct WeightedPart {
  double weight;
  std::optional<double> score;  // nullopt: no data.
};

// Weighted mean of the parts with a score, unrounded; nullopt when none has.
std::optional<double> WeightedMean(absl::Span<const WeightedPart> parts);

// CriterionScore()
//
// The criterion's score, rounded, from its factors and the raw points of its
// adjustments applied in order; `applied`, when given, receives what each
// adjustment really changed once clamped. nullopt when no factor had data.
std::optional<double> CriterionScore(absl::Span<const WeightedPart> factors,
                                     absl::Span<const double> adjustments,
                                     double* applied = nullptr);

// OverallScore()
//
// The overall score, rounded, from the criteria; nullopt when none had one.
std::optional<double> OverallScore(absl::Span<const WeightedPart> criteria);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_WEIGHING_H_
