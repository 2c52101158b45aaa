#include "server/service/call_helpers.h"

#include <chrono>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/field_violations.h"
#include "scoring/utf8.h"
#include "server/service/rpc_status.h"

namespace trustfit::server {

namespace v1 = ::trustfit::v1;

grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

absl::Status CallerGone(grpc::CallbackServerContext* context) {
  if (!context->IsCancelled()) return absl::OkStatus();
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError(
        "deadline exceeded before the call was handled");
  }
  return absl::CancelledError("the caller cancelled the call");
}

absl::StatusOr<const v1::Cluster*> SelectCluster(
    const scoring::Policy& policy, const std::string& cluster_id,
    const v1::Cluster* inline_cluster, absl::string_view id_field) {
  if (inline_cluster != nullptr) return inline_cluster;
  std::vector<std::string> known;
  for (const auto& cluster : policy.proto().clusters())
    known.push_back(cluster.id());
  if (cluster_id.empty()) {
    scoring::FieldViolations violations;
    violations.Add(
        id_field,
        absl::StrCat("required: name a cluster of the policy (",
                     absl::StrJoin(known, ", "), ") or give one inline"));
    return violations.ToStatus("invalid request");
  }
  const v1::Cluster* cluster = policy.FindCluster(cluster_id);
  if (cluster == nullptr) {
    // The valid ids travel as metadata too, so that a program can offer
    // them without parsing the message.
    return scoring::WithErrorReason(
        absl::NotFoundError(absl::StrCat(
            "cluster ", scoring::QuoteValue(cluster_id),
            " is not in the policy; it has: ", absl::StrJoin(known, ", "))),
        {std::string(kReasonClusterNotFound),
         {{"cluster_id",
           scoring::Truncate(cluster_id, scoring::kMaxQuotedValueBytes)},
          {"valid_cluster_ids", absl::StrJoin(known, ",")}}});
  }
  return cluster;
}

void ApplyView(v1::AssessmentView view, v1::Assessment* assessment) {
  if (view != v1::ASSESSMENT_VIEW_BASIC) return;
  for (auto& criterion : *assessment->mutable_criteria()) {
    criterion.clear_factors();
    criterion.clear_adjustments();
  }
}

}  // namespace trustfit::server
