// The context of scoring/report/assessment_report.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/assessment_report.h"

#include <string>

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// Given: the policy, a record and its candidate's improvement path.
absl::StatusOr<std::string> Example(
    const scoring::Policy& policy, const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath& path) {
  // EXAMPLE 1
  return html;
}

}  // namespace trustfit::report
