// Internal to the scoring library: the recommendation rules of §3.5.

#ifndef TRUSTFIT_SCORING_RECOMMENDATION_H_
#define TRUSTFIT_SCORING_RECOMMENDATION_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Chooses the arrangement: the first rule of §3.5 that applies wins. Reads
// the overall score, completeness, gates, capacity and location already in
// `assessment`; the conditions go with any arrangement that can go ahead.
trustfit::v1::Recommendation Recommend(
    const AssessmentContext& ctx, const trustfit::v1::Assessment& assessment,
    const google::protobuf::RepeatedPtrField<trustfit::v1::Condition>&
        conditions);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_RECOMMENDATION_H_
