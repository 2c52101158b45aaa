// What every handler of server/service does the same way: end a unary call,
// notice a caller that has gone, pick the cluster a request names, and cut
// an assessment to the view asked for. Shared by the unary handlers and the
// ScoreCandidates stream, so that neither includes the other.
//
//   if (absl::Status gone = CallerGone(context); !gone.ok())
//     return FinishUnary(context, GrpcError(gone, kReasonRecordNotFound));

#ifndef TRUSTFIT_SERVER_SERVICE_CALL_HELPERS_H_
#define TRUSTFIT_SERVER_SERVICE_CALL_HELPERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/trust.pb.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::server {

// Ends a unary call with `status` on its default reactor, which a call may
// take only once.
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      grpc::Status status);

// CANCELLED or DEADLINE_EXCEEDED when the caller has gone; OK otherwise.
// Checked before work so that abandoned calls cost nothing.
absl::Status CallerGone(grpc::CallbackServerContext* context);

// The cluster a request names: one of the policy's by id, or the one given
// inline. NOT_FOUND (reason CLUSTER_NOT_FOUND, the known ids as metadata)
// for an unknown id; INVALID_ARGUMENT on `id_field` when neither is given.
absl::StatusOr<const trustfit::v1::Cluster*> SelectCluster(
    const scoring::Policy& policy, const std::string& cluster_id,
    const trustfit::v1::Cluster* inline_cluster, absl::string_view id_field);

// SelectCluster for a request with `cluster_id` and an inline `cluster`.
template <typename Request>
absl::StatusOr<const trustfit::v1::Cluster*> ClusterOfRequest(
    const scoring::Policy& policy, const Request& request) {
  return SelectCluster(policy, request.cluster_id(),
                       request.has_cluster() ? &request.cluster() : nullptr,
                       "cluster_id");
}

// Cuts `assessment` down to `view` (AIP-157): BASIC drops the per-factor
// detail of each criterion; FULL and UNSPECIFIED keep everything.
void ApplyView(trustfit::v1::AssessmentView view,
               trustfit::v1::Assessment* assessment);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_CALL_HELPERS_H_
