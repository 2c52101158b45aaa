#include "server/auth/role_bindings.h"

#include "scoring/status_macros.h"
#include "server/auth/config_file.h"

namespace trustfit::server::auth {

absl::StatusOr<RoleBindings> RoleBindings::FromFile(const std::string& path) {
  return ParseConfigFile<RoleBindings>(path, "role bindings file");
}

absl::StatusOr<RoleBindings> RoleBindings::FromText(absl::string_view text,
                                                    absl::string_view source) {
  RoleBindings out;
  for (const ConfigLine& line : SplitConfigLines(text)) {
    Binding binding;
    if (line.fields[0] == AuthMethodName(AuthMethod::kMtls)) {
      binding.method = AuthMethod::kMtls;
    } else if (line.fields[0] == AuthMethodName(AuthMethod::kJwt)) {
      binding.method = AuthMethod::kJwt;
    } else {
      return LineError(source, line.number, "method",
                       "expected mtls or jwt (bearer tokens have their "
                       "roles in the tokens file)");
    }
    TRUSTFIT_ASSIGN_OR_RETURN(const absl::string_view principal,
                              PrincipalField(source, line, 1, true));
    binding.principal = std::string(principal);
    TRUSTFIT_ASSIGN_OR_RETURN(binding.roles, RolesField(source, line, 2));
    out.bindings_.push_back(std::move(binding));
  }
  return out;
}

RoleSet RoleBindings::RolesFor(AuthMethod method,
                               absl::string_view principal) const {
  RoleSet roles;
  for (const Binding& binding : bindings_) {
    if (binding.method == method &&
        (binding.principal == "*" || binding.principal == principal)) {
      roles.AddAll(binding.roles);
    }
  }
  return roles;
}

}  // namespace trustfit::server::auth
