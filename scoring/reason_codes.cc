#include "scoring/reason_codes.h"

#include <cstddef>

namespace trustfit::scoring {
namespace {

using RC = ReasonCode;
using Dir = ReasonDirection;

// The one table of reason codes. Keep it in enum order: a test checks it, and
// REASON_CODES.md is generated from it.
constexpr ReasonCodeInfo kReasonCodes[] = {
    // Standards.
    {RC::kStandardsOfstedOutstanding, "STANDARDS_OFSTED_OUTSTANDING",
     "standards", Dir::kFavourable,
     "Latest legacy inspection judged the school Outstanding.",
     "None; a strength the cluster can draw on."},
    {RC::kStandardsOfstedGood, "STANDARDS_OFSTED_GOOD", "standards",
     Dir::kFavourable, "Latest legacy inspection judged the school Good.",
     "None."},
    {RC::kStandardsOfstedRequiresImprovement,
     "STANDARDS_OFSTED_REQUIRES_IMPROVEMENT", "standards", Dir::kAdverse,
     "Latest legacy inspection judged the school Requires improvement.",
     "Agree the improvement priorities and the support days the cluster will "
     "give."},
    {RC::kStandardsOfstedInadequate, "STANDARDS_OFSTED_INADEQUATE", "standards",
     Dir::kAdverse,
     "Latest legacy inspection judged the school Inadequate. Gate: at most "
     "PARTNER.",
     "Offer bespoke partner support; associate status can follow a better "
     "inspection."},
    {RC::kStandardsReportCardAboveExpected,
     "STANDARDS_REPORT_CARD_ABOVE_EXPECTED", "standards", Dir::kFavourable,
     "Report card areas average above Expected standard, none below it.",
     "None."},
    {RC::kStandardsReportCardAtExpected, "STANDARDS_REPORT_CARD_AT_EXPECTED",
     "standards", Dir::kFavourable,
     "Report card areas average at or below Expected standard, none "
     "needing attention.",
     "None; note the areas to strengthen."},
    {RC::kStandardsReportCardNeedsAttention,
     "STANDARDS_REPORT_CARD_NEEDS_ATTENTION", "standards", Dir::kAdverse,
     "At least one report card area graded Needs attention.",
     "Plan support for the areas needing attention."},
    {RC::kStandardsReportCardUrgentImprovement,
     "STANDARDS_REPORT_CARD_URGENT_IMPROVEMENT", "standards", Dir::kAdverse,
     "At least one report card area graded Urgent improvement. Gate: at most "
     "PARTNER.",
     "Offer bespoke partner support focused on the area(s) needing urgent "
     "improvement."},
    {RC::kStandardsOfstedDataMissing, "STANDARDS_OFSTED_DATA_MISSING",
     "standards", Dir::kNeutral,
     "No Ofsted outcome in either framework was given.",
     "Add the latest inspection (legacy grades or report card)."},
    {RC::kStandardsSafeguardingNotMet, "STANDARDS_SAFEGUARDING_NOT_MET",
     "standards", Dir::kAdverse,
     "Safeguarding was judged not met / not effective. Gate: NOT_RECOMMENDED.",
     "Refer to the DfE Regional Director; the sponsored-academy route is the "
     "way to help."},
    {RC::kStandardsProgress8AboveAverage, "STANDARDS_PROGRESS8_ABOVE_AVERAGE",
     "standards", Dir::kFavourable,
     "Latest Progress 8 is at or above the national average (0).", "None."},
    {RC::kStandardsProgress8BelowAverage, "STANDARDS_PROGRESS8_BELOW_AVERAGE",
     "standards", Dir::kAdverse,
     "Latest Progress 8 is below the national average (0).",
     "Look at subject and pupil-group gaps; plan curriculum support."},
    {RC::kStandardsAttainment8AboveAverage,
     "STANDARDS_ATTAINMENT8_ABOVE_AVERAGE", "standards", Dir::kFavourable,
     "Progress 8 missing; Attainment 8 at or above the policy's "
     "national average.",
     "Add Progress 8 for a fairer measure."},
    {RC::kStandardsAttainment8BelowAverage,
     "STANDARDS_ATTAINMENT8_BELOW_AVERAGE", "standards", Dir::kAdverse,
     "Progress 8 missing; Attainment 8 below the policy's national "
     "average.",
     "Add Progress 8 (intake matters); plan curriculum support."},
    {RC::kStandardsKs2AboveAverage, "STANDARDS_KS2_ABOVE_AVERAGE", "standards",
     Dir::kFavourable,
     "KS2 reading, writing and maths at the expected standard at or above the "
     "national average.",
     "None."},
    {RC::kStandardsKs2BelowAverage, "STANDARDS_KS2_BELOW_AVERAGE", "standards",
     Dir::kAdverse,
     "KS2 reading, writing and maths at the expected standard below the "
     "national "
     "average.",
     "Plan support for reading, writing and maths in KS2."},
    {RC::kStandardsAttainmentDataMissing, "STANDARDS_ATTAINMENT_DATA_MISSING",
     "standards", Dir::kNeutral,
     "No Progress 8, Attainment 8 or KS2 result was given.",
     "Add the latest published results."},
    {RC::kStandardsTrendImproving, "STANDARDS_TREND_IMPROVING", "standards",
     Dir::kFavourable, "Results are rising (least-squares slope above zero).",
     "None."},
    {RC::kStandardsTrendStable, "STANDARDS_TREND_STABLE", "standards",
     Dir::kFavourable, "Results are flat (slope zero to the precision shown).",
     "None."},
    {RC::kStandardsTrendDeclining, "STANDARDS_TREND_DECLINING", "standards",
     Dir::kAdverse, "Results are falling (least-squares slope below zero).",
     "Find out why results are falling before agreeing terms."},
    {RC::kStandardsTrendDataMissing, "STANDARDS_TREND_DATA_MISSING",
     "standards", Dir::kNeutral,
     "Fewer than two years of the attainment measure were given.",
     "Add prior years' results (up to three)."},
    {RC::kStandardsAbsenceLow, "STANDARDS_ABSENCE_LOW", "standards",
     Dir::kFavourable, "Overall absence scores in the Secure band or better.",
     "None."},
    {RC::kStandardsAbsenceHigh, "STANDARDS_ABSENCE_HIGH", "standards",
     Dir::kAdverse, "Overall absence scores below the Secure band.",
     "Share the trust's attendance practice; agree an attendance target."},
    {RC::kStandardsAbsenceDataMissing, "STANDARDS_ABSENCE_DATA_MISSING",
     "standards", Dir::kNeutral, "Overall absence % was not given.",
     "Add the overall absence rate."},
    {RC::kStandardsSafeguardingDataMissing,
     "STANDARDS_SAFEGUARDING_DATA_MISSING", "standards", Dir::kNeutral,
     "The latest inspection's safeguarding outcome is unknown: it could still "
     "be not met, which would rule out any arrangement.",
     "Find the safeguarding judgement of the latest inspection."},
    // Leadership.
    {RC::kLeadershipHeadteacherEstablished,
     "LEADERSHIP_HEADTEACHER_ESTABLISHED", "leadership", Dir::kFavourable,
     "Substantive headteacher whose tenure scores in the Secure band "
     "or better.",
     "None."},
    {RC::kLeadershipHeadteacherNew, "LEADERSHIP_HEADTEACHER_NEW", "leadership",
     Dir::kAdverse,
     "Substantive headteacher new in post (tenure scores below the Secure "
     "band).",
     "Offer headteacher mentoring."},
    {RC::kLeadershipHeadteacherInterim, "LEADERSHIP_HEADTEACHER_INTERIM",
     "leadership", Dir::kAdverse, "The headteacher is acting or interim.",
     "Agree how the substantive appointment will be made and supported."},
    {RC::kLeadershipHeadteacherVacant, "LEADERSHIP_HEADTEACHER_VACANT",
     "leadership", Dir::kAdverse, "The headteacher post is vacant.",
     "Agree interim leadership cover before any arrangement starts."},
    {RC::kLeadershipHeadteacherDataMissing,
     "LEADERSHIP_HEADTEACHER_DATA_MISSING", "leadership", Dir::kNeutral,
     "Headteacher status, or a substantive head's years in post, "
     "was not given.",
     "Add headteacher status and years in post."},
    {RC::kLeadershipJudgementSecure, "LEADERSHIP_JUDGEMENT_SECURE",
     "leadership", Dir::kFavourable,
     "Inspection's leadership judgement scores in the Secure band or better.",
     "None."},
    {RC::kLeadershipJudgementWeak, "LEADERSHIP_JUDGEMENT_WEAK", "leadership",
     Dir::kAdverse,
     "Inspection's leadership judgement scores below the Secure band.",
     "Plan leadership support and mentoring."},
    {RC::kLeadershipJudgementDataMissing, "LEADERSHIP_JUDGEMENT_DATA_MISSING",
     "leadership", Dir::kNeutral,
     "No leadership and management (legacy) or leadership and "
     "governance (report card) grade was given.",
     "Add the leadership grade."},
    {RC::kLeadershipGovernanceStrong, "LEADERSHIP_GOVERNANCE_STRONG",
     "leadership", Dir::kFavourable,
     "Assessor rated governance 3 (mostly) or 4 (strong).", "None."},
    {RC::kLeadershipGovernanceWeak, "LEADERSHIP_GOVERNANCE_WEAK", "leadership",
     Dir::kAdverse, "Assessor rated governance 1 (weak) or 2 (partly).",
     "Offer a governance review and clerking support."},
    {RC::kLeadershipGovernanceDataMissing, "LEADERSHIP_GOVERNANCE_DATA_MISSING",
     "leadership", Dir::kNeutral, "No assessor rating of governance was given.",
     "Rate governance 1-4 with evidence."},
    {RC::kLeadershipStaffTurnoverLow, "LEADERSHIP_STAFF_TURNOVER_LOW",
     "leadership", Dir::kFavourable,
     "Staff turnover scores in the Secure band or better.", "None."},
    {RC::kLeadershipStaffTurnoverHigh, "LEADERSHIP_STAFF_TURNOVER_HIGH",
     "leadership", Dir::kAdverse,
     "Staff turnover scores below the Secure band.",
     "Share recruitment and retention practice."},
    {RC::kLeadershipStaffTurnoverDataMissing,
     "LEADERSHIP_STAFF_TURNOVER_DATA_MISSING", "leadership", Dir::kNeutral,
     "Staff turnover % was not given.",
     "Add staff turnover for the last year."},
    // Finance.
    {RC::kFinanceInYearSurplus, "FINANCE_IN_YEAR_SURPLUS", "finance",
     Dir::kFavourable, "In-year balance is zero or a surplus.", "None."},
    {RC::kFinanceInYearDeficit, "FINANCE_IN_YEAR_DEFICIT", "finance",
     Dir::kAdverse, "The school spends more than its income this year.",
     "Review the budget and the integrated curriculum and financial plan."},
    {RC::kFinanceInYearDataMissing, "FINANCE_IN_YEAR_DATA_MISSING", "finance",
     Dir::kNeutral,
     "In-year balance, or both total income and funding base, not given.",
     "Add the in-year balance and total income."},
    {RC::kFinanceReservesHealthy, "FINANCE_RESERVES_HEALTHY", "finance",
     Dir::kFavourable, "Revenue reserves score in the Secure band or better.",
     "None."},
    {RC::kFinanceReservesLow, "FINANCE_RESERVES_LOW", "finance", Dir::kAdverse,
     "Revenue reserves are positive but score below the Secure band.",
     "Agree a plan to rebuild reserves."},
    {RC::kFinanceReservesDeficit, "FINANCE_RESERVES_DEFICIT", "finance",
     Dir::kAdverse, "Revenue reserves are in deficit.",
     "Agree a recovery plan."},
    {RC::kFinanceHighReserves, "FINANCE_HIGH_RESERVES", "finance",
     Dir::kNeutral,
     "Revenue reserves above the policy's review level (default 20% of "
     "income); "
     "no penalty.",
     "Review what the reserves are for and how they will be used."},
    {RC::kFinanceReservesDataMissing, "FINANCE_RESERVES_DATA_MISSING",
     "finance", Dir::kNeutral,
     "Revenue reserves, or both total income and funding base, not given.",
     "Add revenue reserves carried forward and total income."},
    {RC::kFinanceReservesDeficitBeyondLimit,
     "FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT", "finance", Dir::kAdverse,
     "Reserves deficit beyond the policy limit (default 5% of income). Gate: "
     "at "
     "most PARTNER, with a recovery plan.",
     "Agree a recovery plan with the funder before associate status."},
    {RC::kFinanceNoticeToImprove, "FINANCE_NOTICE_TO_IMPROVE", "finance",
     Dir::kAdverse,
     "The school is under a financial notice to improve. Gate: at most "
     "PARTNER, "
     "with a recovery plan.",
     "Agree a recovery plan before associate status."},
    {RC::kFinanceStaffCostsSustainable, "FINANCE_STAFF_COSTS_SUSTAINABLE",
     "finance", Dir::kFavourable,
     "Staff costs as % of expenditure score in the Secure band or better.",
     "None."},
    {RC::kFinanceStaffCostsHigh, "FINANCE_STAFF_COSTS_HIGH", "finance",
     Dir::kAdverse,
     "Staff costs as % of expenditure score below the Secure band.",
     "Review curriculum-led staffing."},
    {RC::kFinanceStaffCostsDataMissing, "FINANCE_STAFF_COSTS_DATA_MISSING",
     "finance", Dir::kNeutral, "Staff costs or total expenditure not given.",
     "Add staff costs and total expenditure."},
    {RC::kFinancePupilForecastStableOrGrowing,
     "FINANCE_PUPIL_FORECAST_STABLE_OR_GROWING", "finance", Dir::kFavourable,
     "Forecast pupil numbers fall by less than the amber threshold (default "
     "2%) "
     "or grow.",
     "None."},
    {RC::kFinancePupilForecastAmber, "FINANCE_PUPIL_FORECAST_AMBER", "finance",
     Dir::kAdverse,
     "Forecast pupil numbers fall by between the amber and red thresholds "
     "(default 2-10%).",
     "Check the budget plan allows for falling rolls."},
    {RC::kFinancePupilForecastRed, "FINANCE_PUPIL_FORECAST_RED", "finance",
     Dir::kAdverse,
     "Forecast pupil numbers fall by more than the red threshold (default "
     "10%).",
     "Plan for falling rolls: staffing, place planning with the LA."},
    {RC::kFinancePupilForecastDataMissing,
     "FINANCE_PUPIL_FORECAST_DATA_MISSING", "finance", Dir::kNeutral,
     "Pupil forecast or current pupils on roll not given.",
     "Add pupils on roll and the three-year forecast."},
    {RC::kFinancePfiContract, "FINANCE_PFI_CONTRACT", "finance", Dir::kAdverse,
     "The school has a PFI contract: points off the finance criterion (default "
     "15).",
     "Review the PFI contract's costs and remaining term."},
    // Ethos.
    {RC::kEthosReligiousCharacterCompatible,
     "ETHOS_RELIGIOUS_CHARACTER_COMPATIBLE", "ethos", Dir::kFavourable,
     "Religious character is the trust's own, none, or one the trust accepts.",
     "None."},
    {RC::kEthosReligiousCharacterConsentRequired,
     "ETHOS_RELIGIOUS_CHARACTER_CONSENT_REQUIRED", "ethos", Dir::kNeutral,
     "The trust accepts this religious character only with diocesan consent.",
     "Seek the diocese's consent (condition DIOCESAN_CONSENT_REQUIRED)."},
    {RC::kEthosReligiousCharacterNotAccepted,
     "ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED", "ethos", Dir::kAdverse,
     "The trust does not accept this religious character. Gate: "
     "NOT_RECOMMENDED.",
     "Point the school to a trust of its character (e.g. its diocesan trust)."},
    {RC::kEthosReligiousCharacterDataMissing,
     "ETHOS_RELIGIOUS_CHARACTER_DATA_MISSING", "ethos", Dir::kNeutral,
     "Religious character not given.",
     "Add it as in the DfE register (\"None\" when it has none)."},
    {RC::kEthosPhaseAlreadyRun, "ETHOS_PHASE_ALREADY_RUN", "ethos",
     Dir::kFavourable, "The trust already runs schools of this phase.",
     "None."},
    {RC::kEthosPhaseNewToTrust, "ETHOS_PHASE_NEW_TO_TRUST", "ethos",
     Dir::kNeutral,
     "The trust runs no school of this phase yet: a strategic question, not a "
     "failure.",
     "Decide whether the trust wants to grow into this phase."},
    {RC::kEthosPhaseDataMissing, "ETHOS_PHASE_DATA_MISSING", "ethos",
     Dir::kNeutral, "Phase of education not given.", "Add the phase."},
    {RC::kEthosValuesAligned, "ETHOS_VALUES_ALIGNED", "ethos", Dir::kFavourable,
     "Assessor rated values alignment 3 (mostly) or 4 (fully).", "None."},
    {RC::kEthosValuesNotAligned, "ETHOS_VALUES_NOT_ALIGNED", "ethos",
     Dir::kAdverse,
     "Assessor rated values alignment 1 (not aligned) or 2 (partly).",
     "Explore the differences with governors before going further."},
    {RC::kEthosValuesDataMissing, "ETHOS_VALUES_DATA_MISSING", "ethos",
     Dir::kNeutral, "No assessor rating of values alignment.",
     "Rate values alignment 1-4 with "
     "evidence."},
    {RC::kEthosInclusionStrong, "ETHOS_INCLUSION_STRONG", "ethos",
     Dir::kFavourable,
     "Assessor rated inclusion commitment 3 (mostly) or 4 (strong).", "None."},
    {RC::kEthosInclusionWeak, "ETHOS_INCLUSION_WEAK", "ethos", Dir::kAdverse,
     "Assessor rated inclusion commitment 1 (weak) or 2 (partly).",
     "Discuss admissions, SEND and exclusion practice."},
    {RC::kEthosInclusionDataMissing, "ETHOS_INCLUSION_DATA_MISSING", "ethos",
     Dir::kNeutral, "No assessor rating of inclusion commitment.",
     "Rate inclusion commitment 1-4 with evidence."},
    {RC::kEthosSuspensionsLow, "ETHOS_SUSPENSIONS_LOW", "ethos",
     Dir::kFavourable, "Suspension rate scores in the Secure band or better.",
     "None."},
    {RC::kEthosSuspensionsHigh, "ETHOS_SUSPENSIONS_HIGH", "ethos",
     Dir::kAdverse, "Suspension rate scores below the Secure band.",
     "Review behaviour and inclusion practice."},
    {RC::kEthosSuspensionsDataMissing, "ETHOS_SUSPENSIONS_DATA_MISSING",
     "ethos", Dir::kNeutral, "Suspension rate per 100 pupils not given.",
     "Add the suspension rate."},
    // Location.
    {RC::kLocationWithinClusterRadius, "LOCATION_WITHIN_CLUSTER_RADIUS",
     "location", Dir::kFavourable,
     "Within the cluster radius (default 25 km) of a cluster school.", "None."},
    {RC::kLocationBeyondClusterRadius, "LOCATION_BEYOND_CLUSTER_RADIUS",
     "location", Dir::kAdverse,
     "Beyond the cluster radius. Gate: not ASSOCIATE_INTEGRATION; "
     "ASSOCIATE_STRATEGIC stays open when standards are Strong.",
     "Consider it as the seed of a new cluster, or a partnership."},
    {RC::kLocationDataMissing, "LOCATION_DATA_MISSING", "location",
     Dir::kNeutral, "No grid reference or latitude/longitude for the school.",
     "Add easting/northing from the DfE register, or latitude/longitude."},
    {RC::kLocationInTargetArea, "LOCATION_IN_TARGET_AREA", "location",
     Dir::kFavourable,
     "In one of the trust's target regions or local authorities.", "None."},
    {RC::kLocationOutsideTargetArea, "LOCATION_OUTSIDE_TARGET_AREA", "location",
     Dir::kAdverse, "Outside the trust's target regions and local authorities.",
     "Decide whether the school fits the growth strategy."},
    {RC::kLocationStrategyDataMissing, "LOCATION_STRATEGY_DATA_MISSING",
     "location", Dir::kNeutral, "Neither region nor local authority given.",
     "Add the region and local "
     "authority."},
    // Capacity.
    {RC::kCapacityNetContributor, "CAPACITY_NET_CONTRIBUTOR", "capacity",
     Dir::kFavourable,
     "The school can offer at least as many executive support days as it "
     "needs.",
     "None; plan how its offer will be used."},
    {RC::kCapacityNetDrain, "CAPACITY_NET_DRAIN", "capacity", Dir::kAdverse,
     "The school needs more executive support days than it can offer.",
     "Check the cluster's team can give the days (see "
     "CAPACITY_CLUSTER_OVERSTRETCHED)."},
    {RC::kCapacityDataMissing, "CAPACITY_DATA_MISSING", "capacity",
     Dir::kNeutral,
     "Neither standards nor leadership could be scored, so the support the "
     "school "
     "needs is unknown.",
     "Add standards and leadership data."},
    {RC::kCapacityClusterOverstretched, "CAPACITY_CLUSTER_OVERSTRETCHED",
     "capacity", Dir::kAdverse,
     "The cluster's spare executive capacity does not cover the school's net "
     "need.",
     "Add capacity to the cluster (condition CLUSTER_CAPACITY_REQUIRED)."},
    // Conditions.
    {RC::kDiocesanConsentRequired, "DIOCESAN_CONSENT_REQUIRED", "condition",
     Dir::kNeutral, "The arrangement needs the diocese's consent.",
     "Obtain the consent before the arrangement starts."},
    {RC::kRecoveryPlanRequired, "RECOVERY_PLAN_REQUIRED", "condition",
     Dir::kNeutral, "A financial recovery plan must be agreed.",
     "Agree the recovery plan; review the arrangement once it is in place."},
    {RC::kClusterCapacityRequired, "CLUSTER_CAPACITY_REQUIRED", "condition",
     Dir::kNeutral,
     "The cluster needs more executive support days; the condition gives how "
     "many.",
     "Add days to the cluster team, or support from another cluster."},
    // Recommendation rules.
    {RC::kRuleInsufficientData, "RULE_INSUFFICIENT_DATA", "recommendation",
     Dir::kNeutral,
     "Rule 1: data completeness below the policy minimum (default 60%).",
     "Collect the data listed under missing_data and assess again."},
    {RC::kRuleGateBlocksAll, "RULE_GATE_BLOCKS_ALL", "recommendation",
     Dir::kNeutral, "Rule 2: a gate forbids any arrangement.",
     "See the gate's action."},
    {RC::kRuleGateCapsAtPartner, "RULE_GATE_CAPS_AT_PARTNER", "recommendation",
     Dir::kNeutral, "Rule 3: a gate caps the arrangement at PARTNER.",
     "See the gate's action."},
    {RC::kRuleAssociateIntegration, "RULE_ASSOCIATE_INTEGRATION",
     "recommendation", Dir::kNeutral,
     "Rule 4: overall score high enough, within the cluster radius, governors "
     "resolved to join.",
     "Agree a Trust Partnership Agreement for phase 1 or 2."},
    {RC::kRuleAssociateStrategic, "RULE_ASSOCIATE_STRATEGIC", "recommendation",
     Dir::kNeutral,
     "Rule 5: overall score high enough and a capacity offer or strategic "
     "specialism.",
     "Agree what the school will offer and review every 12 months."},
    {RC::kRuleAssociateStrategicNewCluster,
     "RULE_ASSOCIATE_STRATEGIC_NEW_CLUSTER", "recommendation", Dir::kNeutral,
     "Rule 5: beyond the cluster radius with Strong standards and "
     "a high overall score: the seed of a new cluster.",
     "Consider a new cluster around the school."},
    {RC::kRuleTrustPartnership, "RULE_TRUST_PARTNERSHIP", "recommendation",
     Dir::kNeutral,
     "Rule 6: overall score high enough for a time-limited Trust Partnership.",
     "Agree a service level agreement for 12-18 months."},
    {RC::kRulePartner, "RULE_PARTNER", "recommendation", Dir::kNeutral,
     "Rule 7: none of the above: bespoke partner support.",
     "Agree a support contract that reflects the support needed."},
    {RC::kGovernanceStageDataMissing, "GOVERNANCE_STAGE_DATA_MISSING",
     "recommendation", Dir::kNeutral,
     "The governance stage is unknown; an integrating associate needs the "
     "governors' resolution to join.",
     "Ask whether the governors have resolved to join, and whether the "
     "Regional Director has authorised the conversion."},
    // Quote.
    {RC::kCostMinimumFeeApplied, "COST_MINIMUM_FEE_APPLIED", "quote",
     Dir::kNeutral,
     "The core rate came to less than the minimum fee, so the minimum applies.",
     "None."},
    {RC::kCostCreditBoughtElsewhere, "COST_CREDIT_BOUGHT_ELSEWHERE", "quote",
     Dir::kNeutral,
     "A service the school already buys elsewhere is credited, not charged "
     "twice.",
     "None."},
    {RC::kCostContributionCapped, "COST_CONTRIBUTION_CAPPED", "quote",
     Dir::kNeutral,
     "Contributions exceed the policy maximum; only the maximum is deducted.",
     "None; the excess is not deducted."},
    {RC::kCostFloorApplied, "COST_FLOOR_APPLIED", "quote", Dir::kNeutral,
     "The net was raised to the trust's delivery cost so its schools do not "
     "subsidise the arrangement.",
     "None; or reduce the services requested."},
    {RC::kCostSubsidised, "COST_SUBSIDISED", "quote", Dir::kNeutral,
     "The net is below the trust's delivery cost (the policy does not enforce "
     "the "
     "floor).",
     "Decide whether the trust accepts the subsidy."},
    {RC::kCostNeutral, "COST_NEUTRAL", "quote", Dir::kNeutral,
     "Contributions cover the whole charge: the school pays nothing.", "None."},
};

constexpr size_t kReasonCodeCount =
    sizeof(kReasonCodes) / sizeof(kReasonCodes[0]);
static_assert(static_cast<size_t>(RC::kCostNeutral) + 1 == kReasonCodeCount,
              "every ReasonCode needs exactly one row in kReasonCodes");

}  // namespace

absl::string_view ReasonDirectionName(ReasonDirection direction) {
  switch (direction) {
    case ReasonDirection::kFavourable:
      return "favourable";
    case ReasonDirection::kAdverse:
      return "adverse";
    case ReasonDirection::kNeutral:
      break;
  }
  return "neutral";
}

absl::Span<const ReasonCodeInfo> AllReasonCodes() { return kReasonCodes; }

const ReasonCodeInfo& GetReasonCodeInfo(ReasonCode code) {
  return kReasonCodes[static_cast<size_t>(code)];
}

absl::string_view ReasonCodeName(ReasonCode code) {
  return GetReasonCodeInfo(code).name;
}

}  // namespace trustfit::scoring
