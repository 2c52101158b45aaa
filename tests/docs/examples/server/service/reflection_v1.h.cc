// The context of server/service/reflection_v1.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/service/reflection_v1.h"

#include <memory>

#include "grpcpp/grpcpp.h"

namespace trustfit::server {

// Given: a service to serve.
std::unique_ptr<grpc::Server> Example(grpc::Service& service) {
  // EXAMPLE 1
  return server;
}

}  // namespace trustfit::server
