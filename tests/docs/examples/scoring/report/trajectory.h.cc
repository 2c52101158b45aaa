// The context of scoring/report/trajectory.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/trajectory.h"

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// Given: the policy and one school's records.
absl::StatusOr<std::string> Example(
    const scoring::Policy& policy,
    const std::vector<trustfit::v1::AssessmentRecord>& records) {
  // EXAMPLE 1
  (void)svg;
  return html;
}

}  // namespace trustfit::report
