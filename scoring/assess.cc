#include "scoring/assess.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_format.h"
#include "scoring/candidate_validation.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/gates.h"
#include "scoring/outlook.h"
#include "scoring/policy_validation.h"
#include "scoring/recommendation.h"
#include "scoring/status_macros.h"
#include "scoring/weighing.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

// Effective weights are shares (0-1); four decimals are plenty to read them.
double Round4(double value) { return RoundDecimal(value, 4); }

// A criterion's factors, or an assessment's criteria, as numbers; inline
// because there are a handful and this runs seven times an assessment.
using WeightedPartList = absl::InlinedVector<WeightedPart, 8>;

template <typename Parts>
WeightedPartList WeightedParts(const Parts& parts) {
  WeightedPartList out;
  out.reserve(parts.size());
  for (const auto& part : parts) {
    out.push_back({part.weight(), part.has_score()
                                      ? std::optional<double>(part.score())
                                      : std::nullopt});
  }
  return out;
}

// Share of the parts' weight that had data, 0-100 (§3.3).
double CompletenessPct(absl::Span<const WeightedPart> parts) {
  double total = 0, present = 0;
  for (const WeightedPart& part : parts) {
    total += part.weight;
    if (part.score.has_value()) present += part.weight;
  }
  return total > 0 ? 100.0 * present / total : 0;
}

// A criterion is the weighted mean of the factors that had data, plus its
// adjustments (a PFI penalty), within 0-100 (§3.1).
void WeighCriterion(const v1::Bands& bands, v1::CriterionResult* criterion) {
  const WeightedPartList factors = WeightedParts(criterion->factors());
  criterion->set_completeness_pct(Round2(CompletenessPct(factors)));
  std::vector<double> adjustments;
  for (const auto& adjustment : criterion->adjustments()) {
    adjustments.push_back(adjustment.criterion_points());
  }
  std::vector<double> applied(adjustments.size());
  const std::optional<double> score =
      CriterionScore(factors, adjustments, applied.data());
  if (!score.has_value()) {
    criterion->clear_adjustments();  // Nothing to adjust without data.
    return;
  }
  double present_weight = 0;
  for (const WeightedPart& f : factors) {
    if (f.score.has_value()) present_weight += f.weight;
  }
  for (auto& f : *criterion->mutable_factors()) {
    if (f.has_score())
      f.set_effective_weight(Round4(f.weight() / present_weight));
  }
  for (int i = 0; i < criterion->adjustments_size(); ++i) {
    // What the adjustment really changed once clamped at 0.
    criterion->mutable_adjustments(i)->set_criterion_points(Round2(applied[i]));
  }
  criterion->set_score(*score);
  criterion->set_band(BandOf(bands, *score));
}

// The overall score is the weighted mean of the criteria that had data; each
// factor's points are its share of it (§3.2).
void WeighOverall(const v1::Bands& bands, v1::Assessment* a) {
  const WeightedPartList criteria = WeightedParts(a->criteria());
  double total_weight = 0, present_weight = 0, completeness = 0;
  for (const auto& c : a->criteria()) {
    total_weight += c.weight();
    completeness += c.weight() * c.completeness_pct();
    if (c.has_score()) present_weight += c.weight();
  }
  a->set_completeness_pct(Round2(completeness / total_weight));
  const std::optional<double> overall = OverallScore(criteria);
  if (!overall.has_value()) return;
  a->set_overall_score(*overall);
  a->set_overall_band(BandOf(bands, *overall));
  for (auto& c : *a->mutable_criteria()) {
    if (!c.has_score()) continue;
    const double share = c.weight() / present_weight;
    c.set_effective_weight(Round4(share));
    c.set_points(Round2(c.score() * share));
    for (auto& f : *c.mutable_factors()) {
      if (!f.has_score()) continue;
      const double overall_share = share * f.effective_weight();
      f.set_points(Round2(f.score() * overall_share));
      f.set_points_lost(Round2((100.0 - f.score()) * overall_share));
    }
    for (auto& adjustment : *c.mutable_adjustments()) {
      adjustment.set_points(Round2(adjustment.criterion_points() * share));
    }
  }
}

// A candidate reason: where it comes from and its points, so that sorting
// moves pointers rather than messages.
struct ReasonSource {
  double points;
  v1::Criterion criterion;
  const v1::FactorResult* factor;    // Either a factor,
  const v1::Adjustment* adjustment;  // or an adjustment (always against).
};

void AddReason(const ReasonSource& source, v1::Reason* reason) {
  reason->set_criterion(source.criterion);
  reason->set_points(source.points);
  if (source.factor != nullptr) {
    reason->set_code(source.factor->reason_code());
    reason->set_factor(source.factor->factor());
    reason->set_explanation(source.factor->explanation());
    reason->set_direction(source.factor->direction());
  } else {
    reason->set_code(source.adjustment->reason_code());
    reason->set_explanation(source.adjustment->explanation());
    reason->set_direction(v1::REASON_DIRECTION_ADVERSE);
  }
}

