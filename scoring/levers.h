// Levers: the inputs of a candidate that a school or trust can act on, for
// "what would it take" (§3.7).
//
// Each lever is one candidate field (by path), the values worth trying for
// it (better than now, nearest first, taken from the policy's curve points,
// rubric ratings or enum values), how to set one, and how to show it. Some
// levers exist only to clear a gate, and are used for nothing else: gates
// are cleared only by what their reason names (safeguarding met, a better
// inspection, an agreed recovery plan). URN, phase, location and religious
// character are facts, not levers. The policy lists which levers a search
// may pull (scoring.improvement.actionable_fields).
//
//   const Lever* lever = FindLever("standards.overall_absence_pct");
//   for (double value : lever->options(ctx)) {
//     trustfit::v1::Candidate changed = ctx.candidate;
//     lever->apply(value, &changed);  // then score `changed` again
//   }

#ifndef TRUSTFIT_SCORING_LEVERS_H_
#define TRUSTFIT_SCORING_LEVERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scoring/criteria.h"
#include "scoring/reason_codes.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

struct Lever {
  // The candidate field, e.g. "standards.overall_absence_pct".
  absl::string_view field;
  // Values better than the candidate's now, nearest first; empty when the
  // lever cannot help this candidate (a money field without the base it is
  // a share of, a rating already at its best).
  std::vector<double> (*options)(const AssessmentContext& ctx);
  // Sets the field to `value` (one of the options).
  void (*apply)(double value, trustfit::v1::Candidate* candidate);
  // The field's value as a reader sees it: "6.9%", "missing".
  std::string (*show)(const trustfit::v1::Candidate& candidate);
  // The gates it clears, for a lever used only to clear gates; empty for a
  // lever that improves a factor or meets a rule's condition.
  absl::Span<const ReasonCode> clears_gates;
};

// Every lever, in the order a search tries them.
absl::Span<const Lever> AllLevers();

// The lever of `field`, or nullptr.
const Lever* FindLever(absl::string_view field);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_LEVERS_H_
