// Capacity (§3.1): whether the school supports or drains its cluster, in
// days of executive support per year, and whether the cluster can give them.

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

double NeedForBand(const v1::BandDays& days, v1::Band band) {
  switch (band) {
    case v1::BAND_STRONG:
      return days.strong();
    case v1::BAND_SECURE:
      return days.secure();
    case v1::BAND_DEVELOPING:
      return days.developing();
    default:
      return days.concern();
  }
}

std::optional<v1::Band> BandIfScored(const v1::CriterionResult& criterion) {
  if (!criterion.has_score()) return std::nullopt;
  return criterion.band();
}

}  // namespace

CapacityNumbers ComputeCapacity(const AssessmentContext& ctx,
                                std::optional<v1::Band> standards,
                                std::optional<v1::Band> leadership,
                                std::optional<v1::Band> finance) {
  const auto& rules = ctx.rules.capacity();
  const auto& leaders = ctx.candidate.leadership();
  CapacityNumbers numbers;
  // Offer: system leaders and specialisms. Missing counts offer nothing.
  numbers.offer_days =
      leaders.national_leaders_of_education() * rules.national_leader_days() +
      leaders.local_leaders_of_education() * rules.local_leader_days() +
      leaders.specialist_leaders_of_education() *
          rules.specialist_leader_days();
  for (int specialism : ctx.candidate.identity().specialisms()) {
    const auto& offers = rules.specialisms();
    auto it = std::find_if(offers.begin(), offers.end(),
                           [&](const v1::SpecialismOffer& o) {
                             return o.specialism() == specialism;
                           });
    if (it == offers.end()) {
      numbers.offer_days += rules.other_specialism_days();
    } else {
      numbers.offer_days += it->days();
      numbers.strategic_specialism =
          numbers.strategic_specialism || it->strategic();
    }
  }
  numbers.spare_days =
      ctx.cluster.support_capacity_days() - ctx.cluster.committed_days();
  if (!standards.has_value() && !leadership.has_value()) return numbers;

  // Need: the larger of the standards and leadership bands' days, plus extra
  // when finance is a concern.
  double need = 0;
  for (const std::optional<v1::Band>& band : {standards, leadership}) {
    if (band.has_value())
      need = std::max(need, NeedForBand(rules.need_days_by_band(), *band));
  }
  if (finance == v1::BAND_CONCERN) need += rules.finance_concern_extra_days();
  numbers.need_days = need;
  numbers.net_days = numbers.offer_days - need;
  numbers.score = EvaluateCurve(rules.net_days(), *numbers.net_days);
  return numbers;
}

