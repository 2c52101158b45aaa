// The context of client/row_mapper.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/row_mapper.h"

#include <optional>
#include <string>
#include <vector>

#include "scoring/status_macros.h"

namespace trustfit::client {

// Given: a CSV file's header row, its mapping file (if any), one of its rows
// and the candidate to fill.
absl::Status Example(const std::vector<std::string>& header,
                     const std::optional<std::string>& mapping_yaml,
                     const std::vector<std::string>& row,
                     trustfit::v1::Candidate& candidate) {
  // EXAMPLE 1
  return converted;
}

}  // namespace trustfit::client
