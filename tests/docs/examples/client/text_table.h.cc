// The context of client/text_table.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/text_table.h"

#include <unistd.h>

#include <ostream>

namespace trustfit::client {

// Given: where the table goes.
void Example(std::ostream& out) {
  // EXAMPLE 1
}

}  // namespace trustfit::client
