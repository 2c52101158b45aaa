// The context of server/ops/decision_metrics.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/ops/decision_metrics.h"

#include "prometheus/registry.h"

namespace trustfit::server {

// TEXT 1: the metrics' names and labels as Prometheus shows them, not C++

// Given: the server's registry.
void Example(prometheus::Registry& registry) {
  // EXAMPLE 2
}

}  // namespace trustfit::server
