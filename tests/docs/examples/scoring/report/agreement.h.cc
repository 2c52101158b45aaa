// The context of scoring/report/agreement.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/agreement.h"

#include <string>

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// Given: the policy, a recorded assessment and its candidate's path.
void Example(const scoring::Policy& policy,
             const trustfit::v1::AssessmentRecord& record,
             const trustfit::v1::ImprovementPath& path) {
  // EXAMPLE 1
  (void)html;
  (void)markdown;
}

}  // namespace trustfit::report
