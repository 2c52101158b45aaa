// The context of server/auth/auth_status.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/auth_status.h"

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "scoring/field_violations.h"
#include "server/auth/principal.h"
#include "server/service/rpc_status.h"

namespace trustfit::server::auth {

// Given: a caller without the assessor role.
grpc::Status Example(const Principal& caller) {
  // EXAMPLE 1
}

}  // namespace trustfit::server::auth
