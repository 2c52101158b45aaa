#include "scoring/gates.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "scoring/report_card.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

void AddGate(v1::Assessment* assessment, ReasonCode code, v1::GateEffect effect,
             std::string explanation, std::string action) {
  v1::Gate* gate = assessment->add_gates();
  gate->set_code(std::string(ReasonCodeName(code)));
  gate->set_effect(effect);
  gate->set_explanation(std::move(explanation));
  gate->set_action(std::move(action));
}

v1::Condition* AddCondition(
    google::protobuf::RepeatedPtrField<v1::Condition>* conditions,
    ReasonCode code, std::string explanation) {
  v1::Condition* condition = conditions->Add();
  condition->set_code(std::string(ReasonCodeName(code)));
  condition->set_explanation(std::move(explanation));
  return condition;
}

bool SafeguardingNotMet(const v1::Standards& standards) {
  if (standards.has_legacy_inspection()) {
    const auto& legacy = standards.legacy_inspection();
    return legacy.has_safeguarding_effective() &&
           !legacy.safeguarding_effective();
  }
  return standards.has_report_card() &&
         standards.report_card().safeguarding() ==
             v1::SAFEGUARDING_OUTCOME_NOT_MET;
}

// What the cluster has and what the school asks of it or offers, for an
// overstretched cluster: "The North cluster has 20 spare days a year and the
// school needs a net 35".
std::string ClusterShortfallText(absl::string_view cluster,
                                 const v1::CapacityAnalysis& capacity) {
  const double spare = capacity.cluster_spare_days();
  const double net = capacity.net_days();
  const std::string has =
      spare >= 0 ? absl::StrCat("The ", cluster, " cluster has ",
                                FormatNumber(spare), " spare days a year")
                 : absl::StrCat("The ", cluster,
                                " cluster is already over-committed by ",
                                FormatNumber(-spare), " days a year");
  if (net < 0) {
    return absl::StrCat(has, " and the school needs a net ",
                        FormatNumber(-net));
  }
  return absl::StrCat(has, "; the school's net offer of ", FormatNumber(net),
                      " days does not cover it");
}

bool SafeguardingUnknown(const v1::Standards& standards) {
  if (standards.has_legacy_inspection()) {
    return !standards.legacy_inspection().has_safeguarding_effective();
  }
  if (standards.has_report_card()) {
    return standards.report_card().safeguarding() ==
           v1::SAFEGUARDING_OUTCOME_UNSPECIFIED;
  }
  return true;
}

bool FactorMissing(const v1::Assessment& assessment, absl::string_view id) {
  for (const auto& c : assessment.criteria()) {
    for (const auto& f : c.factors()) {
      if (f.factor() == id) return !f.has_score();
    }
  }
  return false;
}

// The most days the school could need: both bands Concern and finance a
// concern too.
bool CouldOverstretch(const AssessmentContext& ctx) {
  const CapacityNumbers worst = ComputeCapacity(
      ctx, v1::BAND_CONCERN, v1::BAND_CONCERN, v1::BAND_CONCERN);
  return -*worst.net_days - worst.spare_days > 0;
}

}  // namespace

std::vector<PossibleGate> PossibleGates(const AssessmentContext& ctx,
                                        const v1::Assessment& assessment) {
  std::vector<PossibleGate> possible;
  if (SafeguardingUnknown(ctx.candidate.standards())) {
    possible.push_back({ReasonCode::kStandardsSafeguardingNotMet,
                        v1::GATE_EFFECT_BLOCKS_ALL,
                        ReasonCode::kStandardsSafeguardingDataMissing,
                        "",
                        {"standards.legacy_inspection.safeguarding_effective",
                         "standards.report_card.safeguarding"}});
  }
  if (FactorMissing(assessment, "standards.ofsted")) {
    possible.push_back({ReasonCode::kStandardsOfstedInadequate,
                        v1::GATE_EFFECT_CAPS_AT_PARTNER,
                        ReasonCode::kStandardsOfstedDataMissing,
                        "standards.ofsted",
                        {}});
  }
  if (FactorMissing(assessment, "finance.reserves")) {
    possible.push_back({ReasonCode::kFinanceReservesDeficitBeyondLimit,
                        v1::GATE_EFFECT_CAPS_AT_PARTNER,
                        ReasonCode::kFinanceReservesDataMissing,
                        "finance.reserves",
                        {}});
  }
  if (FactorMissing(assessment, "ethos.religious_character")) {
    possible.push_back({ReasonCode::kEthosReligiousCharacterNotAccepted,
                        v1::GATE_EFFECT_BLOCKS_ALL,
                        ReasonCode::kEthosReligiousCharacterDataMissing,
                        "ethos.religious_character",
                        {}});
  }
  if (FactorMissing(assessment, "location.distance")) {
    possible.push_back({ReasonCode::kLocationBeyondClusterRadius,
                        v1::GATE_EFFECT_BLOCKS_INTEGRATION,
                        ReasonCode::kLocationDataMissing,
                        "location.distance",
                        {}});
  }
  if (FactorMissing(assessment, "capacity.net_support") &&
      CouldOverstretch(ctx)) {
    possible.push_back({ReasonCode::kCapacityClusterOverstretched,
                        v1::GATE_EFFECT_CONDITION,
                        ReasonCode::kCapacityDataMissing,
                        "capacity.net_support",
                        {}});
  }
  return possible;
}

