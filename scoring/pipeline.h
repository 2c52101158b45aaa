// The pipeline view (§7): per cluster of the policy, its executive capacity,
// the days committed to its own schools and to its active arrangements,
// utilisation, and each arrangement's next review and term end with what is
// overdue or due soon. Pure: the server reads the arrangements.
//
//   v1::GetPipelineResponse pipeline =
//       BuildPipeline(policy, active, "", DateOf(absl::Now()), 30);

#ifndef TRUSTFIT_SCORING_PIPELINE_H_
#define TRUSTFIT_SCORING_PIPELINE_H_

#include <string>
#include <vector>

#include "google/type/date.pb.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::scoring {

// BuildPipeline()
//
// Every cluster of `policy` (or only `cluster_id` when not empty), in the
// policy's order, with the active `arrangements` of each, soonest next
// review first. Arrangements of a cluster the policy no longer has come
// last, under that cluster's id with no capacity. A review or term end
// before `as_of` is overdue; one within `due_within_days` of it is due soon.
trustfit::v1::GetPipelineResponse BuildPipeline(
    const Policy& policy,
    const std::vector<trustfit::v1::ArrangementRecord>& arrangements,
    const std::string& cluster_id, const google::type::Date& as_of,
    int due_within_days);

// The active arrangements of `cluster_id` among `arrangements`, as
// portfolio commitments (portfolio.h).
std::vector<trustfit::v1::PortfolioCommitment> CommitmentsOf(
    const std::vector<trustfit::v1::ArrangementRecord>& arrangements,
    const std::string& cluster_id);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_PIPELINE_H_
