#include "scoring/recommendation.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/policy.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using Rules = v1::RecommendationRules;
using Choice = std::optional<ArrangementChoice>;

std::vector<absl::string_view> GateCodes(const RecommendationInputs& in,
                                         v1::GateEffect effect) {
  std::vector<absl::string_view> codes;
  for (const GateFact& gate : in.gates) {
    if (gate.effect == effect) codes.push_back(gate.code);
  }
  return codes;
}

bool Resolved(const RecommendationInputs& in) {
  return in.stage >= v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED;
}

bool BeyondRadius(const RecommendationInputs& in) {
  return in.has_distance && !in.within_radius;
}

bool Offers(const Rules& rules, const RecommendationInputs& in) {
  return in.offer_days >= rules.strategic_min_offer_days() ||
         in.strategic_specialism;
}

// The rules of §3.5, in order; each says whether it applies.

// 1. Too little is known.
Choice InsufficientData(const Rules& rules, const RecommendationInputs& in) {
  if (!in.apply_completeness_minimum ||
      in.completeness_pct >= rules.minimum_completeness_pct()) {
    return std::nullopt;
  }
  return ArrangementChoice{v1::ARRANGEMENT_INSUFFICIENT_DATA,
                           ReasonCode::kRuleInsufficientData};
}

// 2. A gate forbids any arrangement.
Choice GateBlocksAll(const Rules&, const RecommendationInputs& in) {
  if (GateCodes(in, v1::GATE_EFFECT_BLOCKS_ALL).empty()) return std::nullopt;
  return ArrangementChoice{v1::ARRANGEMENT_NOT_RECOMMENDED,
                           ReasonCode::kRuleGateBlocksAll};
}

// 3. A gate caps the arrangement at partner.
Choice GateCapsAtPartner(const Rules&, const RecommendationInputs& in) {
  if (GateCodes(in, v1::GATE_EFFECT_CAPS_AT_PARTNER).empty()) {
    return std::nullopt;
  }
  return ArrangementChoice{v1::ARRANGEMENT_PARTNER,
                           ReasonCode::kRuleGateCapsAtPartner};
}

// 4. Associate with a view to integration.
Choice AssociateIntegration(const Rules& rules,
                            const RecommendationInputs& in) {
  if (in.overall < rules.integration_min_overall() || !in.within_radius ||
      !Resolved(in)) {
    return std::nullopt;
  }
  return ArrangementChoice{v1::ARRANGEMENT_ASSOCIATE_INTEGRATION,
                           ReasonCode::kRuleAssociateIntegration};
}

// 5. Strategic associate: something to offer, or the seed of a new cluster.
// Beyond the radius only Strong standards keep it open (§3.4).
Choice AssociateStrategic(const Rules& rules, const RecommendationInputs& in) {
  const bool strong = in.standards_band == v1::BAND_STRONG;
  if (in.overall >= rules.strategic_min_overall() && Offers(rules, in) &&
      (!BeyondRadius(in) || strong)) {
    return ArrangementChoice{v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
                             ReasonCode::kRuleAssociateStrategic};
  }
  if (BeyondRadius(in) && strong &&
      in.overall >= rules.new_cluster_min_overall()) {
    return ArrangementChoice{v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
                             ReasonCode::kRuleAssociateStrategicNewCluster};
  }
  return std::nullopt;
}

// 6. Trust partnership ("try before you buy").
Choice TrustPartnership(const Rules& rules, const RecommendationInputs& in) {
  if (in.overall < rules.partnership_min_overall()) return std::nullopt;
  return ArrangementChoice{v1::ARRANGEMENT_TRUST_PARTNERSHIP,
                           ReasonCode::kRuleTrustPartnership};
}

// 7. Partner: none of the above.
Choice Partner(const Rules&, const RecommendationInputs&) {
  return ArrangementChoice{v1::ARRANGEMENT_PARTNER, ReasonCode::kRulePartner};
}

int ReviewMonths(const Rules& rules, v1::Arrangement arrangement) {
  const v1::ArrangementTerms* terms = FindArrangementTerms(rules, arrangement);
  return terms == nullptr ? 0 : terms->review_months();
}

