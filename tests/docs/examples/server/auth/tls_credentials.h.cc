// The context of server/auth/tls_credentials.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/tls_credentials.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "scoring/status_macros.h"
#include "server/ops/config.h"

namespace trustfit::server::auth {

// Given: the server's configuration and builder.
absl::Status Server(const ServerConfig& config, grpc::ServerBuilder& builder,
                    int& port) {
  // EXAMPLE 1
  return absl::OkStatus();
}

// Given: the bearer token to send.
absl::Status Client(absl::string_view token) {
  // EXAMPLE 2
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
