// The context of scoring/status_macros.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/status_macros.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "scoring/policy.h"

namespace trustfit::scoring {

// Given: a check that returns a status.
absl::Status Validate(int x);

absl::Status Example(int x, absl::string_view text) {
  // EXAMPLE 1
  (void)policy;
  return absl::OkStatus();
}

}  // namespace trustfit::scoring
