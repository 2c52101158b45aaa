// Location (§3.1): distance to the nearest school of the cluster, and fit
// with the trust's growth strategy.

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"
#include "scoring/geo.h"
#include "scoring/policy_validation.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

bool ListedIgnoringCase(
    const google::protobuf::RepeatedPtrField<std::string>& list,
    absl::string_view value) {
  const absl::string_view wanted = absl::StripAsciiWhitespace(value);
  if (wanted.empty()) return false;
  for (const std::string& item : list) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(item), wanted))
      return true;
  }
  return false;
}

void ScoreDistance(const AssessmentContext& ctx,
                   const v1::LocationAnalysis& location,
                   v1::CriterionResult* out) {
  const auto& rules = ctx.rules.location();
  v1::FactorResult* f =
      AddFactor(out, "location.distance", rules.distance().weight());
  if (!location.has_distance_km()) {
    MarkMissing(f, ReasonCode::kLocationDataMissing,
                {"location.os_grid", "location.lat_lng"},
                "The school's location was not given, so its distance to the "
                "cluster is unknown.");
    return;
  }
  const double km = location.distance_km();
  const double score = EvaluateCurve(rules.distance().curve(), km);
  const bool within = location.within_cluster_radius();
  MarkScored(
      f, km,
      absl::StrCat(FormatNumber(km, 1), " km to ", location.nearest_name()),
      score,
      within ? ReasonCode::kLocationWithinClusterRadius
             : ReasonCode::kLocationBeyondClusterRadius,
      absl::StrCat(FormatNumber(km, 1), " km from ", location.nearest_name(),
                   ", ", within ? "within" : "beyond", " the ",
                   FormatNumber(rules.cluster_radius_km()),
                   " km cluster radius; scores ", FormatNumber(Round2(score)),
                   "."));
}

void ScoreStrategy(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.location().strategy();
  v1::FactorResult* f = AddFactor(out, "location.strategy", rules.weight());
  const auto& identity = ctx.candidate.identity();
  if (identity.region().empty() && identity.local_authority().empty()) {
    MarkMissing(f, ReasonCode::kLocationStrategyDataMissing,
                {"identity.region", "identity.local_authority"},
                "Neither region nor local authority was given.");
    return;
  }
  const bool la = ListedIgnoringCase(ctx.trust.target_local_authorities(),
                                     identity.local_authority());
  const bool region =
      ListedIgnoringCase(ctx.trust.target_regions(), identity.region());
  const std::string where =
      identity.local_authority().empty() ? identity.region()
      : identity.region().empty()
          ? identity.local_authority()
          : absl::StrCat(identity.local_authority(), ", ", identity.region());
  if (la || region) {
    MarkScored(f, std::nullopt, where, rules.target_area_score(),
               ReasonCode::kLocationInTargetArea,
               absl::StrCat(la ? identity.local_authority() : identity.region(),
                            " is a target ", la ? "local authority" : "region",
                            " for the trust's growth; scores ",
                            FormatNumber(rules.target_area_score()), "."));
    return;
  }
  MarkScored(
      f, std::nullopt, where, rules.other_area_score(),
      ReasonCode::kLocationOutsideTargetArea,
      absl::StrCat(where, " is outside the trust's target areas; scores ",
                   FormatNumber(rules.other_area_score()), "."));
}

}  // namespace

v1::LocationAnalysis AnalyseLocation(const AssessmentContext& ctx) {
  v1::LocationAnalysis analysis;
  const v1::Location& here = ctx.candidate.location();
  std::optional<double> nearest_km;  // Unrounded, so ties go to the first seen.
  auto consider = [&](const v1::Location& there, absl::string_view urn,
                      absl::string_view name) {
    const std::optional<Distance> d = DistanceBetween(here, there);
    if (!d.has_value()) return;
    if (!nearest_km.has_value() || d->km < *nearest_km) {
      nearest_km = d->km;
      analysis.set_distance_km(Round2(d->km));
      analysis.set_nearest_urn(std::string(urn));
      analysis.set_nearest_name(std::string(name));
      analysis.set_method(DistanceMethodName(d->method));
    }
  };
  consider(ctx.cluster.hub(), "", absl::StrCat(ctx.cluster.name(), " hub"));
  for (const auto& member : ctx.cluster.members()) {
    consider(member.location(), member.urn(), member.name());
  }
  analysis.set_within_cluster_radius(
      analysis.has_distance_km() &&
      analysis.distance_km() <= ctx.rules.location().cluster_radius_km());
  return analysis;
}

namespace {

// Reads the distance analysed beforehand from so_far->location().
void ScoreLocation(const AssessmentContext& ctx, v1::Assessment* so_far,
                   v1::CriterionResult* out) {
  const v1::LocationAnalysis& location = so_far->location();
  out->set_criterion(v1::CRITERION_LOCATION);
  out->set_weight(ctx.rules.weights().location());
  ScoreDistance(ctx, location, out);
  ScoreStrategy(ctx, out);
}

void CheckLocationRules(const v1::ScoringRules& rules,
                        const PolicyChecker& lo) {
  const v1::LocationRules& location = rules.location();
  lo.CurveFactor("distance", location.distance(), CurveDirection::kDecreasing);
  if (!(location.cluster_radius_km() > 0))
    lo.Fail("cluster_radius_km", "must be positive");
  const PolicyChecker sg = lo.Sub("strategy");
  sg.Weight("weight", location.strategy().weight());
  sg.Score("target_area_score", location.strategy().target_area_score());
  sg.Score("other_area_score", location.strategy().other_area_score());
  lo.Ordered("strategy",
             {location.strategy().target_area_score(),
              location.strategy().other_area_score()},
             "strategy scores");
}

// The school's coordinates, as the cluster's are checked.
void CheckLocationInput(const v1::Candidate& candidate, CandidateChecker& c) {
  c.Append("location", ValidateLocation(candidate.location()));
}

// The worst and best score of each of its factors (§3.6).
std::optional<ScoreBounds> LocationFactorBounds(const AssessmentContext& ctx,
                                                absl::string_view factor) {
  const v1::LocationRules& r = ctx.rules.location();
  if (factor == "location.distance") return CurveBounds(r.distance().curve());
  if (factor == "location.strategy") {
    return BoundsOver(
        {r.strategy().target_area_score(), r.strategy().other_area_score()});
  }
  return std::nullopt;
}

}  // namespace

CriterionUnit LocationCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_LOCATION;
  unit.id = "location";
  unit.input_section = "location";
  unit.score = &ScoreLocation;
  unit.check_rules = &CheckLocationRules;
  unit.check_input = &CheckLocationInput;
  unit.factor_bounds = &LocationFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
