// Portfolio capacity (§7): a cluster's executive team supports its own
// schools and every active arrangement of the cluster, so an assessment
// against the cluster counts the days those arrangements commit on top of
// the committed days configured for it.
//
// The scoring core stays pure: the server reads the cluster's active
// arrangements from its store and hands them in; the assessment lists the
// arrangements it counted (CapacityAnalysis.counted_arrangements).
//
//   std::vector<v1::PortfolioCommitment> active =
//       CommitmentsOf(arrangements, "north");  // pipeline.h
//   TRUSTFIT_RETURN_IF_ERROR(AssessWithPortfolio(
//       policy, candidate, *policy.FindCluster("north"), active, &out));

#ifndef TRUSTFIT_SCORING_PORTFOLIO_H_
#define TRUSTFIT_SCORING_PORTFOLIO_H_

#include <vector>

#include "absl/status/status.h"
#include "scoring/assess.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::scoring {

// CommittedDays()
//
// The executive days a year an arrangement opened on `assessment` draws from
// its cluster: the school's net need (need - offer), or 0 for a school that
// offers at least what it needs or whose need is unknown.
double CommittedDays(const trustfit::v1::Assessment& assessment);

// AssessWithPortfolio()
//
// As AssessInto(), against `cluster` with the committed days of
// `commitments` (the cluster's active arrangements) added to its own. A
// commitment for the candidate's own school is not counted: a review
// re-assesses the need that commitment stands for. The assessment's
// capacity analysis gives the configured committed days and lists each
// arrangement counted. INVALID_ARGUMENT when a commitment's days are
// negative or not finite.
absl::Status AssessWithPortfolio(
    const Policy& policy, const trustfit::v1::Candidate& candidate,
    const trustfit::v1::Cluster& cluster,
    const std::vector<trustfit::v1::PortfolioCommitment>& commitments,
    trustfit::v1::Assessment* out, const AssessOptions& options = {});

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_PORTFOLIO_H_