std::string ExplainIntegration(const Rules& rules,
                               const RecommendationInputs& in) {
  const bool phase2 = in.stage >= v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED;
  return absl::StrCat(
      "Associate with a view to integration: overall ",
      FormatNumber(in.overall), " is at least ",
      FormatNumber(rules.integration_min_overall()),
      ", the school is within the cluster radius and its governors have "
      "resolved to join. Phase ",
      phase2 ? 2 : 1, " (",
      phase2 ? "from the Regional Director's authorisation until the school "
               "academises"
             : "until the Regional Director authorises the conversion",
      ").");
}

std::string ExplainStrategic(const Rules& rules,
                             const RecommendationInputs& in) {
  return absl::StrCat(
      "Strategic associate: overall ", FormatNumber(in.overall),
      " is at least ", FormatNumber(rules.strategic_min_overall()),
      " and the school offers ",
      in.strategic_specialism ? "a strategic specialism" : "executive capacity",
      " (", FormatNumber(in.offer_days),
      " days of support a year). No defined integration period; reviewed "
      "every ",
      ReviewMonths(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC), " months.");
}

std::string ExplainNewCluster(const Rules& rules,
                              const RecommendationInputs& in) {
  return absl::StrCat(
      "Strategic associate that could seed a new cluster: beyond the cluster "
      "radius with Strong standards and overall ",
      FormatNumber(in.overall), " of at least ",
      FormatNumber(rules.new_cluster_min_overall()),
      ". No defined integration period; reviewed every ",
      ReviewMonths(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC), " months.");
}

std::string ExplainPartnership(const Rules& rules,
                               const RecommendationInputs& in) {
  const std::string hint =
      in.overall >= rules.integration_min_overall() && in.within_radius &&
              !Resolved(in)
          ? " It would qualify as an integrating associate once its "
            "governors resolve to join."
          : "";
  const v1::ArrangementTerms* terms =
      FindArrangementTerms(rules, v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  return absl::StrCat(
      "Trust partnership: overall ", FormatNumber(in.overall), " is at least ",
      FormatNumber(rules.partnership_min_overall()),
      "; a time-limited partnership of ", terms->default_months(),
      " months (at most ", terms->max_months(),
      ") under a service level agreement.", hint);
}

// The rule that chose, in words a governor can read.
std::string Explain(const Rules& rules, const RecommendationInputs& in,
                    ReasonCode rule) {
  switch (rule) {
    case ReasonCode::kRuleInsufficientData:
      return absl::StrCat(
          "Only ", FormatNumber(in.completeness_pct),
          "% of the assessment's weight had data, below the ",
          FormatNumber(rules.minimum_completeness_pct()),
          "% minimum: collect what missing_data lists and assess again.");
    case ReasonCode::kRuleGateBlocksAll:
      return absl::StrCat(
          "Not recommended: ",
          absl::StrJoin(GateCodes(in, v1::GATE_EFFECT_BLOCKS_ALL), " and "),
          " forbids any arrangement; see the gate's action for what to do "
          "instead.");
    case ReasonCode::kRuleGateCapsAtPartner:
      return absl::StrCat(
          "Partner: ",
          absl::StrJoin(GateCodes(in, v1::GATE_EFFECT_CAPS_AT_PARTNER),
                        " and "),
          " rules out an associate arrangement, so bespoke support comes "
          "first.");
    case ReasonCode::kRuleAssociateIntegration:
      return ExplainIntegration(rules, in);
    case ReasonCode::kRuleAssociateStrategic:
      return ExplainStrategic(rules, in);
    case ReasonCode::kRuleAssociateStrategicNewCluster:
      return ExplainNewCluster(rules, in);
    case ReasonCode::kRuleTrustPartnership:
      return ExplainPartnership(rules, in);
    default:
      return absl::StrCat(
          "Partner: overall ", FormatNumber(in.overall), " is below ",
          FormatNumber(rules.partnership_min_overall()),
          ", so bespoke support akin to a school-to-school support contract "
          "comes first.");
  }
}

v1::Band StandardsBand(const v1::Assessment& assessment) {
  for (const auto& c : assessment.criteria()) {
    if (c.criterion() == v1::CRITERION_STANDARDS) return c.band();
  }
  return v1::BAND_UNSPECIFIED;
}

}  // namespace