namespace {

// A criterion scored before capacity; unscored when it is not there.
const v1::CriterionResult& ScoredSoFar(const v1::Assessment& so_far,
                                       v1::Criterion criterion) {
  for (const v1::CriterionResult& c : so_far.criteria()) {
    if (c.criterion() == criterion) return c;
  }
  return v1::CriterionResult::default_instance();
}

// Reads the bands of standards, leadership and finance from `so_far` and
// fills its capacity analysis (need, offer, net, cluster utilisation).
void ScoreCapacity(const AssessmentContext& ctx, v1::Assessment* so_far,
                   v1::CriterionResult* out) {
  const v1::CriterionResult& standards =
      ScoredSoFar(*so_far, v1::CRITERION_STANDARDS);
  const v1::CriterionResult& leadership =
      ScoredSoFar(*so_far, v1::CRITERION_LEADERSHIP);
  const v1::CriterionResult& finance =
      ScoredSoFar(*so_far, v1::CRITERION_FINANCE);
  v1::CapacityAnalysis* analysis = so_far->mutable_capacity();
  out->set_criterion(v1::CRITERION_CAPACITY);
  out->set_weight(ctx.rules.weights().capacity());
  const CapacityNumbers numbers =
      ComputeCapacity(ctx, BandIfScored(standards), BandIfScored(leadership),
                      BandIfScored(finance));
  analysis->set_offer_days(numbers.offer_days);
  analysis->set_strategic_specialism(numbers.strategic_specialism);
  analysis->set_cluster_spare_days(numbers.spare_days);

  v1::FactorResult* f = AddFactor(out, "capacity.net_support", 1);
  if (!numbers.score.has_value()) {
    MarkMissing(
        f, ReasonCode::kCapacityDataMissing, {"standards", "leadership"},
        "Neither standards nor leadership could be scored, so the support the "
        "school needs is unknown.");
    return;
  }
  std::vector<std::string> because;
  for (const v1::CriterionResult* c : {&standards, &leadership}) {
    if (!c->has_score()) continue;
    because.push_back(absl::StrCat(c == &standards ? "standards" : "leadership",
                                   " ", BandName(c->band())));
  }
  if (finance.has_score() && finance.band() == v1::BAND_CONCERN) {
    because.push_back("finance Concern");
  }
  const double offer = numbers.offer_days;
  const double need = *numbers.need_days;
  const double net = *numbers.net_days;
  analysis->set_need_days(need);
  analysis->set_net_days(net);

  const double net_need = std::max(0.0, -net);
  const double capacity_days = ctx.cluster.support_capacity_days();
  if (capacity_days > 0) {
    analysis->set_utilisation_pct(Round2(
        100.0 * (ctx.cluster.committed_days() + net_need) / capacity_days));
  }
  // Days missing = need - offer - spare (§3.4); spare is negative when the
  // cluster is already over-committed, and a contributor can cover that.
  analysis->set_overstretched(-net - numbers.spare_days > 0);

  const double score = *numbers.score;
  const bool contributor = net >= 0;
  MarkScored(f, net,
             absl::StrCat("offers ", FormatNumber(offer), ", needs ",
                          FormatNumber(need), " days a year"),
             score,
             contributor ? ReasonCode::kCapacityNetContributor
                         : ReasonCode::kCapacityNetDrain,
             absl::StrCat(
                 "The school can offer ", FormatNumber(offer),
                 " days of support a year and needs ", FormatNumber(need), " (",
                 absl::StrJoin(because, ", "),
                 "): ", contributor ? "a net contribution of" : "a net need of",
                 " ", FormatNumber(std::abs(net)), " days; scores ",
                 FormatNumber(Round2(score)), "."));
}

void CheckCapacityRules(const v1::ScoringRules& rules,
                        const PolicyChecker& ca) {
  const v1::CapacityRules& capacity = rules.capacity();
  const auto& need = capacity.need_days_by_band();
  const PolicyChecker nd = ca.Sub("need_days_by_band");
  nd.NonNegative("strong", need.strong());
  nd.NonNegative("secure", need.secure());
  nd.NonNegative("developing", need.developing());
  nd.NonNegative("concern", need.concern());
  if (!(need.strong() <= need.secure() && need.secure() <= need.developing() &&
        need.developing() <= need.concern())) {
    ca.Fail("need_days_by_band",
            "a weaker band must never need fewer days: strong <= secure <= "
            "developing <= concern");
  }
  ca.NonNegative("finance_concern_extra_days",
                 capacity.finance_concern_extra_days());
  ca.NonNegative("national_leader_days", capacity.national_leader_days());
  ca.NonNegative("local_leader_days", capacity.local_leader_days());
  ca.NonNegative("specialist_leader_days", capacity.specialist_leader_days());
  ca.NonNegative("other_specialism_days", capacity.other_specialism_days());
  std::set<int> specialisms;
  for (int i = 0; i < capacity.specialisms_size(); ++i) {
    const PolicyChecker sp = ca.Sub(absl::StrCat("specialisms[", i, "]"));
    const auto& offer = capacity.specialisms(i);
    if (offer.specialism() == v1::SPECIALISM_UNSPECIFIED) {
      sp.Fail("specialism", "must name a specialism");
    } else if (!specialisms.insert(offer.specialism()).second) {
      sp.Fail("specialism", "listed more than once");
    }
    sp.NonNegative("days", offer.days());
  }
  ca.CurveShape("net_days", capacity.net_days(), CurveDirection::kIncreasing);
}

// The system leaders the school can offer (its specialisms are checked with
// its identity).
void CheckCapacityInput(const v1::Candidate& candidate, CandidateChecker& c) {
  const v1::Leadership& l = candidate.leadership();
  c.NonNegative("leadership.national_leaders_of_education",
                l.has_national_leaders_of_education(),
                l.national_leaders_of_education());
  c.NonNegative("leadership.local_leaders_of_education",
                l.has_local_leaders_of_education(),
                l.local_leaders_of_education());
  c.NonNegative("leadership.specialist_leaders_of_education",
                l.has_specialist_leaders_of_education(),
                l.specialist_leaders_of_education());
}

// The worst and best score of its factor (§3.6): the need is largest with
// both bands Concern and finance a concern too, and smallest with both
// Strong; the offer is what the school has.
std::optional<ScoreBounds> CapacityFactorBounds(const AssessmentContext& ctx,
                                                absl::string_view factor) {
  if (factor != "capacity.net_support") return std::nullopt;
  const CapacityNumbers worst = ComputeCapacity(
      ctx, v1::BAND_CONCERN, v1::BAND_CONCERN, v1::BAND_CONCERN);
  const CapacityNumbers best =
      ComputeCapacity(ctx, v1::BAND_STRONG, v1::BAND_STRONG, v1::BAND_STRONG);
  return BoundsOver({*worst.score, *best.score});
}

}  // namespace

CriterionUnit CapacityCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_CAPACITY;
  unit.id = "capacity";
  // The system leaders it counts are in the leadership section.
  unit.input_section = "leadership";
  unit.score = &ScoreCapacity;
  unit.check_rules = &CheckCapacityRules;
  unit.check_input = &CheckCapacityInput;
  unit.factor_bounds = &CapacityFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
