// The context of client/chromium.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/chromium.h"

#include <string>

namespace trustfit::client {

// Given: a self-contained HTML page.
absl::StatusOr<std::string> Example(const std::string& html) {
  // EXAMPLE 1
  return pdf;
}

}  // namespace trustfit::client
