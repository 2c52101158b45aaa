// Assess(): the compatibility assessment of §3, end to end.
//
// Given a policy, a candidate school and the cluster it would join, scores
// the six criteria from their factors, weighs them into an overall 0-100
// score (leaving out what is missing and saying so), checks the gates,
// recommends an arrangement with its term and conditions, and lists the
// reasons for and against, ordered by points. The result records the policy
// it was computed under. It is deterministic: the same input and policy give
// a byte-identical result.
//
//   absl::StatusOr<trustfit::v1::Assessment> assessment =
//       Assess(policy, candidate, *policy.FindCluster("north"));
//
// The steps, in the order a reader meets them in assess.cc:
//   validate -> criteria (standards.cc .. capacity.cc) -> weigh -> reasons
//   -> gates (gates.cc) -> recommendation (recommendation.cc).

#ifndef TRUSTFIT_SCORING_ASSESS_H_
#define TRUSTFIT_SCORING_ASSESS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::scoring {

// Assess()
//
// INVALID_ARGUMENT listing every field violation ("candidate.identity.urn",
// "cluster.hub") when the candidate or cluster is invalid.
absl::StatusOr<trustfit::v1::Assessment> Assess(
    const Policy& policy, const trustfit::v1::Candidate& candidate,
    const trustfit::v1::Cluster& cluster);

// What an assessment includes beyond its criteria, gates and
// recommendation.
struct AssessOptions {
  // The outlook (§3.6); "what would it take" scores many what-ifs without.
  bool outlook = true;
};

// AssessInto()
//
// As Assess(), writing into `out` (cleared first) so that a caller scoring
// many candidates can reuse one message's memory.
absl::Status AssessInto(const Policy& policy,
                        const trustfit::v1::Candidate& candidate,
                        const trustfit::v1::Cluster& cluster,
                        trustfit::v1::Assessment* out,
                        const AssessOptions& options = {});

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_ASSESS_H_
