// The context of client/csv.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/csv.h"

#include <iostream>
#include <string>
#include <vector>

namespace trustfit::client {

void Example() {
  // EXAMPLE 1
}

}  // namespace trustfit::client
