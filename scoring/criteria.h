// Internal to the scoring library: what the six criteria share.
//
// Each criterion lives in its own file (standards.cc, leadership.cc, ...),
// listed in criterion_unit.h, and fills a CriterionResult with its factors:
// for each, the input it used, its score on the policy's curve, a reason code
// and a sentence, or the reason the input was missing. Weighing factors into
// the criterion score and criteria into the overall score is done once, in
// assess.cc.

#ifndef TRUSTFIT_SCORING_CRITERIA_H_
#define TRUSTFIT_SCORING_CRITERIA_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/curve.h"
#include "scoring/reason_codes.h"
#include "scoring/rounding.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::scoring {

// The inputs of one assessment.
struct AssessmentContext {
  const trustfit::v1::ScoringRules& rules;
  const trustfit::v1::Trust& trust;
  const trustfit::v1::Cluster& cluster;
  const trustfit::v1::Candidate& candidate;
};

// The numbers of the capacity criterion (§3.1) for given bands of standards,
// leadership and finance (nullopt: not scored), without its sentences: the
// outlook asks what they would be for bands that are not yet known.
struct CapacityNumbers {
  double offer_days = 0;
  bool strategic_specialism = false;
  // The cluster's capacity minus its committed days; negative when it is
  // already over-committed.
  double spare_days = 0;
  // Unknown when neither standards nor leadership is scored.
  std::optional<double> need_days;
  std::optional<double> net_days;
  std::optional<double> score;  // Unrounded.
};
CapacityNumbers ComputeCapacity(const AssessmentContext& ctx,
                                std::optional<trustfit::v1::Band> standards,
                                std::optional<trustfit::v1::Band> leadership,
                                std::optional<trustfit::v1::Band> finance);

// The worst and best score a factor (by its id, "finance.reserves") can take
// under the policy: what its input could turn out to be while missing;
// nullopt for an id no criterion makes. Each criterion's unit knows its own
// factors' (criterion_unit.h).
struct ScoreBounds {
  double worst;
  double best;
};
std::optional<ScoreBounds> FactorScoreBounds(const AssessmentContext& ctx,
                                             absl::string_view factor);

// The bounds of the kinds of factor the criteria share. Curves are flat
// beyond their end points and linear between, so a curve's extremes are
// among its points.
ScoreBounds BoundsOver(std::initializer_list<double> scores);
ScoreBounds JoinBounds(ScoreBounds a, ScoreBounds b);
ScoreBounds CurveBounds(const Curve& curve);
ScoreBounds RubricBounds(const trustfit::v1::RubricScores& scores);
// Either inspection framework's grades.
ScoreBounds InspectionBounds(const trustfit::v1::InspectionGradeScores& grades);

// Distance to the nearest school of the cluster (hub included).
trustfit::v1::LocationAnalysis AnalyseLocation(const AssessmentContext& ctx);

// The denominator of the finance ratios: total income, or the funding base
// when total income is missing (§3.1).
struct IncomeBase {
  int64_t pence;
  absl::string_view name;  // "total income" or "funding base"
};
std::optional<IncomeBase> FinanceIncomeBase(
    const trustfit::v1::Finance& finance);

// The raw points of the finance criterion's adjustments (a PFI penalty is
// negative), before clamping: what ScoreFinance applies.
std::vector<double> FinanceAdjustmentPoints(const AssessmentContext& ctx);

// How a candidate's religious character fits the trust (§3.1 ethos, §3.4).
enum class ReligiousFit {
  kMissing,
  kCompatible,
  kConsentRequired,
  kNotAccepted
};
ReligiousFit ClassifyReligiousCharacter(const trustfit::v1::Trust& trust,
                                        absl::string_view character);

// Factor helpers.

// Appends a factor named `id` with the policy `weight`.
trustfit::v1::FactorResult* AddFactor(trustfit::v1::CriterionResult* criterion,
                                      absl::string_view id, double weight);

// Records that the factor's input was missing: which candidate fields to
// collect, and why.
void MarkMissing(trustfit::v1::FactorResult* factor, ReasonCode code,
                 std::initializer_list<absl::string_view> fields,
                 std::string explanation);

// Records the factor's input, its score (rounded to two decimals) and its
// reason code, whose direction in the code table says whether it counts for
// or against the school or is one to consider.
void MarkScored(trustfit::v1::FactorResult* factor,
                std::optional<double> input_value, std::string input_text,
                double score, ReasonCode code, std::string explanation);

// The wire form of a code's direction.
trustfit::v1::ReasonDirection DirectionMessage(ReasonDirection direction);

// Score of a 1-4 rubric rating; the rating must be valid.
double RubricScore(const trustfit::v1::RubricScores& scores, int rating);

// "weak", "partly", "mostly", "strong" for ratings 1-4.
absl::string_view RubricWord(int rating);

// A score reaches the Secure band (for codes whose line is the band).
bool AtLeastSecure(const trustfit::v1::ScoringRules& rules, double score);

// Band of a 0-100 score under the policy's thresholds.
trustfit::v1::Band BandOf(const trustfit::v1::Bands& bands, double score);

// `value` with at most `decimals` decimals and no trailing zeros: "5.3".
std::string FormatNumber(double value, int decimals = 2);

// "Outstanding" .. "Inadequate", "Exceptional" .. "Urgent improvement".
absl::string_view LegacyGradeName(trustfit::v1::LegacyGrade grade);
absl::string_view ReportCardGradeName(trustfit::v1::ReportCardGrade grade);
double ReportCardScore(const trustfit::v1::ReportCardScores& scores,
                       trustfit::v1::ReportCardGrade grade);

// Band names for sentences: "Strong", "Secure", "Developing", "Concern".
absl::string_view BandName(trustfit::v1::Band band);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CRITERIA_H_
