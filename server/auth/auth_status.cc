#include "server/auth/auth_status.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "scoring/field_violations.h"

namespace trustfit::server::auth {
namespace {

absl::Status WithReason(absl::Status status, absl::string_view reason,
                        std::map<std::string, std::string> metadata) {
  return scoring::WithErrorReason(std::move(status),
                                  {std::string(reason), std::move(metadata)});
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

}  // namespace trustfit::server::auth
