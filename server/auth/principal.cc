#include "server/auth/principal.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace trustfit::server::auth {
namespace {

constexpr Role kAllRoles[] = {trustfit::v1::ROLE_VIEWER,
                              trustfit::v1::ROLE_ASSESSOR,
                              trustfit::v1::ROLE_ADMIN};

uint8_t Bit(Role role) { return static_cast<uint8_t>(1u << role); }

}  // namespace

absl::string_view AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kNone:
      return "none";
    case AuthMethod::kToken:
      return "token";
    case AuthMethod::kJwt:
      return "jwt";
    case AuthMethod::kMtls:
      return "mtls";
  }
  return "none";
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case trustfit::v1::ROLE_VIEWER:
      return "viewer";
    case trustfit::v1::ROLE_ASSESSOR:
      return "assessor";
    case trustfit::v1::ROLE_ADMIN:
      return "admin";
    default:
      return "unspecified";
  }
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (const Role role : kAllRoles) {
    if (name == RoleName(role)) return role;
  }
  return std::nullopt;
}

RoleSet::RoleSet(std::initializer_list<Role> roles) {
  for (const Role role : roles) Add(role);
}

void RoleSet::Add(Role role) {
  if (role != trustfit::v1::ROLE_UNSPECIFIED) bits_ |= Bit(role);
}

void RoleSet::AddAll(const RoleSet& other) { bits_ |= other.bits_; }

bool RoleSet::Allows(Role required) const {
  if (required == trustfit::v1::ROLE_UNSPECIFIED) return true;
  // Roles are ordered: holding any role at or above `required` is enough.
  for (const Role role : kAllRoles) {
    if (role >= required && (bits_ & Bit(role)) != 0) return true;
  }
  return false;
}

std::string RoleSet::ToString() const {
  std::vector<absl::string_view> names;
  for (const Role role : kAllRoles) {
    if ((bits_ & Bit(role)) != 0) names.push_back(RoleName(role));
  }
  return absl::StrJoin(names, ",");
}

absl::StatusOr<RoleSet> ParseRoles(absl::string_view list) {
  RoleSet roles;
  for (const absl::string_view name : absl::StrSplit(list, ',')) {
    const std::optional<Role> role = ParseRole(name);
    if (!role.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown role \"", name,
                       "\" (the roles are viewer, assessor and admin)"));
    }
    roles.Add(*role);
  }
  return roles;
}

absl::Status CheckPrincipalName(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("is empty");
  if (name.size() > kMaxPrincipalNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("is longer than ", kMaxPrincipalNameBytes, " bytes"));
  }
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return absl::InvalidArgumentError("holds a control character");
    }
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return absl::InvalidArgumentError("begins or ends with a space");
  }
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
