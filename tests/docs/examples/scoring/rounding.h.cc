// The context of scoring/rounding.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/rounding.h"

namespace trustfit::scoring {

void Example() {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
