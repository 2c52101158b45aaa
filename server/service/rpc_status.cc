#include "server/service/rpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/error_details.h"
#include "scoring/field_violations.h"
#include "scoring/utf8.h"

namespace trustfit::server {

google::rpc::Status MakeRpcStatus(
    const absl::Status& status, absl::string_view reason,
    const std::map<std::string, std::string>& metadata) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  // Every error a client sees is built here: its message is bounded
  // whatever it quotes (a store's error, a value), so that trailers stay far
  // below the 8 KB stock clients accept.
  out.set_message(scoring::ValidUtf8(
      scoring::Truncate(status.message(), kMaxErrorMessageBytes)));
  const std::vector<scoring::FieldViolation> violations =
      scoring::FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : violations) {
      auto* violation = bad_request.add_field_violations();
      violation->set_field(v.field);
      violation->set_description(v.description);
    }
    out.add_details()->PackFrom(bad_request);
  }
  const scoring::ErrorReason carried = scoring::ErrorReasonOf(status);
  google::rpc::ErrorInfo info;
  info.set_reason(carried.reason.empty() ? std::string(reason)
                                         : carried.reason);
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : carried.metadata)
    (*info.mutable_metadata())[key] = value;
  for (const auto& [key, value] : metadata)
    (*info.mutable_metadata())[key] = value;
  out.add_details()->PackFrom(info);
  return out;
}

google::rpc::Status ErrorFor(const absl::Status& status,
                             absl::string_view not_found) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return MakeRpcStatus(status, kReasonInvalidRequest);
    case absl::StatusCode::kNotFound:
      return MakeRpcStatus(status, not_found);
    case absl::StatusCode::kCancelled:
      return MakeRpcStatus(status, kReasonCancelled);
    case absl::StatusCode::kDeadlineExceeded:
      return MakeRpcStatus(status, kReasonDeadlineExceeded);
    default:
      return MakeRpcStatus(status, kReasonStoreFailed);
  }
}

grpc::Status GrpcError(const absl::Status& status,
                       absl::string_view not_found) {
  return ToGrpcStatus(ErrorFor(status, not_found));
}

grpc::Status InvalidRequest(const scoring::FieldViolations& violations) {
  return ToGrpcStatus(MakeRpcStatus(violations.ToStatus("invalid request"),
                                    kReasonInvalidRequest));
}

grpc::Status NoStoreError() {
  return ToGrpcStatus(MakeRpcStatus(
      absl::FailedPreconditionError(
          "this server keeps no records, decisions or arrangements: start it "
          "with --store (sqlite://PATH or postgresql://...)"),
      kReasonStoreDisabled));
}

grpc::Status ToGrpcStatus(const google::rpc::Status& rpc_status) {
  grpc::Status status;
  grpc::SetErrorDetails(rpc_status, &status);
  return status;
}

grpc::Status AccessRefusal(const absl::Status& refusal) {
  return ToGrpcStatus(MakeRpcStatus(refusal, "ACCESS_REFUSED"));
}

}  // namespace trustfit::server
