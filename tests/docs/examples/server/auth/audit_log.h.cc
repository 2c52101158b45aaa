// The context of server/auth/audit_log.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/audit_log.h"

#include <memory>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "scoring/status_macros.h"

namespace trustfit::server::auth {

absl::Status Example() {
  // EXAMPLE 1
  return absl::OkStatus();
}

// TEXT 2: the JSON line the event is written as, not C++

}  // namespace trustfit::server::auth
