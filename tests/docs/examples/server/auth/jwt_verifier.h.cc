// The context of server/auth/jwt_verifier.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/jwt_verifier.h"

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "scoring/status_macros.h"
#include "server/auth/jwt_keys.h"

namespace trustfit::server::auth {

// Given: the path of the issuer's JWKS and a bearer token.
absl::StatusOr<Principal> Example(const std::string& jwks_path,
                                  absl::string_view token) {
  // EXAMPLE 1
  return caller;
}

}  // namespace trustfit::server::auth
