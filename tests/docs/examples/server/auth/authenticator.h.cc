// The context of server/auth/authenticator.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/authenticator.h"

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "server/auth/token_store.h"

namespace trustfit::server::auth {

// Given: the tokens file's store and a call.
absl::StatusOr<Principal> Example(TokenStore tokens,
                                  const grpc::ServerContextBase& context) {
  // EXAMPLE 1
  return caller;
}

}  // namespace trustfit::server::auth
