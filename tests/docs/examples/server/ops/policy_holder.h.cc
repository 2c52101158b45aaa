// The context of server/ops/policy_holder.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/ops/policy_holder.h"

#include "absl/status/status.h"
#include "scoring/policy.h"
#include "scoring/status_macros.h"

namespace trustfit::server {

absl::Status Example(scoring::Policy* out) {
  // EXAMPLE 1
  *out = policy;
  return absl::OkStatus();
}

}  // namespace trustfit::server
