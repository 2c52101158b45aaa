// The context of server/ops/process_metrics.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/ops/process_metrics.h"

#include <memory>

#include "prometheus/exposer.h"

namespace trustfit::server {

// TEXT 1: a table of the metrics' names and meanings, not C++

// Given: the server's metrics endpoint.
void Example(prometheus::Exposer& exposer) {
  // EXAMPLE 2
}

}  // namespace trustfit::server
