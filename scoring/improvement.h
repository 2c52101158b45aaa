// FindImprovementPath(): "what would it take" (§3.7).
//
// For a candidate, the cluster it would join and a target arrangement
// (default: the next better one than its recommendation, or than its
// provisional recommendation while data is incomplete), finds a small set of
// changes to the inputs the policy lists as actionable that reaches the
// target, or names the rules and gates that block it.
//
// The search is bounded and deterministic:
//   1. A rule's condition that no factor can meet is met first: an
//      integrating associate needs its governors' resolution
//      (governance.stage).
//   2. Gates that hold the school below the target are cleared by the lever
//      their reason names, and by nothing else: safeguarding met, a better
//      inspection, an agreed recovery plan.
//   3. Greedy: each round re-scores the candidate with each unused lever at
//      its most favourable value and keeps the one that reaches the target,
//      or else gains the most overall points; at most the policy's
//      max_changes rounds.
//   4. Pruning: any change the target does not need is dropped, then each
//      one left moves to the value nearest to now that still reaches it.
// Every state is judged by scoring the whole candidate again, so the path
// reaches its target when applied. Greedy can miss a shorter path where two
// small changes do what no single one does; tests/scoring/improvement_test
// compares it with brute force on small cases.
//
//   absl::StatusOr<v1::ImprovementPath> path = FindImprovementPath(
//       policy, candidate, *policy.FindCluster("north"),
//       v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);

#ifndef TRUSTFIT_SCORING_IMPROVEMENT_H_
#define TRUSTFIT_SCORING_IMPROVEMENT_H_

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/common.pb.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::scoring {

// FindImprovementPath()
//
// INVALID_ARGUMENT listing every field violation when the candidate or
// cluster is invalid, or when `target` is not an arrangement one can aim for
// ("target_arrangement": PARTNER up to ASSOCIATE_INTEGRATION, or
// UNSPECIFIED for the next better one).
absl::StatusOr<trustfit::v1::ImprovementPath> FindImprovementPath(
    const Policy& policy, const trustfit::v1::Candidate& candidate,
    const trustfit::v1::Cluster& cluster, trustfit::v1::Arrangement target);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_IMPROVEMENT_H_
