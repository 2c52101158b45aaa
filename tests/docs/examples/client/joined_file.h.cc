// The context of client/joined_file.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/joined_file.h"

#include <optional>
#include <string>

#include "scoring/status_macros.h"

namespace trustfit::client {

// Given: the joined file's mapping (if any) and a main row's candidate.
absl::StatusOr<bool> Example(const std::optional<std::string>& mapping_yaml,
                             trustfit::v1::Candidate& candidate) {
  // EXAMPLE 1
  return found;
}

}  // namespace trustfit::client
