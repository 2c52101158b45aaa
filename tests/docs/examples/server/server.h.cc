// The context of server/server.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/server.h"

#include "absl/status/status.h"
#include "scoring/status_macros.h"
#include "server/ops/config.h"
#include "server/ops/metrics.h"
#include "server/ops/policy_holder.h"

namespace trustfit::server {

// Given: the parsed configuration, the policy and the metrics.
absl::Status Example(const ServerConfig& config, PolicyHolder& policies,
                     Metrics* metrics) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server
