// The context of server/auth/token_store.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/token_store.h"

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scoring/status_macros.h"

namespace trustfit::server::auth {

// TEXT 1: shell commands that make a token and its line, not C++

// Given: the bearer token a caller sent.
absl::StatusOr<Principal> Example(absl::string_view token) {
  // EXAMPLE 2
  return caller;
}

}  // namespace trustfit::server::auth
