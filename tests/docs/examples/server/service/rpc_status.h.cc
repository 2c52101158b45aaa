// The context of server/service/rpc_status.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/service/rpc_status.h"

#include "absl/status/statusor.h"
#include "grpcpp/support/status.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

// Given: a record looked up from the store.
grpc::Status Example(const absl::StatusOr<v1::AssessmentRecord>& record) {
  // EXAMPLE 1
  return grpc::Status::OK;
}

}  // namespace trustfit::server
