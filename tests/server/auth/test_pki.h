// Throwaway keys, certificates and JWTs for the access-control tests, made
// with Debian's openssl command in a fresh directory per test, and a JWT
// signer written straight on OpenSSL's EVP API, independent of the JWT
// library under test, so that tests can sign anything (alg "none", a wrong
// key, a tampered payload).
//
//   ScratchDir dir;
//   const CertAndKey ca = MakeCa(dir, "Trust CA");
//   const CertAndKey server = MakeCert(dir, ca, "server", "DNS:localhost");
//   const std::string key = MakeSigningKey(dir, "rsa", KeyKind::kRsa);
//   std::string jwt = SignJwt(R"({"alg":"RS256","kid":"k1"})", claims, key);

#ifndef TRUSTFIT_TESTS_SERVER_AUTH_TEST_PKI_H_
#define TRUSTFIT_TESTS_SERVER_AUTH_TEST_PKI_H_

#include <string>

#include "absl/strings/string_view.h"

namespace trustfit::testing {

// ScratchDir
//
// A new directory under the test's temporary directory, removed with it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // `name` inside the directory.
  std::string Path(absl::string_view name) const;
  // Writes `content` to `name` (replacing it atomically) and returns its path.
  std::string Write(absl::string_view name, absl::string_view content) const;

 private:
  std::string path_;
};

// Runs `command` with /bin/sh; a test failure (with its output) unless it
// exits 0. Returns its standard output and error.
std::string MustRun(const std::string& command);

// The contents of `path` ("" and a test failure when unreadable).
std::string ReadFileOrFail(const std::string& path);

// Paths of a PEM certificate and its private key.
struct CertAndKey {
  std::string cert;
  std::string key;
};

// A self-signed CA (EC P-256), valid for a day, as `name`.crt/.key.
CertAndKey MakeCa(const ScratchDir& dir, absl::string_view name);

// A certificate for `name`.crt/.key with CN `name` and subjectAltName `san`
// ("DNS:localhost,IP:127.0.0.1", "URI:spiffe://..."; empty for none),
// for TLS servers and clients, signed by `ca`.
CertAndKey MakeCert(const ScratchDir& dir, const CertAndKey& ca,
                    absl::string_view name, absl::string_view san);

enum class KeyKind { kRsa, kEc256, kEc384 };

// A private key `name`.key and its public key `name`.pub (PEM); returns the
// private key's path.
std::string MakeSigningKey(const ScratchDir& dir, absl::string_view name,
                           KeyKind kind);

// The compact JWS of `header_json` and `payload_json` signed with the
// private key at `key_path` under the header's algorithm (RS256, RS384,
// ES256, ES384: RSA PKCS#1 v1.5 or ECDSA with the raw r||s signature). With
// an empty key_path the signature part is left empty.
std::string SignJwt(absl::string_view header_json,
                    absl::string_view payload_json, const std::string& key_path,
                    absl::string_view alg);

// The JWK (JSON object) of the PEM public key at `public_key_path`, with
// `kid`.
std::string JwkOf(const std::string& public_key_path, absl::string_view kid);

// HMAC-SHA256 of `data` under `secret` (to forge tokens with).
std::string HmacSha256(absl::string_view secret, absl::string_view data);

// base64url without padding.
std::string Base64Url(absl::string_view bytes);

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SERVER_AUTH_TEST_PKI_H_
