// TokenStore: bearer tokens for scripts and other services, checked against
// a tokens file that holds only each token's SHA-256, its principal and its
// roles, so that reading the file does not give the tokens away.
//
// The file: one token a line, "sha256:<64 hex digits> <principal> <roles>",
// roles comma-separated; `#` starts a comment. To make a token and its line:
//
//   token=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')
//   hash=$(printf %s "$token" | sha256sum | cut -d' ' -f1)
//   echo "sha256:$hash ci-pipeline viewer" >> tokens
//
// (the caller keeps $token; the file keeps the hash.)
//
//   TRUSTFIT_ASSIGN_OR_RETURN(TokenStore tokens,
//                             TokenStore::FromFile("/etc/trustfit/tokens"));
//   absl::StatusOr<Principal> caller = tokens.Authenticate(token);
//
// Authenticate compares the token's hash with every stored hash in constant
// time and answers every refusal alike (UNAUTHENTICATED, TOKEN_INVALID), so
// neither its time nor its answer says whether a token exists.

#ifndef TRUSTFIT_SERVER_AUTH_TOKEN_STORE_H_
#define TRUSTFIT_SERVER_AUTH_TOKEN_STORE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// "sha256:" and the lower-case hex SHA-256 of `token`: its line's first
// field.
std::string TokenHash(absl::string_view token);

class TokenStore {
 public:
  // Reads and parses the tokens file at `path`.
  static absl::StatusOr<TokenStore> FromFile(const std::string& path);

  // Parses `text`; errors name `source`, the line and the field at fault
  // (hash, principal or roles), never the hash itself. A hash listed twice
  // is an error.
  static absl::StatusOr<TokenStore> FromText(absl::string_view text,
                                             absl::string_view source);

  // The principal whose token is `token`, with AuthMethod::kToken; or
  // UNAUTHENTICATED, TOKEN_INVALID.
  absl::StatusOr<Principal> Authenticate(absl::string_view token) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::array<uint8_t, 32> hash;
    std::string principal;
    RoleSet roles;
  };
  std::vector<Entry> entries_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_TOKEN_STORE_H_
