// Reason codes: the stable vocabulary that explains every point of an
// assessment and every line of a quote.
//
// Each code has one row in the table in reason_codes.cc with its criterion,
// its direction (§3.2: favourable, adverse or neutral), its meaning and what
// to do about it; scoring/REASON_CODES.md is that table
// for readers, and a test keeps the two identical. Codes are never renamed
// once released: add new ones at the end of their group.
//
//   factor->set_reason_code(
//       std::string(ReasonCodeName(ReasonCode::kFinanceInYearDeficit)));

#ifndef TRUSTFIT_SCORING_REASON_CODES_H_
#define TRUSTFIT_SCORING_REASON_CODES_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace trustfit::scoring {

enum class ReasonCode {
  // Standards.
  kStandardsOfstedOutstanding,
  kStandardsOfstedGood,
  kStandardsOfstedRequiresImprovement,
  kStandardsOfstedInadequate,
  kStandardsReportCardAboveExpected,
  kStandardsReportCardAtExpected,
  kStandardsReportCardNeedsAttention,
  kStandardsReportCardUrgentImprovement,
  kStandardsOfstedDataMissing,
  kStandardsSafeguardingNotMet,
  kStandardsProgress8AboveAverage,
  kStandardsProgress8BelowAverage,
  kStandardsAttainment8AboveAverage,
  kStandardsAttainment8BelowAverage,
  kStandardsKs2AboveAverage,
  kStandardsKs2BelowAverage,
  kStandardsAttainmentDataMissing,
  kStandardsTrendImproving,
  kStandardsTrendStable,
  kStandardsTrendDeclining,
  kStandardsTrendDataMissing,
  kStandardsAbsenceLow,
  kStandardsAbsenceHigh,
  kStandardsAbsenceDataMissing,
  kStandardsSafeguardingDataMissing,
  // Leadership.
  kLeadershipHeadteacherEstablished,
  kLeadershipHeadteacherNew,
  kLeadershipHeadteacherInterim,
  kLeadershipHeadteacherVacant,
  kLeadershipHeadteacherDataMissing,
  kLeadershipJudgementSecure,
  kLeadershipJudgementWeak,
  kLeadershipJudgementDataMissing,
  kLeadershipGovernanceStrong,
  kLeadershipGovernanceWeak,
  kLeadershipGovernanceDataMissing,
  kLeadershipStaffTurnoverLow,
  kLeadershipStaffTurnoverHigh,
  kLeadershipStaffTurnoverDataMissing,
  // Finance.
  kFinanceInYearSurplus,
  kFinanceInYearDeficit,
  kFinanceInYearDataMissing,
  kFinanceReservesHealthy,
  kFinanceReservesLow,
  kFinanceReservesDeficit,
  kFinanceHighReserves,
  kFinanceReservesDataMissing,
  kFinanceReservesDeficitBeyondLimit,
  kFinanceNoticeToImprove,
  kFinanceStaffCostsSustainable,
  kFinanceStaffCostsHigh,
  kFinanceStaffCostsDataMissing,
  kFinancePupilForecastStableOrGrowing,
  kFinancePupilForecastAmber,
  kFinancePupilForecastRed,
  kFinancePupilForecastDataMissing,
  kFinancePfiContract,
  // Ethos.
  kEthosReligiousCharacterCompatible,
  kEthosReligiousCharacterConsentRequired,
  kEthosReligiousCharacterNotAccepted,
  kEthosReligiousCharacterDataMissing,
  kEthosPhaseAlreadyRun,
  kEthosPhaseNewToTrust,
  kEthosPhaseDataMissing,
  kEthosValuesAligned,
  kEthosValuesNotAligned,
  kEthosValuesDataMissing,
  kEthosInclusionStrong,
  kEthosInclusionWeak,
  kEthosInclusionDataMissing,
  kEthosSuspensionsLow,
  kEthosSuspensionsHigh,
  kEthosSuspensionsDataMissing,
  // Location.
  kLocationWithinClusterRadius,
  kLocationBeyondClusterRadius,
  kLocationDataMissing,
  kLocationInTargetArea,
  kLocationOutsideTargetArea,
  kLocationStrategyDataMissing,
  // Capacity.
  kCapacityNetContributor,
  kCapacityNetDrain,
  kCapacityDataMissing,
  kCapacityClusterOverstretched,
  // Conditions attached to a recommendation.
  kDiocesanConsentRequired,
  kRecoveryPlanRequired,
  kClusterCapacityRequired,
  // Recommendation rules (§3.5), in the order they are tried.
  kRuleInsufficientData,
  kRuleGateBlocksAll,
  kRuleGateCapsAtPartner,
  kRuleAssociateIntegration,
  kRuleAssociateStrategic,
  kRuleAssociateStrategicNewCluster,
  kRuleTrustPartnership,
  kRulePartner,
  kGovernanceStageDataMissing,
  // Quote.
  kCostMinimumFeeApplied,
  kCostCreditBoughtElsewhere,
  kCostContributionCapped,
  kCostFloorApplied,
  kCostSubsidised,
  kCostNeutral,
};

// ReasonDirection
//
// Which way a factor's code points (§3.2). Reasons for the school are the
// favourable factors, reasons against the adverse ones; neutral factors (a
// phase new to the trust, reserves above the review level) are listed apart
// as "to consider" and never counted against the school. Codes that are not
// factors (missing data, conditions, rules, quote notes) are neutral.
enum class ReasonDirection { kFavourable, kAdverse, kNeutral };

// "favourable", "adverse" or "neutral".
absl::string_view ReasonDirectionName(ReasonDirection direction);

// ReasonCodeInfo
//
// One row of the reason-code table.
struct ReasonCodeInfo {
  ReasonCode code;
  // UPPER_SNAKE name as it appears in results, e.g. "FINANCE_IN_YEAR_DEFICIT".
  absl::string_view name;
  // "standards" .. "location", "condition", "recommendation" or "quote".
  absl::string_view area;
  ReasonDirection direction;
  absl::string_view meaning;
  absl::string_view action;
};

// The whole table, in enum order.
absl::Span<const ReasonCodeInfo> AllReasonCodes();

// The UPPER_SNAKE name of `code`.
absl::string_view ReasonCodeName(ReasonCode code);

// The row of `code`.
const ReasonCodeInfo& GetReasonCodeInfo(ReasonCode code);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_REASON_CODES_H_
