// JwtKeySet: the public keys that may sign the JWTs a server accepts, from
// a JWKS file (RFC 7517: RSA and EC keys, chosen by `kid`) or a PEM public
// key (one key, for any `kid`).
//
//   TRUSTFIT_ASSIGN_OR_RETURN(JwtKeySet keys,
//                             JwtKeySet::FromFile("/etc/trustfit/jwks.json"));
//   const JwtKey* key = keys.Find(header_kid);  // nullptr: unknown signer
//
// A JWKS is what an OpenID provider publishes at its jwks_uri (Microsoft
// Entra ID: https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys;
// Kubernetes: the API server's /openid/v1/jwks). Keys for encryption
// ("use": "enc") and of other types (symmetric "oct", "OKP") are skipped:
// only RSA of 2048 bits or more and EC on P-256, P-384 and P-521 verify.

#ifndef TRUSTFIT_SERVER_AUTH_JWT_KEYS_H_
#define TRUSTFIT_SERVER_AUTH_JWT_KEYS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace trustfit::server::auth {

// JwtKey
//
// One verification key.
struct JwtKey {
  enum class Type { kRsa, kEc };

  std::string kid;  // Empty for a PEM key.
  Type type = Type::kRsa;
  std::string curve;  // "P-256", "P-384" or "P-521" for EC keys.
  std::string alg;    // The JWKS's "alg" when given: the only one it signs.
  std::string pem;    // SubjectPublicKeyInfo PEM, as the JWT library takes it.
};

class JwtKeySet {
 public:
  // The keys of a JWKS document ({"keys": [...]}). Fails on malformed JSON,
  // on a usable key with bad parameters (naming the key), on two keys with
  // one kid, and when no key is usable.
  static absl::StatusOr<JwtKeySet> FromJwks(absl::string_view json);

  // The one key of a PEM "PUBLIC KEY" block.
  static absl::StatusOr<JwtKeySet> FromPem(absl::string_view pem);

  // A JWKS when the file's first non-blank character is '{', else a PEM.
  static absl::StatusOr<JwtKeySet> FromFile(const std::string& path);

  // The key named `kid`. A set read from PEM has one key, which answers any
  // kid; a JWKS answers an empty kid only when it holds a single key.
  const JwtKey* Find(absl::string_view kid) const;

  const std::vector<JwtKey>& keys() const { return keys_; }

 private:
  std::vector<JwtKey> keys_;
  bool from_pem_ = false;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_JWT_KEYS_H_
