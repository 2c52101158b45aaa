// The context of scoring/utf8.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/utf8.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace trustfit::scoring {

// Given: a cell of a CSV file.
absl::Status Example(absl::string_view cell) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::scoring
