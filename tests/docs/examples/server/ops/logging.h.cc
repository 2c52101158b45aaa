// The context of server/ops/logging.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/ops/logging.h"

namespace trustfit::server {

// TEXT 1: a logfmt line as the server writes it, not C++
// TEXT 2: a JSON line as the server writes it, not C++

void Example() {
  // EXAMPLE 3
}

}  // namespace trustfit::server
