// Who a caller is once authenticated: a name, the roles it holds and how it
// proved who it is. Roles are ordered (viewer < assessor < admin), each
// including the ones below it, and named in trustfit/v1/auth.proto.
//
//   const Principal alice{"alice@trust.example",
//                         RoleSet{trustfit::v1::ROLE_ASSESSOR},
//                         AuthMethod::kJwt};
//   alice.roles.Allows(trustfit::v1::ROLE_VIEWER);  // true
//   alice.roles.Allows(trustfit::v1::ROLE_ADMIN);   // false
//
//   TRUSTFIT_ASSIGN_OR_RETURN(RoleSet roles, ParseRoles("viewer,admin"));

#ifndef TRUSTFIT_SERVER_AUTH_PRINCIPAL_H_
#define TRUSTFIT_SERVER_AUTH_PRINCIPAL_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "trustfit/v1/auth.pb.h"

namespace trustfit::server::auth {

using Role = ::trustfit::v1::Role;

// AuthMethod
//
// How a principal proved who it is. kNone: authentication is off (the server
// was started without any method, on loopback or explicitly allowed), so the
// caller is anonymous and may do anything.
enum class AuthMethod { kNone, kToken, kJwt, kMtls };

// "none", "token", "jwt" or "mtls": as written in logs, audit events and the
// role bindings file.
absl::string_view AuthMethodName(AuthMethod method);

// "viewer", "assessor" or "admin"; "unspecified" for ROLE_UNSPECIFIED.
absl::string_view RoleName(Role role);

// The role named `name` ("viewer", "assessor", "admin"; lower case, as in
// the tokens file), or nullopt.
std::optional<Role> ParseRole(absl::string_view name);

// RoleSet
//
// The roles a principal holds. Small and copyable.
class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles);

  void Add(Role role);
  void AddAll(const RoleSet& other);

  // True when the set holds `required` or a role above it. Every set allows
  // ROLE_UNSPECIFIED.
  bool Allows(Role required) const;

  bool empty() const { return bits_ == 0; }

  // "viewer,admin" in increasing order; "" when empty.
  std::string ToString() const;

  bool operator==(const RoleSet& other) const { return bits_ == other.bits_; }
  bool operator!=(const RoleSet& other) const { return bits_ != other.bits_; }

 private:
  uint8_t bits_ = 0;
};

// The roles of a comma-separated list such as "viewer,assessor" (no
// spaces, at least one role, repeats allowed). The error names the unknown
// role and the known ones.
absl::StatusOr<RoleSet> ParseRoles(absl::string_view list);

// Principal
//
// An authenticated caller. `name` is what records and logs carry as the
// requester: a token's principal, a JWT's principal claim, or a client
// certificate's subject (first SAN, else CN).
struct Principal {
  std::string name;
  RoleSet roles;
  AuthMethod method = AuthMethod::kNone;
};

// Longest principal name accepted from any source.
inline constexpr size_t kMaxPrincipalNameBytes = 256;

// OK when `name` can be a principal's name: 1 to 256 bytes, no control
// characters, no space at either end (names are written into records and
// logs as they are; a certificate's "CN=Alice Smith" is a name, though the
// tokens and role bindings files, split at spaces, cannot hold it).
absl::Status CheckPrincipalName(absl::string_view name);

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_PRINCIPAL_H_
