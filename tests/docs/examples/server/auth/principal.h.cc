// The context of server/auth/principal.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/principal.h"

#include "absl/status/status.h"
#include "scoring/status_macros.h"

namespace trustfit::server::auth {

void Example1() {
  // EXAMPLE 1
}

absl::Status Example2() {
  // EXAMPLE 2
  (void)roles;
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
