// The context of server/auth/role_bindings.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/role_bindings.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "scoring/status_macros.h"

namespace trustfit::server::auth {

// TEXT 1: lines of the role bindings file, not C++

// Given: the name a verified client certificate gives its holder.
absl::Status Example(absl::string_view certificate_name) {
  // EXAMPLE 2
  (void)roles;
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