namespace {

// Safeguarding not met forbids any arrangement.
void SafeguardingGate(const AssessmentContext& ctx,
                      v1::Assessment* assessment) {
  if (!SafeguardingNotMet(ctx.candidate.standards())) return;
  AddGate(
      assessment, ReasonCode::kStandardsSafeguardingNotMet,
      v1::GATE_EFFECT_BLOCKS_ALL,
      "Safeguarding was judged not met / not effective at the latest "
      "inspection.",
      "Refer the school to the DfE Regional Director; the sponsored-academy "
      "route is the way to support it.");
}

// Inadequate, or Urgent improvement in any area: at most partner.
void InspectionGates(const AssessmentContext& ctx, v1::Assessment* assessment) {
  const v1::Standards& standards = ctx.candidate.standards();
  if (standards.has_legacy_inspection() &&
      standards.legacy_inspection().overall_effectiveness() ==
          v1::LEGACY_GRADE_INADEQUATE) {
    AddGate(assessment, ReasonCode::kStandardsOfstedInadequate,
            v1::GATE_EFFECT_CAPS_AT_PARTNER,
            "The latest inspection judged the school Inadequate: no associate "
            "arrangement.",
            "Offer bespoke partner support; revisit associate status after "
            "re-inspection.");
  }
  if (standards.has_report_card() &&
      AnyUrgentImprovement(standards.report_card())) {
    AddGate(assessment, ReasonCode::kStandardsReportCardUrgentImprovement,
            v1::GATE_EFFECT_CAPS_AT_PARTNER,
            "An area of the report card was graded Urgent improvement: no "
            "associate arrangement.",
            "Offer bespoke partner support focused on that area; revisit "
            "associate status after re-inspection.");
  }
}

// A reserves deficit beyond the limit, or a notice to improve: at most
// partner until a recovery plan is agreed; once it is, delivering the plan
// is the arrangement's condition.
void FinanceGates(
    const AssessmentContext& ctx, v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<v1::Condition>* conditions) {
  const v1::Finance& finance = ctx.candidate.finance();
  const bool agreed = finance.recovery_plan_agreed();
  const v1::GateEffect effect =
      agreed ? v1::GATE_EFFECT_CONDITION : v1::GATE_EFFECT_CAPS_AT_PARTNER;
  const std::string action =
      agreed ? "Monitor the agreed recovery plan at every review."
             : "Agree a recovery plan before associate status; until then at "
               "most a partner arrangement.";
  bool fired = false;
  const std::optional<IncomeBase> base = FinanceIncomeBase(finance);
  if (finance.has_revenue_reserves_pence() && base.has_value()) {
    const double deficit_pct =
        -100.0 * static_cast<double>(finance.revenue_reserves_pence()) /
        static_cast<double>(base->pence);
    const double limit = ctx.rules.finance().reserves_deficit_gate_pct();
    if (deficit_pct > limit) {
      AddGate(assessment, ReasonCode::kFinanceReservesDeficitBeyondLimit,
              effect,
              absl::StrCat("Revenue reserves are in deficit by ",
                           FormatNumber(deficit_pct), "% of ", base->name,
                           ", beyond the ", FormatNumber(limit), "% limit."),
              action);
      fired = true;
    }
  }
  if (finance.notice_to_improve()) {
    AddGate(assessment, ReasonCode::kFinanceNoticeToImprove, effect,
            "The school is under a financial notice to improve.", action);
    fired = true;
  }
  if (!fired) return;
  AddCondition(conditions, ReasonCode::kRecoveryPlanRequired,
               agreed ? "The school must deliver the financial recovery plan "
                        "agreed with the trust."
                      : "A financial recovery plan must be agreed before the "
                        "school can move beyond partner support.");
}

// A religious character the trust does not accept forbids any arrangement;
// one it accepts with consent makes the consent a condition.
void ReligiousCharacterGates(
    const AssessmentContext& ctx, v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<v1::Condition>* conditions) {
  const std::string& character = ctx.candidate.identity().religious_character();
  switch (ClassifyReligiousCharacter(ctx.trust, character)) {
    case ReligiousFit::kNotAccepted:
      AddGate(
          assessment, ReasonCode::kEthosReligiousCharacterNotAccepted,
          v1::GATE_EFFECT_BLOCKS_ALL,
          absl::StrCat(
              "The trust does not accept schools of religious character \"",
              character, "\"."),
          "Point the school to a trust of its character, such as its diocesan "
          "trust.");
      break;
    case ReligiousFit::kConsentRequired:
      AddGate(assessment, ReasonCode::kEthosReligiousCharacterConsentRequired,
              v1::GATE_EFFECT_CONDITION,
              absl::StrCat("The trust accepts a \"", character,
                           "\" school only with the diocese's consent."),
              "Obtain the diocese's consent before the arrangement starts.");
      AddCondition(conditions, ReasonCode::kDiocesanConsentRequired,
                   absl::StrCat("The diocese must consent to the \"", character,
                                "\" school's arrangement with the trust."));
      break;
    default:
      break;
  }
}

// Beyond the cluster radius: not an integrating associate.
void LocationGate(const AssessmentContext& ctx, v1::Assessment* assessment) {
  const v1::LocationAnalysis& location = assessment->location();
  if (location.has_distance_km() && !location.within_cluster_radius()) {
    AddGate(assessment, ReasonCode::kLocationBeyondClusterRadius,
            v1::GATE_EFFECT_BLOCKS_INTEGRATION,
            absl::StrCat(FormatNumber(location.distance_km(), 1),
                         " km from the nearest cluster school, beyond the ",
                         FormatNumber(ctx.rules.location().cluster_radius_km()),
                         " km cluster radius: not an integrating associate."),
            "A strategic associate stays open when standards are Strong (the "
            "seed of "
            "a new cluster); otherwise consider a partnership.");
  }
}

// An overstretched cluster makes the missing days a condition.
void CapacityGate(
    const AssessmentContext& ctx, v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<v1::Condition>* conditions) {
  const v1::CapacityAnalysis& capacity = assessment->capacity();
  if (capacity.overstretched()) {
    const double missing =
        Round2(-capacity.net_days() - capacity.cluster_spare_days());
    AddGate(assessment, ReasonCode::kCapacityClusterOverstretched,
            v1::GATE_EFFECT_CONDITION,
            absl::StrCat(ClusterShortfallText(ctx.cluster.name(), capacity),
                         ": ", FormatNumber(missing),
                         " days short (utilisation would be ",
                         FormatNumber(capacity.utilisation_pct()), "%)."),
            absl::StrCat("Add ", FormatNumber(missing),
                         " days of executive capacity to the cluster before "
                         "the arrangement starts."));
    v1::Condition* condition =
        AddCondition(conditions, ReasonCode::kClusterCapacityRequired,
                     absl::StrCat("The cluster needs ", FormatNumber(missing),
                                  " more days of executive support a year."));
    condition->set_days_missing(missing);
  }
}

}  // namespace

void EvaluateGates(
    const AssessmentContext& ctx, v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<v1::Condition>* conditions) {
  SafeguardingGate(ctx, assessment);
  InspectionGates(ctx, assessment);
  FinanceGates(ctx, assessment, conditions);
  ReligiousCharacterGates(ctx, assessment, conditions);
  LocationGate(ctx, assessment);
  CapacityGate(ctx, assessment, conditions);
}

bool AnyUrgentImprovement(const v1::ReportCardInspection& card) {
  for (const ReportCardArea& area : kReportCardAreas) {
    if ((card.*area.grade)() == v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT)
      return true;
  }
  return false;
}

}  // namespace trustfit::scoring
