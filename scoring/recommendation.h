// Internal to the scoring library: the recommendation rules of §3.5.
//
// The rules read a handful of facts about an assessment (its overall score,
// completeness, gates, location, governance stage, standards band and
// capacity offer), gathered in RecommendationInputs so that they can also be
// asked of states that are not the assessment's own: the outlook's worst and
// best cases, and "what would it take".
//
//   RecommendationInputs in = RecommendationInputsOf(ctx, assessment);
//   ArrangementChoice choice = ChooseArrangement(rules, in);   // cheap
//   v1::Recommendation rec = Recommend(rules, in, conditions); // and words

#ifndef TRUSTFIT_SCORING_RECOMMENDATION_H_
#define TRUSTFIT_SCORING_RECOMMENDATION_H_

#include <array>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "scoring/criteria.h"
#include "scoring/reason_codes.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// A gate as the rules see it.
struct GateFact {
  std::string code;
  trustfit::v1::GateEffect effect;
};

struct RecommendationInputs {
  double overall = 0;
  double completeness_pct = 0;
  // Rule 1; the provisional recommendation (§3.6) is made without it.
  bool apply_completeness_minimum = true;
  std::vector<GateFact> gates;
  // Distance known, and within the cluster radius.
  bool has_distance = false;
  bool within_radius = false;
  trustfit::v1::GovernanceStage stage =
      trustfit::v1::GOVERNANCE_STAGE_UNSPECIFIED;
  trustfit::v1::Band standards_band = trustfit::v1::BAND_UNSPECIFIED;
  double offer_days = 0;
  bool strategic_specialism = false;
};

// The facts of `assessment` (scored, with its gates) under `ctx`.
RecommendationInputs RecommendationInputsOf(
    const AssessmentContext& ctx, const trustfit::v1::Assessment& assessment);

// The arrangement the first applying rule chooses, and that rule.
struct ArrangementChoice {
  trustfit::v1::Arrangement arrangement;
  ReasonCode rule;
};
ArrangementChoice ChooseArrangement(
    const trustfit::v1::RecommendationRules& rules,
    const RecommendationInputs& in);

// The recommendation: the arrangement, its phase, term and review period,
// the rule that chose it in words, and the conditions, which go with any
// arrangement that can go ahead.
trustfit::v1::Recommendation Recommend(
    const trustfit::v1::RecommendationRules& rules,
    const RecommendationInputs& in,
    const google::protobuf::RepeatedPtrField<trustfit::v1::Condition>&
        conditions);

// How good an arrangement is, for comparing them: NOT_RECOMMENDED 1 up to
// ASSOCIATE_INTEGRATION 5; 0 for INSUFFICIENT_DATA and UNSPECIFIED.
int ArrangementRank(trustfit::v1::Arrangement arrangement);

// The arrangements a school can be quoted for and given terms: every one
// that can go ahead, from PARTNER up to ASSOCIATE_INTEGRATION.
inline constexpr std::array<trustfit::v1::Arrangement, 4>
    kQuotableArrangements = {trustfit::v1::ARRANGEMENT_ASSOCIATE_INTEGRATION,
                             trustfit::v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
                             trustfit::v1::ARRANGEMENT_TRUST_PARTNERSHIP,
                             trustfit::v1::ARRANGEMENT_PARTNER};
bool IsQuotable(trustfit::v1::Arrangement arrangement);

// The next better arrangement than `arrangement`, or UNSPECIFIED when it is
// already the best.
trustfit::v1::Arrangement NextBetterArrangement(
    trustfit::v1::Arrangement arrangement);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_RECOMMENDATION_H_
