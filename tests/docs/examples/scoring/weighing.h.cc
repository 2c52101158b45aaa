// The context of scoring/weighing.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/weighing.h"

#include <optional>

namespace trustfit::scoring {

std::optional<double> Example() {
  // EXAMPLE 1
  return overall;
}

}  // namespace trustfit::scoring
