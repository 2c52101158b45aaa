// The context of server/auth/jwt_keys.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/jwt_keys.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "scoring/status_macros.h"

namespace trustfit::server::auth {

// Given: the `kid` of a token's header.
absl::Status Example(absl::string_view header_kid) {
  // EXAMPLE 1
  (void)key;
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