// The `top` reasons of one list, most points first (`ascending` for the
// negative points of reasons against); ties keep criterion and factor order,
// so the result is deterministic.
void AddTopReasons(std::vector<ReasonSource> sources, bool ascending, int top,
                   google::protobuf::RepeatedPtrField<v1::Reason>* out) {
  std::stable_sort(sources.begin(), sources.end(),
                   [ascending](const auto& x, const auto& y) {
                     return ascending ? x.points < y.points
                                      : x.points > y.points;
                   });
  for (int i = 0; i < std::min<int>(top, sources.size()); ++i) {
    AddReason(sources[i], out->Add());
  }
}

// Reasons for (favourable factors, by the points they add), against (adverse
// factors by the points they cost, and penalties) and to consider (neutral
// factors, by the points they add), §3.2.
void ListReasons(int top, v1::Assessment* a) {
  std::vector<ReasonSource> for_reasons, against_reasons, to_consider;
  for (const auto& c : a->criteria()) {
    for (const auto& f : c.factors()) {
      if (!f.has_score()) continue;
      switch (f.direction()) {
        case v1::REASON_DIRECTION_FAVOURABLE:
          for_reasons.push_back({f.points(), c.criterion(), &f, nullptr});
          break;
        case v1::REASON_DIRECTION_ADVERSE:
          against_reasons.push_back(
              {-f.points_lost(), c.criterion(), &f, nullptr});
          break;
        default:
          to_consider.push_back({f.points(), c.criterion(), &f, nullptr});
          break;
      }
    }
    for (const auto& adjustment : c.adjustments()) {
      if (adjustment.points() == 0) continue;
      against_reasons.push_back(
          {adjustment.points(), c.criterion(), nullptr, &adjustment});
    }
  }
  AddTopReasons(std::move(for_reasons), false, top, a->mutable_reasons_for());
  AddTopReasons(std::move(against_reasons), true, top,
                a->mutable_reasons_against());
  AddTopReasons(std::move(to_consider), false, top,
                a->mutable_reasons_to_consider());
}

// Every input a factor wanted and did not get (§3.3).
void ListMissingData(v1::Assessment* a) {
  for (const auto& c : a->criteria()) {
    for (const auto& f : c.factors()) {
      if (f.has_score()) continue;
      v1::MissingData* missing = a->add_missing_data();
      missing->set_code(f.reason_code());
      missing->set_criterion(c.criterion());
      missing->set_factor(f.factor());
      *missing->mutable_fields() = f.missing_fields();
      missing->set_explanation(f.explanation());
    }
  }
}

}  // namespace

absl::Status AssessInto(const Policy& policy, const v1::Candidate& candidate,
                        const v1::Cluster& cluster, v1::Assessment* out,
                        const AssessOptions& options) {
  FieldViolations violations;
  violations.Append("candidate", ValidateCandidate(candidate));
  violations.Append("cluster", ValidateCluster(cluster));
  if (!violations.empty())
    return violations.ToStatus("invalid assessment request");

  out->Clear();
  const v1::ScoringRules& rules = policy.scoring();
  const AssessmentContext ctx{rules, policy.proto().trust(), cluster,
                              candidate};
  out->set_urn(candidate.identity().urn());
  out->set_name(candidate.identity().name());
  out->set_cluster_id(cluster.id());
  *out->mutable_location() = AnalyseLocation(ctx);

  // The criteria, in the order of the product's table, each weighed before
  // the next is scored: capacity reads the bands of those before it.
  for (const CriterionUnit& unit : CriterionUnits()) {
    v1::CriterionResult* criterion = out->add_criteria();
    unit.score(ctx, out, criterion);
    WeighCriterion(rules.bands(), criterion);
  }

  WeighOverall(rules.bands(), out);
  ListReasons(rules.recommendation().top_reasons(), out);
  ListMissingData(out);

  google::protobuf::RepeatedPtrField<v1::Condition> conditions;
  EvaluateGates(ctx, out, &conditions);
  *out->mutable_recommendation() = Recommend(
      rules.recommendation(), RecommendationInputsOf(ctx, *out), conditions);
  if (options.outlook) AddOutlook(ctx, conditions, out);
  *out->mutable_policy() = policy.ref();
  return absl::OkStatus();
}

absl::StatusOr<v1::Assessment> Assess(const Policy& policy,
                                      const v1::Candidate& candidate,
                                      const v1::Cluster& cluster) {
  v1::Assessment assessment;
  TRUSTFIT_RETURN_IF_ERROR(AssessInto(policy, candidate, cluster, &assessment));
  return assessment;
}

}  // namespace trustfit::scoring
