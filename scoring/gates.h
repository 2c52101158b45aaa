// Internal to the scoring library: the hard rules of §3.4.
//
// Gates are checked after the criteria and before the recommendation. Each
// fired gate names its reason code, its effect on the recommendation and
// what to do; some also attach a condition to whatever is recommended.

#ifndef TRUSTFIT_SCORING_GATES_H_
#define TRUSTFIT_SCORING_GATES_H_

#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Appends every gate that fires to `assessment->gates()` and the conditions
// they attach to `conditions`. Reads the criteria, capacity and location
// analysis already in `assessment`.
void EvaluateGates(
    const AssessmentContext& ctx, trustfit::v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<trustfit::v1::Condition>* conditions);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_GATES_H_
