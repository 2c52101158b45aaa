// The errors access control gives callers: UNAUTHENTICATED or
// PERMISSION_DENIED, each with a stable reason, made so that
// server/service/rpc_status's MakeRpcStatus turns them into the usual
// google.rpc.Status (an ErrorInfo with the reason, domain "trustfit.example").
//
// The reason and its metadata travel inside the absl::Status as an ErrorInfo
// payload (scoring::WithErrorReason), as scoring's field violations travel as
// a BadRequest payload:
//
//   absl::Status denied = RoleRequired(
//       "/trustfit.v1.TrustFitService/CreateAssessment",
//       trustfit::v1::ROLE_ASSESSOR, caller);
//   scoring::ErrorReasonOf(denied).reason;  // "ROLE_REQUIRED"
//   return AccessRefusal(denied);           // server/service/rpc_status.h
//
// Messages never say whether a bearer token exists: every unknown, altered
// or unverifiable token gets the same TOKEN_INVALID and message.

#ifndef TRUSTFIT_SERVER_AUTH_AUTH_STATUS_H_
#define TRUSTFIT_SERVER_AUTH_AUTH_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "scoring/field_violations.h"  // ErrorReasonOf reads these statuses.
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// Error reasons (ErrorInfo.reason), beside those of
// server/service/rpc_status.h. UNAUTHENTICATED:
inline constexpr absl::string_view kReasonAuthRequired = "AUTH_REQUIRED";
inline constexpr absl::string_view kReasonTokenInvalid = "TOKEN_INVALID";
inline constexpr absl::string_view kReasonTokenExpired = "TOKEN_EXPIRED";
inline constexpr absl::string_view kReasonTokenNotYetValid =
    "TOKEN_NOT_YET_VALID";
// PERMISSION_DENIED; metadata "required_role" names the role needed and
// "method" the method called:
inline constexpr absl::string_view kReasonRoleRequired = "ROLE_REQUIRED";
// INTERNAL: a handler asked about a method the rules table does not hold
// (a programming error; the call is refused rather than let through).
inline constexpr absl::string_view kReasonAccessRuleMissing =
    "ACCESS_RULE_MISSING";

// The message of every refused bearer token whose signature was not
// verified, so that none says more than another.
inline constexpr absl::string_view kTokenInvalidMessage =
    "the bearer token is not valid";

// UNAUTHENTICATED with `reason` (one of the kReason constants above).
absl::Status Unauthenticated(absl::string_view reason,
                             absl::string_view message);

// PERMISSION_DENIED, ROLE_REQUIRED: `principal` may not call `method`,
// which needs `required`.
absl::Status RoleRequired(absl::string_view method, Role required,
                          const Principal& principal);

// INTERNAL, ACCESS_RULE_MISSING for `method`.
absl::Status AccessRuleMissing(absl::string_view method);

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_AUTH_STATUS_H_
