// The context of scoring/report/markup.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/markup.h"

namespace trustfit::report {

void Text() {
  // EXAMPLE 1
}

Element Number() {
  // EXAMPLE 2
  return svg;
}

}  // namespace trustfit::report
