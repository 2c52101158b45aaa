#include "scoring/outlook.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "scoring/gates.h"
#include "scoring/recommendation.h"
#include "scoring/weighing.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

enum class Side { kWorst, kBest };

// Which missing factors a what-if gives a score, and which side of their
// bounds: every one, only one, or none (the assessment as it is).
struct WhatIf {
  enum Fill { kAll, kOne, kNone };
  Side side;
  Fill fill;
  absl::string_view factor = {};  // For kOne.
  bool Fills(absl::string_view id) const {
    return fill == kAll || (fill == kOne && factor == id);
  }
};

// The overall score and standards band an assessment would have under a
// what-if: the factors it had keep their scores, the filled ones take a
// bound, capacity follows the bands, and the criteria are weighed again.
struct Scenario {
  std::optional<double> overall;
  v1::Band standards_band = v1::BAND_UNSPECIFIED;
};

std::optional<double> FilledScore(const AssessmentContext& ctx,
                                  const v1::FactorResult& factor,
                                  const WhatIf& what_if) {
  if (factor.has_score()) return factor.score();
  if (!what_if.Fills(factor.factor())) return std::nullopt;
  const std::optional<ScoreBounds> bounds =
      FactorScoreBounds(ctx, factor.factor());
  const ScoreBounds b = bounds.value_or(ScoreBounds{0, 100});
  return what_if.side == Side::kWorst ? b.worst : b.best;
}

std::optional<double> CriterionUnder(const AssessmentContext& ctx,
                                     const v1::CriterionResult& criterion,
                                     const WhatIf& what_if) {
  std::vector<WeightedPart> factors;
  for (const auto& f : criterion.factors()) {
    factors.push_back({f.weight(), FilledScore(ctx, f, what_if)});
  }
  const std::vector<double> adjustments =
      criterion.criterion() == v1::CRITERION_FINANCE
          ? FinanceAdjustmentPoints(ctx)
          : std::vector<double>{};
  return CriterionScore(factors, adjustments);
}

std::optional<double> CapacityUnder(const AssessmentContext& ctx,
                                    const v1::CriterionResult& capacity,
                                    std::optional<v1::Band> standards,
                                    std::optional<v1::Band> leadership,
                                    std::optional<v1::Band> finance,
                                    const WhatIf& what_if) {
  const CapacityNumbers numbers =
      ComputeCapacity(ctx, standards, leadership, finance);
  if (numbers.score.has_value()) return Round2(*numbers.score);
  // Still unknown: the capacity factor itself may be what is filled.
  for (const auto& f : capacity.factors()) {
    if (std::optional<double> score = FilledScore(ctx, f, what_if)) {
      return Round2(*score);
    }
  }
  return std::nullopt;
}

Scenario Evaluate(const AssessmentContext& ctx, const v1::Assessment& a,
                  const WhatIf& what_if) {
  std::vector<WeightedPart> criteria;
  std::optional<v1::Band> bands[v1::Criterion_ARRAYSIZE];
  const v1::CriterionResult* capacity = nullptr;
  size_t capacity_index = 0;
  for (const auto& c : a.criteria()) {
    if (c.criterion() == v1::CRITERION_CAPACITY) {
      capacity = &c;
      capacity_index = criteria.size();
      criteria.push_back({c.weight(), std::nullopt});
      continue;
    }
    const std::optional<double> score = CriterionUnder(ctx, c, what_if);
    if (score.has_value())
      bands[c.criterion()] = BandOf(ctx.rules.bands(), *score);
    criteria.push_back({c.weight(), score});
  }
  if (capacity != nullptr) {
    criteria[capacity_index].score = CapacityUnder(
        ctx, *capacity, bands[v1::CRITERION_STANDARDS],
        bands[v1::CRITERION_LEADERSHIP], bands[v1::CRITERION_FINANCE], what_if);
  }
  return {OverallScore(criteria),
          bands[v1::CRITERION_STANDARDS].value_or(v1::BAND_UNSPECIFIED)};
}

