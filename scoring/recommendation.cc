#include "scoring/recommendation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/policy.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

std::vector<std::string> GateCodes(const v1::Assessment& assessment,
                                   v1::GateEffect effect) {
  std::vector<std::string> codes;
  for (const auto& gate : assessment.gates()) {
    if (gate.effect() == effect) codes.push_back(gate.code());
  }
  return codes;
}

v1::Band StandardsBand(const v1::Assessment& assessment) {
  for (const auto& c : assessment.criteria()) {
    if (c.criterion() == v1::CRITERION_STANDARDS) return c.band();
  }
  return v1::BAND_UNSPECIFIED;
}

// Fills the arrangement, its terms and the rule that chose it.
void Choose(const v1::RecommendationRules& rules, v1::Arrangement arrangement,
            ReasonCode rule, std::string explanation, v1::Recommendation* out) {
  out->set_arrangement(arrangement);
  out->set_rule(std::string(ReasonCodeName(rule)));
  out->set_explanation(std::move(explanation));
  if (const v1::ArrangementTerms* terms =
          FindArrangementTerms(rules, arrangement)) {
    out->set_term_months(terms->default_months());
    out->set_review_months(terms->review_months());
  }
}

}  // namespace

v1::Recommendation Recommend(
    const AssessmentContext& ctx, const v1::Assessment& assessment,
    const google::protobuf::RepeatedPtrField<v1::Condition>& conditions) {
  const v1::RecommendationRules& rules = ctx.rules.recommendation();
  const double overall = assessment.overall_score();
  const std::string overall_text = FormatNumber(overall);
  v1::Recommendation out;

  // 1. Too little is known.
  if (assessment.completeness_pct() < rules.minimum_completeness_pct()) {
    Choose(rules, v1::ARRANGEMENT_INSUFFICIENT_DATA,
           ReasonCode::kRuleInsufficientData,
           absl::StrCat(
               "Only ", FormatNumber(assessment.completeness_pct()),
               "% of the assessment's weight had data, below the ",
               FormatNumber(rules.minimum_completeness_pct()),
               "% minimum: collect what missing_data lists and assess again."),
           &out);
    return out;
  }
  // 2. A gate forbids any arrangement.
  if (auto codes = GateCodes(assessment, v1::GATE_EFFECT_BLOCKS_ALL);
      !codes.empty()) {
    Choose(rules, v1::ARRANGEMENT_NOT_RECOMMENDED,
           ReasonCode::kRuleGateBlocksAll,
           absl::StrCat("Not recommended: ", absl::StrJoin(codes, " and "),
                        " forbids any arrangement; see the gate's action for "
                        "what to do instead."),
           &out);
    return out;
  }
  *out.mutable_conditions() = conditions;
  // 3. A gate caps the arrangement at partner.
  if (auto codes = GateCodes(assessment, v1::GATE_EFFECT_CAPS_AT_PARTNER);
      !codes.empty()) {
    Choose(rules, v1::ARRANGEMENT_PARTNER, ReasonCode::kRuleGateCapsAtPartner,
           absl::StrCat("Partner: ", absl::StrJoin(codes, " and "),
                        " rules out an associate arrangement, so bespoke "
                        "support comes first."),
           &out);
    return out;
  }

  const v1::LocationAnalysis& location = assessment.location();
  const bool beyond_radius =
      location.has_distance_km() && !location.within_cluster_radius();
  const v1::GovernanceStage stage = ctx.candidate.governance().stage();
  const bool resolved = stage >= v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED;
  const bool strong_standards = StandardsBand(assessment) == v1::BAND_STRONG;
  const v1::CapacityAnalysis& capacity = assessment.capacity();

  // 4. Associate with a view to integration.
  const bool integration_score = overall >= rules.integration_min_overall();
  if (integration_score && location.within_cluster_radius() && resolved) {
    const bool phase2 = stage >= v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED;
    Choose(rules, v1::ARRANGEMENT_ASSOCIATE_INTEGRATION,
           ReasonCode::kRuleAssociateIntegration,
           absl::StrCat(
               "Associate with a view to integration: overall ", overall_text,
               " is at least ", FormatNumber(rules.integration_min_overall()),
               ", the school is within the cluster radius and its governors "
               "have resolved to join. Phase ",
               phase2 ? 2 : 1, " (",
               phase2 ? "from the Regional Director's authorisation until "
                        "the school academises"
                      : "until the Regional Director authorises the "
                        "conversion",
               ")."),
           &out);
    out.set_associate_phase(phase2 ? v1::ASSOCIATE_PHASE_2
                                   : v1::ASSOCIATE_PHASE_1);
    return out;
  }

  // 5. Strategic associate: something to offer, or the seed of a new cluster.
  // Beyond the radius only Strong standards keep it open (§3.4).
  const bool offers =
      capacity.offer_days() >= rules.strategic_min_offer_days() ||
      capacity.strategic_specialism();
  if (overall >= rules.strategic_min_overall() && offers &&
      (!beyond_radius || strong_standards)) {
    Choose(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
           ReasonCode::kRuleAssociateStrategic,
           absl::StrCat(
               "Strategic associate: overall ", overall_text, " is at least ",
               FormatNumber(rules.strategic_min_overall()),
               " and the school offers ",
               capacity.strategic_specialism() ? "a strategic specialism"
                                               : "executive capacity",
               " (", FormatNumber(capacity.offer_days()),
               " days of support a year). No defined integration period; "
               "reviewed every ",
               FindArrangementTerms(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC)
                   ->review_months(),
               " months."),
           &out);
    return out;
  }
  if (beyond_radius && strong_standards &&
      overall >= rules.new_cluster_min_overall()) {
    Choose(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
           ReasonCode::kRuleAssociateStrategicNewCluster,
           absl::StrCat(
               "Strategic associate that could seed a new cluster: beyond the "
               "cluster radius with Strong standards and overall ",
               overall_text, " of at least ",
               FormatNumber(rules.new_cluster_min_overall()),
               ". No defined integration period; reviewed every ",
               FindArrangementTerms(rules, v1::ARRANGEMENT_ASSOCIATE_STRATEGIC)
                   ->review_months(),
               " months."),
           &out);
    return out;
  }

  // 6. Trust partnership ("try before you buy").
  if (overall >= rules.partnership_min_overall()) {
    std::string hint;
    if (integration_score && location.within_cluster_radius() && !resolved) {
      hint =
          " It would qualify as an integrating associate once its governors "
          "resolve "
          "to join.";
    }
    const auto* terms =
        FindArrangementTerms(rules, v1::ARRANGEMENT_TRUST_PARTNERSHIP);
    Choose(rules, v1::ARRANGEMENT_TRUST_PARTNERSHIP,
           ReasonCode::kRuleTrustPartnership,
           absl::StrCat(
               "Trust partnership: overall ", overall_text, " is at least ",
               FormatNumber(rules.partnership_min_overall()),
               "; a time-limited partnership of ", terms->default_months(),
               " months (at most ", terms->max_months(),
               ") under a service level agreement.", hint),
           &out);
    return out;
  }

  // 7. Partner.
  Choose(rules, v1::ARRANGEMENT_PARTNER, ReasonCode::kRulePartner,
         absl::StrCat("Partner: overall ", overall_text, " is below ",
                      FormatNumber(rules.partnership_min_overall()),
                      ", so bespoke support akin to a school-to-school support "
                      "contract comes first."),
         &out);
  return out;
}

}  // namespace trustfit::scoring
