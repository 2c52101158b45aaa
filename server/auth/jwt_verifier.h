// JwtVerifier: JWT / OIDC bearer tokens (RFC 7519) signed by a trusted
// issuer, verified against its public keys (JwtKeySet) and turned into a
// Principal with AuthMethod::kJwt.
//
//   JwtConfig config;
//   config.issuer = "https://login.microsoftonline.com/<tenant>/v2.0";
//   config.audiences = {"api://trustfit"};
//   TRUSTFIT_ASSIGN_OR_RETURN(JwtKeySet keys, JwtKeySet::FromFile(jwks_path));
//   TRUSTFIT_ASSIGN_OR_RETURN(JwtVerifier verifier,
//                             JwtVerifier::Create(config, std::move(keys)));
//   absl::StatusOr<Principal> caller = verifier.Verify(token, absl::Now());
//
// What is checked, in this order: the header's `alg` is on the allow-list
// (never `none`, never HMAC: a server holding only public keys must not
// accept tokens "signed" with them as secrets); its `kid` names a key of the
// set of the type the algorithm needs; the signature verifies; only then
// the claims: `iss` is the issuer, `aud` (a string or an array) holds one of
// the audiences, `exp` is present and `exp`/`nbf` hold within the clock
// skew, and the principal claim is a usable name.
//
// Roles come from `roles_claim`, a dotted path into the claims ("roles" for
// Microsoft Entra ID app roles, "realm_access.roles" for Keycloak; a key
// that itself holds dots, such as "kubernetes.io", is matched whole). The
// claim may be an array of strings or one space-separated string (OAuth
// "scope"). Values are mapped through `role_values`; values it does not
// name are ignored. A token without the claim authenticates with no roles
// (so every call is then refused with ROLE_REQUIRED), and RoleBindings may
// add roles by principal.
//
// Signatures are verified by cpp-jwt (libcpp-jwt-dev); the header and claims
// are parsed and checked here, so that the order above holds, the clock can
// be injected, and audiences may be arrays.

#ifndef TRUSTFIT_SERVER_AUTH_JWT_VERIFIER_H_
#define TRUSTFIT_SERVER_AUTH_JWT_VERIFIER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/auth/jwt_keys.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// Largest token accepted (gRPC's default metadata limit is 8 KiB anyway).
inline constexpr size_t kMaxJwtBytes = 16384;

// Largest clock skew JwtConfig may allow.
inline constexpr absl::Duration kMaxClockSkew = absl::Minutes(5);

struct JwtConfig {
  // The exact `iss` of accepted tokens. Required.
  std::string issuer;
  // Accepted `aud` values: a token's audience must hold one. Required.
  std::vector<std::string> audiences;
  // Accepted `alg` values, from RS256, RS384, RS512, ES256, ES384, ES512.
  std::vector<std::string> algorithms = {"RS256", "ES256"};
  // How far `exp` and `nbf` may be off this server's clock; up to 5 min.
  absl::Duration clock_skew = absl::Seconds(60);
  // Dotted path of the claim naming the principal.
  std::string principal_claim = "sub";
  // Dotted path of the claim holding role values.
  std::string roles_claim = "roles";
  // Role value -> role. Empty: the values "viewer", "assessor", "admin".
  std::map<std::string, Role> role_values;
};

class JwtVerifier {
 public:
  // Fails on an incomplete config, an algorithm outside the list above, a
  // skew outside [0, 5 min], or keys none of the algorithms can use.
  static absl::StatusOr<JwtVerifier> Create(JwtConfig config, JwtKeySet keys);

  // The principal `token` names, as of `now`; or UNAUTHENTICATED with
  // TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_NOT_YET_VALID. Thread-safe.
  absl::StatusOr<Principal> Verify(absl::string_view token,
                                   absl::Time now) const;

 private:
  JwtVerifier(JwtConfig config, JwtKeySet keys)
      : config_(std::move(config)), keys_(std::move(keys)) {}

  JwtConfig config_;
  JwtKeySet keys_;
};

// True when `token` has the shape of a JWS compact serialization: three
// parts separated by two dots (a bearer token with another shape is not a
// JWT, whatever it says).
bool LooksLikeJwt(absl::string_view token);

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_JWT_VERIFIER_H_
