// Internal to the scoring library: the outlook of an assessment (§3.6),
// screening on incomplete data.
//
// Before due diligence a trust has only public data and most assessments are
// INSUFFICIENT_DATA. The outlook says what the school could still become:
//   - the provisional recommendation, rules 2-7 of §3.5 without the
//     completeness minimum;
//   - the range of the overall score with every missing factor (and missing
//     criterion) at its worst and at its best score under the policy, and
//     the worst and best recommendation reachable, counting the gates whose
//     inputs are missing as possibly firing in the worst case;
//   - the data to collect first: each missing input, by how far it alone
//     can move the overall score, and whether it alone could change the
//     provisional recommendation.
//
//   AddOutlook(ctx, conditions, &assessment);  // after the recommendation

#ifndef TRUSTFIT_SCORING_OUTLOOK_H_
#define TRUSTFIT_SCORING_OUTLOOK_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Fills `assessment->outlook()` from the assessment already made (criteria,
// gates, recommendation) and the conditions its gates attached.
void AddOutlook(
    const AssessmentContext& ctx,
    const google::protobuf::RepeatedPtrField<trustfit::v1::Condition>&
        conditions,
    trustfit::v1::Assessment* assessment);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_OUTLOOK_H_
