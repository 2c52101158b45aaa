// Authenticator: who made a call, from its credentials — a bearer token in
// the `authorization` metadata (a tokens-file token or a JWT), else the
// verified client certificate of its TLS connection.
//
//   Authenticator::Methods methods;
//   methods.tokens = std::make_shared<TokenStore>(std::move(tokens));
//   methods.client_certificates = true;  // the port asks for them
//   Authenticator authenticator(std::move(methods));
//   absl::StatusOr<Principal> caller = authenticator.Authenticate(
//       context.client_metadata(), context.auth_context().get(), absl::Now());
//
// A bearer token, when present, decides: a bad one is refused even on a
// connection with a good client certificate, never silently replaced by it.
// A token with the shape of a JWT goes to the JWT verifier when one is
// configured, any other to the tokens file. No credentials: UNAUTHENTICATED,
// AUTH_REQUIRED. RoleBindings add roles to certificate and JWT principals.
// With no method configured, authentication is off and every caller is the
// anonymous principal of AuthMethod::kNone.

#ifndef TRUSTFIT_SERVER_AUTH_AUTHENTICATOR_H_
#define TRUSTFIT_SERVER_AUTH_AUTHENTICATOR_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/support/string_ref.h"
#include "server/auth/jwt_verifier.h"
#include "server/auth/principal.h"
#include "server/auth/role_bindings.h"
#include "server/auth/token_store.h"

namespace trustfit::server::auth {

// A call's metadata, as grpc::ServerContextBase::client_metadata() gives it.
using CallMetadata = std::multimap<grpc::string_ref, grpc::string_ref>;

// The name a verified client certificate gives its holder: its first
// subject alternative name, else its common name; nullopt when the
// connection is not TLS or the client sent no certificate. (Ports made by
// MakeServerCredentials accept a client certificate only once it verifies
// against the client CA; never use this with a port that does not verify.)
std::optional<std::string> ClientCertificateName(
    const grpc::AuthContext& auth_context);

class Authenticator {
 public:
  // Which methods identify callers. Each is optional; none means
  // authentication is off.
  struct Methods {
    std::shared_ptr<const TokenStore> tokens;
    std::shared_ptr<const JwtVerifier> jwt;
    // Verified client certificates name their holders (the port must use
    // MakeServerCredentials with a client CA).
    bool client_certificates = false;
    std::shared_ptr<const RoleBindings> bindings;
  };

  explicit Authenticator(Methods methods);

  // False when no method is configured.
  bool enabled() const;

  // The caller of a call with `metadata` on a connection with
  // `auth_context` (may be null), as of `now`; or UNAUTHENTICATED with
  // AUTH_REQUIRED, TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_NOT_YET_VALID.
  // Thread-safe.
  absl::StatusOr<Principal> Authenticate(const CallMetadata& metadata,
                                         const grpc::AuthContext* auth_context,
                                         absl::Time now) const;

 private:
  absl::StatusOr<Principal> FromBearer(absl::string_view value,
                                       absl::Time now) const;
  absl::Status CredentialsRequired() const;

  Methods methods_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_AUTHENTICATOR_H_
