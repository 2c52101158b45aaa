#include "server/auth/auth_status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "google/rpc/error_details.pb.h"

namespace trustfit::server::auth {
namespace {

constexpr absl::string_view kErrorInfoTypeUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";

absl::Status WithReason(absl::Status status, absl::string_view reason,
                        const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  for (const auto& [key, value] : metadata) {
    (*info.mutable_metadata())[key] = value;
  }
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

}  // namespace

absl::Status Unauthenticated(absl::string_view reason,
                             absl::string_view message) {
  return WithReason(absl::UnauthenticatedError(message), reason, {});
}

absl::Status RoleRequired(absl::string_view method, Role required,
                          const Principal& principal) {
  const std::string held = principal.roles.ToString();
  return WithReason(
      absl::PermissionDeniedError(absl::StrCat(
          method, " needs the ", RoleName(required), " role; ", principal.name,
          held.empty() ? " holds no role" : absl::StrCat(" holds ", held))),
      kReasonRoleRequired,
      {{"required_role", std::string(RoleName(required))},
       {"method", std::string(method)}});
}

absl::Status AccessRuleMissing(absl::string_view method) {
  return WithReason(
      absl::InternalError(
          absl::StrCat("no access rule for ", method,
                       ": every rpc needs option (trustfit.v1.required_role)")),
      kReasonAccessRuleMissing, {{"method", std::string(method)}});
}

AuthErrorInfo AuthErrorOf(const absl::Status& status) {
  AuthErrorInfo out;
  const absl::optional<absl::Cord> payload =
      status.GetPayload(kErrorInfoTypeUrl);
  google::rpc::ErrorInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) {
    return out;
  }
  out.reason = info.reason();
  out.metadata.insert(info.metadata().begin(), info.metadata().end());
  return out;
}

}  // namespace trustfit::server::auth
