#include "server/auth/authenticator.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc_security_constants.h"
#include "server/auth/auth_status.h"

namespace trustfit::server::auth {
namespace {

constexpr absl::string_view kAuthorization = "authorization";
constexpr absl::string_view kBearerScheme = "bearer ";

std::optional<std::string> FirstProperty(const grpc::AuthContext& context,
                                         const char* name) {
  const std::vector<grpc::string_ref> values = context.FindPropertyValues(name);
  if (values.empty()) return std::nullopt;
  return std::string(values.front().data(), values.front().size());
}

}  // namespace

std::optional<std::string> ClientCertificateName(
    const grpc::AuthContext& auth_context) {
  const std::optional<std::string> transport =
      FirstProperty(auth_context, GRPC_TRANSPORT_SECURITY_TYPE_PROPERTY_NAME);
  // "tls" under gRPC's TLS credentials (ours), "ssl" under the older SSL
  // credentials.
  if (transport != GRPC_TLS_TRANSPORT_SECURITY_TYPE &&
      transport != GRPC_SSL_TRANSPORT_SECURITY_TYPE) {
    return std::nullopt;
  }
  if (std::optional<std::string> san =
          FirstProperty(auth_context, GRPC_X509_SAN_PROPERTY_NAME)) {
    return san;
  }
  return FirstProperty(auth_context, GRPC_X509_CN_PROPERTY_NAME);
}

Authenticator::Authenticator(Methods methods) : methods_(std::move(methods)) {}

bool Authenticator::enabled() const {
  return methods_.tokens != nullptr || methods_.jwt != nullptr ||
         methods_.client_certificates;
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const CallMetadata& metadata, const grpc::AuthContext* auth_context,
    absl::Time now) const {
  if (!enabled()) return Principal{"", RoleSet(), AuthMethod::kNone};
  const auto [first, last] = metadata.equal_range(
      grpc::string_ref(kAuthorization.data(), kAuthorization.size()));
  if (first != last) {
    if (std::next(first) != last) {
      return Unauthenticated(kReasonTokenInvalid,
                             "a call may carry only one authorization header");
    }
    return FromBearer(
        absl::string_view(first->second.data(), first->second.size()), now);
  }
  if (methods_.client_certificates && auth_context != nullptr) {
    if (std::optional<std::string> name = ClientCertificateName(*auth_context);
        name.has_value() && CheckPrincipalName(*name).ok()) {
      RoleSet roles;
      if (methods_.bindings != nullptr) {
        roles = methods_.bindings->RolesFor(AuthMethod::kMtls, *name);
      }
      return Principal{std::move(*name), roles, AuthMethod::kMtls};
    }
  }
  return CredentialsRequired();
}

absl::StatusOr<Principal> Authenticator::FromBearer(absl::string_view value,
                                                    absl::Time now) const {
  if (!absl::StartsWithIgnoreCase(value, kBearerScheme)) {
    return Unauthenticated(
        kReasonTokenInvalid,
        "the authorization header must be \"Bearer <token>\"");
  }
  const absl::string_view token =
      absl::StripAsciiWhitespace(value.substr(kBearerScheme.size()));
  if (methods_.jwt != nullptr && LooksLikeJwt(token)) {
    absl::StatusOr<Principal> principal = methods_.jwt->Verify(token, now);
    if (principal.ok() && methods_.bindings != nullptr) {
      principal->roles.AddAll(
          methods_.bindings->RolesFor(AuthMethod::kJwt, principal->name));
    }
    return principal;
  }
  if (methods_.tokens != nullptr) return methods_.tokens->Authenticate(token);
  return Unauthenticated(kReasonTokenInvalid, kTokenInvalidMessage);
}

absl::Status Authenticator::CredentialsRequired() const {
  std::vector<absl::string_view> accepted;
  if (methods_.tokens != nullptr || methods_.jwt != nullptr) {
    accepted.push_back("a bearer token (authorization: Bearer <token>)");
  }
  if (methods_.client_certificates) accepted.push_back("a client certificate");
  return Unauthenticated(kReasonAuthRequired,
                         absl::StrCat("this call needs credentials: ",
                                      absl::StrJoin(accepted, " or ")));
}

}  // namespace trustfit::server::auth
