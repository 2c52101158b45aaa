// The context of scoring/field_violations.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/field_violations.h"

#include "absl/status/status.h"

namespace trustfit::scoring {

absl::Status Example() {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::scoring
