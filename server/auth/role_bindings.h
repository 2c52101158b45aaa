// RoleBindings: roles for principals whose credentials prove who they are
// but not what they may do — client certificates, and JWTs that carry no
// role claim (a Kubernetes service-account token, say).
//
// The file: one binding a line, "<method> <principal> <roles>", method
// `mtls` or `jwt`, principal `*` for any principal of that method; `#`
// starts a comment:
//
//   mtls spiffe://trust.example/ns/trustfit/sa/batch   assessor
//   mtls *                                            viewer
//   jwt  system:serviceaccount:trustfit:reporter       viewer
//
//   TRUSTFIT_ASSIGN_OR_RETURN(RoleBindings bindings,
//                             RoleBindings::FromFile("/etc/trustfit/roles"));
//   RoleSet roles = bindings.RolesFor(AuthMethod::kMtls, certificate_name);

#ifndef TRUSTFIT_SERVER_AUTH_ROLE_BINDINGS_H_
#define TRUSTFIT_SERVER_AUTH_ROLE_BINDINGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

class RoleBindings {
 public:
  // No bindings: every principal gets no roles from here.
  RoleBindings() = default;

  // Reads and parses the role bindings file at `path`.
  static absl::StatusOr<RoleBindings> FromFile(const std::string& path);

  // Parses `text`; errors name `source`, the line and the field at fault.
  static absl::StatusOr<RoleBindings> FromText(absl::string_view text,
                                               absl::string_view source);

  // The union of the roles bound to `principal` and to `*` for `method`.
  RoleSet RolesFor(AuthMethod method, absl::string_view principal) const;

  size_t size() const { return bindings_.size(); }

 private:
  struct Binding {
    AuthMethod method;
    std::string principal;  // "*": any
    RoleSet roles;
  };
  std::vector<Binding> bindings_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_ROLE_BINDINGS_H_
