// The context of server/service/call_helpers.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/service/call_helpers.h"

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "server/service/rpc_status.h"

namespace trustfit::server {

// Given: the call a unary handler serves.
grpc::ServerUnaryReactor* Example(grpc::CallbackServerContext* context) {
  // EXAMPLE 1
  return FinishUnary(context, grpc::Status::OK);
}

}  // namespace trustfit::server
