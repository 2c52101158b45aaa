// The context of scoring/policy.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/policy.h"

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::scoring {

// Given: a policy's YAML text.
const trustfit::v1::Cluster* Example(absl::string_view text) {
  // EXAMPLE 1
  return north;
}

}  // namespace trustfit::scoring
