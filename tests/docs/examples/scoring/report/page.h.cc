// The context of scoring/report/page.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/page.h"

#include <string>
#include <utility>
#include <vector>

#include "scoring/report/markup.h"

namespace trustfit::report {

std::string Example() {
  // EXAMPLE 1
  return html;
}

}  // namespace trustfit::report
