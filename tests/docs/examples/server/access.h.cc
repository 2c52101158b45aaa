// The context of server/access.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/access.h"

#include <memory>

#include "absl/status/status.h"
#include "grpcpp/server_builder.h"
#include "scoring/status_macros.h"
#include "server/ops/config.h"
#include "server/ops/metrics.h"
#include "server/ops/observability.h"
#include "server/ops/policy_holder.h"
#include "server/service/trustfit_service.h"
#include "server/store/assessment_store.h"

namespace trustfit::server {

// Given: the server's configuration, its builder and what the service
// serves from.
absl::Status Example(const ServerConfig& config, grpc::ServerBuilder& builder,
                     int& port, PolicyHolder* policies, Metrics* metrics,
                     AssessmentStore* store, int workers, RpcCallers* callers) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server