// The rules' inputs in the what-if: its score and band, the possible gates
// `gates` firing, an unknown distance beyond (worst) or within (best) the
// radius, an unknown governance stage resolved in the best case.
RecommendationInputs InputsUnder(const RecommendationInputs& now,
                                 const Scenario& scenario, Side side,
                                 const std::vector<const PossibleGate*>& gates,
                                 bool distance_filled, bool stage_filled) {
  RecommendationInputs in = now;
  in.overall = scenario.overall.value_or(0);
  in.standards_band = scenario.standards_band;
  if (side == Side::kWorst) {
    for (const PossibleGate* gate : gates) {
      in.gates.push_back(
          {std::string(ReasonCodeName(gate->gate)), gate->effect});
    }
  }
  if (distance_filled && !in.has_distance) {
    in.has_distance = true;
    in.within_radius = side == Side::kBest;
  }
  if (stage_filled && side == Side::kBest &&
      in.stage == v1::GOVERNANCE_STAGE_UNSPECIFIED) {
    in.stage = v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED;
  }
  return in;
}

// Everything the outlook needs about the assessment as it is.
struct Known {
  const AssessmentContext& ctx;
  const v1::Assessment& assessment;
  RecommendationInputs now;
  std::vector<PossibleGate> possible;
  bool stage_unknown;
  v1::Arrangement provisional;
};

bool ChangesProvisional(const Known& k, absl::string_view factor,
                        const std::vector<const PossibleGate*>& gates,
                        bool stage) {
  const auto& rules = k.ctx.rules.recommendation();
  const bool distance = factor == "location.distance";
  for (Side side : {Side::kWorst, Side::kBest}) {
    const Scenario scenario =
        Evaluate(k.ctx, k.assessment,
                 factor.empty() ? WhatIf{side, WhatIf::kNone}
                                : WhatIf{side, WhatIf::kOne, factor});
    const RecommendationInputs in =
        InputsUnder(k.now, scenario, side, gates, distance, stage);
    if (ChooseArrangement(rules, in).arrangement != k.provisional) return true;
  }
  return false;
}

// One entry of the data to collect: what it is (code, criterion, factor,
// fields, sentence) and what it puts at stake.
struct Collectable {
  absl::string_view code;
  v1::Criterion criterion;
  absl::string_view factor;  // Empty for an input no factor reads.
  std::vector<absl::string_view> fields;
  absl::string_view explanation;
};

void AddCollect(const Known& k, const Collectable& what,
                const std::vector<const PossibleGate*>& gates, bool stage,
                v1::Outlook* outlook) {
  v1::DataToCollect* collect = outlook->add_collect_first();
  collect->set_code(std::string(what.code));
  collect->set_criterion(what.criterion);
  collect->set_factor(std::string(what.factor));
  for (absl::string_view field : what.fields) {
    collect->add_fields(std::string(field));
  }
  collect->set_explanation(std::string(what.explanation));
  const absl::string_view factor = what.factor;
  if (!factor.empty()) {
    const Scenario low =
        Evaluate(k.ctx, k.assessment, {Side::kWorst, WhatIf::kOne, factor});
    const Scenario high =
        Evaluate(k.ctx, k.assessment, {Side::kBest, WhatIf::kOne, factor});
    collect->set_points_at_stake(
        Round2(high.overall.value_or(0) - low.overall.value_or(0)));
  }
  collect->set_can_change_provisional(
      ChangesProvisional(k, factor, gates, stage));
}

std::vector<const PossibleGate*> GatesOf(const Known& k,
                                         absl::string_view factor) {
  std::vector<const PossibleGate*> gates;
  for (const PossibleGate& gate : k.possible) {
    if (gate.factor == factor) gates.push_back(&gate);
  }
  return gates;
}

