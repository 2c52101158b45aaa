// The context of server/service/arena_allocator.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/service/arena_allocator.h"

#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server {

// Given: the method's request and response, and the generated service.
using Req = v1::ScoreCandidateRequest;
using Resp = v1::ScoreCandidateResponse;

void Example(v1::TrustFitService::CallbackService& service) {
  // EXAMPLE 1
}

}  // namespace trustfit::server
