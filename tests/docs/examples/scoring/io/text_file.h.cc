// The context of scoring/io/text_file.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/io/text_file.h"

#include <string>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"

namespace trustfit::io {

// Given: the path of the file to read.
absl::StatusOr<std::string> Example(const std::string& path) {
  // EXAMPLE 1
  return text;
}

}  // namespace trustfit::io
