#include "scoring/weighing.h"

#include <algorithm>
#include <cstddef>

#include "scoring/rounding.h"

namespace trustfit::scoring {

std::optional<double> WeightedMean(absl::Span<const WeightedPart> parts) {
  double present_weight = 0, weighted = 0;
  for (const WeightedPart& part : parts) {
    if (!part.score.has_value()) continue;
    present_weight += part.weight;
    weighted += part.weight * *part.score;
  }
  if (present_weight == 0) return std::nullopt;
  return weighted / present_weight;
}

std::optional<double> CriterionScore(absl::Span<const WeightedPart> factors,
                                     absl::Span<const double> adjustments,
                                     double* applied) {
  const std::optional<double> mean = WeightedMean(factors);
  if (!mean.has_value()) return std::nullopt;
  double adjusted = *mean;
  for (size_t i = 0; i < adjustments.size(); ++i) {
    const double before = adjusted;
    adjusted = std::clamp(adjusted + adjustments[i], 0.0, 100.0);
    if (applied != nullptr) applied[i] = adjusted - before;
  }
  return Round2(adjusted);
}

std::optional<double> OverallScore(absl::Span<const WeightedPart> criteria) {
  const std::optional<double> mean = WeightedMean(criteria);
  if (!mean.has_value()) return std::nullopt;
  return Round2(*mean);
}

}  // namespace trustfit::scoring
