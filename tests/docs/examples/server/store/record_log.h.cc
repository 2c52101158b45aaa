// The context of server/store/record_log.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/record_log.h"

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"

namespace trustfit::server {

// Given: two records' bytes.
absl::StatusOr<std::string> Example(const std::string& a,
                                    const std::string& b) {
  // EXAMPLE 1
  return bytes;
}

}  // namespace trustfit::server