// The data to collect first: every missing factor, the inputs only gates
// read, and an unknown governance stage, most points at stake first.
void ListDataToCollect(const Known& k, v1::Outlook* outlook) {
  for (const auto& c : k.assessment.criteria()) {
    for (const auto& f : c.factors()) {
      if (f.has_score()) continue;
      const Collectable what{
          f.reason_code(),
          c.criterion(),
          f.factor(),
          {f.missing_fields().begin(), f.missing_fields().end()},
          f.explanation()};
      AddCollect(k, what, GatesOf(k, f.factor()), false, outlook);
    }
  }
  for (const PossibleGate& gate : k.possible) {
    if (!gate.factor.empty()) continue;
    const ReasonCodeInfo& info = GetReasonCodeInfo(gate.missing);
    AddCollect(
        k, {info.name, v1::CRITERION_STANDARDS, "", gate.fields, info.meaning},
        {&gate}, false, outlook);
  }
  if (k.stage_unknown) {
    const ReasonCodeInfo& info =
        GetReasonCodeInfo(ReasonCode::kGovernanceStageDataMissing);
    AddCollect(k,
               {info.name,
                v1::CRITERION_UNSPECIFIED,
                "",
                {"governance.stage"},
                info.meaning},
               {}, true, outlook);
  }
  auto* entries = outlook->mutable_collect_first();
  std::stable_sort(entries->begin(), entries->end(),
                   [](const v1::DataToCollect& x, const v1::DataToCollect& y) {
                     if (x.points_at_stake() != y.points_at_stake())
                       return x.points_at_stake() > y.points_at_stake();
                     return x.can_change_provisional() &&
                            !y.can_change_provisional();
                   });
}

void SetRange(const Known& k, v1::Outlook* outlook) {
  const auto& rules = k.ctx.rules.recommendation();
  const Scenario worst =
      Evaluate(k.ctx, k.assessment, {Side::kWorst, WhatIf::kAll});
  const Scenario best =
      Evaluate(k.ctx, k.assessment, {Side::kBest, WhatIf::kAll});
  outlook->set_min_overall(worst.overall.value_or(0));
  outlook->set_max_overall(best.overall.value_or(0));
  outlook->set_min_band(BandOf(k.ctx.rules.bands(), outlook->min_overall()));
  outlook->set_max_band(BandOf(k.ctx.rules.bands(), outlook->max_overall()));
  std::vector<const PossibleGate*> all;
  for (const PossibleGate& gate : k.possible) all.push_back(&gate);
  const ArrangementChoice low = ChooseArrangement(
      rules, InputsUnder(k.now, worst, Side::kWorst, all, true, true));
  const ArrangementChoice high = ChooseArrangement(
      rules, InputsUnder(k.now, best, Side::kBest, all, true, true));
  outlook->set_worst_arrangement(low.arrangement);
  outlook->set_worst_rule(std::string(ReasonCodeName(low.rule)));
  outlook->set_best_arrangement(high.arrangement);
  outlook->set_best_rule(std::string(ReasonCodeName(high.rule)));
  for (const PossibleGate& gate : k.possible) {
    outlook->add_possible_gates(std::string(ReasonCodeName(gate.gate)));
  }
}

bool AnyFactorMissing(const v1::Assessment& a) {
  for (const auto& c : a.criteria()) {
    for (const auto& f : c.factors()) {
      if (!f.has_score()) return true;
    }
  }
  return false;
}

}  // namespace

void AddOutlook(
    const AssessmentContext& ctx,
    const google::protobuf::RepeatedPtrField<v1::Condition>& conditions,
    v1::Assessment* assessment) {
  const auto& rules = ctx.rules.recommendation();
  v1::Outlook* outlook = assessment->mutable_outlook();
  RecommendationInputs now = RecommendationInputsOf(ctx, *assessment);
  now.apply_completeness_minimum = false;
  *outlook->mutable_provisional() = Recommend(rules, now, conditions);
  outlook->set_is_provisional(assessment->completeness_pct() < 100);

  Known k{
      ctx,
      *assessment,
      now,
      PossibleGates(ctx, *assessment),
      ctx.candidate.governance().stage() == v1::GOVERNANCE_STAGE_UNSPECIFIED,
      outlook->provisional().arrangement()};
  if (!AnyFactorMissing(*assessment) && k.possible.empty() &&
      !k.stage_unknown) {
    // Everything is known: the range has no width.
    outlook->set_min_overall(assessment->overall_score());
    outlook->set_max_overall(assessment->overall_score());
    outlook->set_min_band(assessment->overall_band());
    outlook->set_max_band(assessment->overall_band());
    outlook->set_worst_arrangement(outlook->provisional().arrangement());
    outlook->set_worst_rule(outlook->provisional().rule());
    outlook->set_best_arrangement(outlook->provisional().arrangement());
    outlook->set_best_rule(outlook->provisional().rule());
    return;
  }
  SetRange(k, outlook);
  ListDataToCollect(k, outlook);
}

}  // namespace trustfit::scoring
