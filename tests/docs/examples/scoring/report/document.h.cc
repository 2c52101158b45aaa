// The context of scoring/report/document.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/document.h"

#include <string>

#include "scoring/report/markup.h"

namespace trustfit::report {

Element Example() {
  // EXAMPLE 1
  (void)md;
  return body;
}

}  // namespace trustfit::report