RecommendationInputs RecommendationInputsOf(const AssessmentContext& ctx,
                                            const v1::Assessment& assessment) {
  RecommendationInputs in;
  in.overall = assessment.overall_score();
  in.completeness_pct = assessment.completeness_pct();
  for (const auto& gate : assessment.gates()) {
    in.gates.push_back({gate.code(), gate.effect()});
  }
  in.has_distance = assessment.location().has_distance_km();
  in.within_radius = assessment.location().within_cluster_radius();
  in.stage = ctx.candidate.governance().stage();
  in.standards_band = StandardsBand(assessment);
  in.offer_days = assessment.capacity().offer_days();
  in.strategic_specialism = assessment.capacity().strategic_specialism();
  return in;
}

ArrangementChoice ChooseArrangement(const Rules& rules,
                                    const RecommendationInputs& in) {
  for (auto rule :
       {InsufficientData, GateBlocksAll, GateCapsAtPartner,
        AssociateIntegration, AssociateStrategic, TrustPartnership}) {
    if (Choice choice = rule(rules, in)) return *choice;
  }
  return *Partner(rules, in);
}

v1::Recommendation Recommend(
    const Rules& rules, const RecommendationInputs& in,
    const google::protobuf::RepeatedPtrField<v1::Condition>& conditions) {
  const ArrangementChoice choice = ChooseArrangement(rules, in);
  v1::Recommendation out;
  out.set_arrangement(choice.arrangement);
  out.set_rule(std::string(ReasonCodeName(choice.rule)));
  out.set_explanation(Explain(rules, in, choice.rule));
  if (const v1::ArrangementTerms* terms =
          FindArrangementTerms(rules, choice.arrangement)) {
    out.set_term_months(terms->default_months());
    out.set_review_months(terms->review_months());
  }
  if (choice.arrangement == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION) {
    out.set_associate_phase(in.stage >= v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED
                                ? v1::ASSOCIATE_PHASE_2
                                : v1::ASSOCIATE_PHASE_1);
  }
  // Conditions go with any arrangement that can go ahead.
  if (choice.rule != ReasonCode::kRuleInsufficientData &&
      choice.rule != ReasonCode::kRuleGateBlocksAll) {
    *out.mutable_conditions() = conditions;
  }
  return out;
}

int ArrangementRank(v1::Arrangement arrangement) {
  switch (arrangement) {
    case v1::ARRANGEMENT_NOT_RECOMMENDED:
      return 1;
    case v1::ARRANGEMENT_PARTNER:
      return 2;
    case v1::ARRANGEMENT_TRUST_PARTNERSHIP:
      return 3;
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return 4;
    case v1::ARRANGEMENT_ASSOCIATE_INTEGRATION:
      return 5;
    default:
      return 0;
  }
}

bool IsQuotable(v1::Arrangement arrangement) {
  return ArrangementRank(arrangement) >=
         ArrangementRank(v1::ARRANGEMENT_PARTNER);
}

v1::Arrangement NextBetterArrangement(v1::Arrangement arrangement) {
  switch (arrangement) {
    case v1::ARRANGEMENT_NOT_RECOMMENDED:
      return v1::ARRANGEMENT_PARTNER;
    case v1::ARRANGEMENT_PARTNER:
      return v1::ARRANGEMENT_TRUST_PARTNERSHIP;
    case v1::ARRANGEMENT_TRUST_PARTNERSHIP:
      return v1::ARRANGEMENT_ASSOCIATE_STRATEGIC;
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return v1::ARRANGEMENT_ASSOCIATE_INTEGRATION;
    default:
      return v1::ARRANGEMENT_UNSPECIFIED;
  }
}

}  // namespace trustfit::scoring
