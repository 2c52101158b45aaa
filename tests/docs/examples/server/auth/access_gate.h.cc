// The context of server/auth/access_gate.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/access_gate.h"

#include <memory>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"
#include "scoring/status_macros.h"
#include "server/service/call_helpers.h"
#include "server/service/rpc_status.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server::auth {

// Given: the server's authenticator and audit log.
absl::Status StartUp(std::shared_ptr<const Authenticator> authenticator,
                     const std::unique_ptr<AuditLog>& audit) {
  // EXAMPLE 1
  return absl::OkStatus();
}

// Given: the gate, a CreateAssessment call, the record it made and the
// status it ends with.
grpc::ServerUnaryReactor* Handler(const AccessGate& gate,
                                  grpc::CallbackServerContext* context,
                                  const trustfit::v1::AssessmentRecord& record,
                                  const grpc::Status& status) {
  // EXAMPLE 2
  return FinishUnary(context, status);
}

}  // namespace trustfit::server::auth
