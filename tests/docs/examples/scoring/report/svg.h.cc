// The context of scoring/report/svg.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/svg.h"

#include <string>

#include "scoring/report/markup.h"

namespace trustfit::report {

std::string Example() {
  // EXAMPLE 1
  return text;
}

}  // namespace trustfit::report
