// Internal to the scoring library: the hard rules of §3.4.
//
// Gates are checked after the criteria and before the recommendation. Each
// fired gate names its reason code, its effect on the recommendation and
// what to do; some also attach a condition to whatever is recommended.

#ifndef TRUSTFIT_SCORING_GATES_H_
#define TRUSTFIT_SCORING_GATES_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/criteria.h"
#include "scoring/reason_codes.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Appends every gate that fires to `assessment->gates()` and the conditions
// they attach to `conditions`. Reads the criteria, capacity and location
// analysis already in `assessment`.
void EvaluateGates(
    const AssessmentContext& ctx, trustfit::v1::Assessment* assessment,
    google::protobuf::RepeatedPtrField<trustfit::v1::Condition>* conditions);

// True when any area of a report card inspection is graded "urgent
// improvement" (the gate of §3.4, and what "what would it take" lifts).
bool AnyUrgentImprovement(const trustfit::v1::ReportCardInspection& card);

// PossibleGate
//
// A gate that has not fired because its input is missing, and so could
// still fire (§3.6): an unknown safeguarding outcome can still be "not met".
struct PossibleGate {
  ReasonCode gate;
  trustfit::v1::GateEffect effect;
  // The input that would tell: the *_DATA_MISSING code, the factor it shares
  // the input with ("" when only the gate reads it) and the fields.
  ReasonCode missing;
  absl::string_view factor;
  std::vector<absl::string_view> fields;
};

// The gates that could fire on the inputs `assessment` lacks.
std::vector<PossibleGate> PossibleGates(
    const AssessmentContext& ctx, const trustfit::v1::Assessment& assessment);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_GATES_H_
