// From scoring's absl::Status to the errors clients see (AIP-193).
//
// Every error carries a google.rpc.Status whose details hold a
// google.rpc.ErrorInfo (reason, domain "trustfit.example") and, when the
// request was invalid, one google.rpc.BadRequest listing every field violation.
// The same google.rpc.Status is the per-item error of a ScoreCandidates stream.
//
//   if (!record.ok()) return GrpcError(record.status(), kReasonRecordNotFound);

#ifndef TRUSTFIT_SERVER_SERVICE_RPC_STATUS_H_
#define TRUSTFIT_SERVER_SERVICE_RPC_STATUS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "scoring/field_violations.h"

namespace trustfit::server {

// ErrorInfo.domain: AIP-193 asks for the service's DNS name, not a package.
// TrustFit runs inside each trust's own network under no public name, so the
// domain is the reserved-for-examples name of the product (RFC 2606): stable,
// unique to TrustFit and never mistaken for a host to call.
inline constexpr absl::string_view kErrorDomain = "trustfit.example";

// Error reasons (ErrorInfo.reason): stable, UPPER_SNAKE.
inline constexpr absl::string_view kReasonInvalidRequest = "INVALID_REQUEST";
inline constexpr absl::string_view kReasonClusterNotFound = "CLUSTER_NOT_FOUND";
inline constexpr absl::string_view kReasonInvalidPolicy = "INVALID_POLICY";
inline constexpr absl::string_view kReasonCancelled = "CANCELLED";
inline constexpr absl::string_view kReasonDeadlineExceeded =
    "DEADLINE_EXCEEDED";
inline constexpr absl::string_view kReasonRecordNotFound = "RECORD_NOT_FOUND";
inline constexpr absl::string_view kReasonRequestIdReused = "REQUEST_ID_REUSED";
inline constexpr absl::string_view kReasonStoreDisabled = "STORE_DISABLED";
inline constexpr absl::string_view kReasonStoreFailed = "STORE_FAILED";
inline constexpr absl::string_view kReasonArrangementNotFound =
    "ARRANGEMENT_NOT_FOUND";

// The longest message of an error sent to a client; longer ones are cut.
inline constexpr size_t kMaxErrorMessageBytes = 2048;

// google.rpc.Status for `status` (which must not be OK): its code and
// message, the BadRequest that scoring attached (if any), and an ErrorInfo.
// The ErrorInfo's reason is the one `status` carries (scoring::WithErrorReason)
// if any, else `reason`; its metadata is the carried metadata and `metadata`.
google::rpc::Status MakeRpcStatus(
    const absl::Status& status, absl::string_view reason,
    const std::map<std::string, std::string>& metadata = {});

// The google.rpc.Status a failed call ends with: MakeRpcStatus with the
// reason `status` carries (scoring::WithErrorReason, set where the cause is
// known) or else the one its code implies:
//   INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION   INVALID_REQUEST
//   NOT_FOUND                                 `not_found`: what the call
//                                             looked up (RECORD_NOT_FOUND...)
//   CANCELLED, DEADLINE_EXCEEDED              the same words
//   any other (UNAVAILABLE, INTERNAL, ...)    STORE_FAILED: the store is what
//                                             a call depends on that fails so
google::rpc::Status ErrorFor(const absl::Status& status,
                             absl::string_view not_found);

// ToGrpcStatus(ErrorFor(status, not_found)).
grpc::Status GrpcError(const absl::Status& status, absl::string_view not_found);

// INVALID_ARGUMENT INVALID_REQUEST "invalid request", with `violations` as
// its BadRequest.
grpc::Status InvalidRequest(const scoring::FieldViolations& violations);

// FAILED_PRECONDITION STORE_DISABLED: the call needs records, decisions or
// arrangements, and the server was started without --store.
grpc::Status NoStoreError();

// The grpc::Status carrying `rpc_status` as its binary error details.
grpc::Status ToGrpcStatus(const google::rpc::Status& rpc_status);

// The grpc::Status for a refusal of server/auth (UNAUTHENTICATED,
// PERMISSION_DENIED): its reason and metadata travel inside `refusal`
// (ACCESS_REFUSED should one ever lack them).
grpc::Status AccessRefusal(const absl::Status& refusal);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_RPC_STATUS_H_
