// The context of server/service/worker_pool.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/service/worker_pool.h"

#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::server {

// Given: what scores item `i` of the message.
void Score(int i);

void Example(WorkerPool& pool, const v1::ScoreCandidatesRequest& request) {
  // EXAMPLE 1
}

}  // namespace trustfit::server
