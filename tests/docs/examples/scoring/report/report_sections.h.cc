// The context of scoring/report/report_sections.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/report_sections.h"

#include <vector>

#include "scoring/report/markup.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// Given: the policy, a record and its candidate's improvement path.
std::vector<Element> Example(const trustfit::v1::Policy& policy,
                             const trustfit::v1::AssessmentRecord& record,
                             const trustfit::v1::ImprovementPath& path) {
  // EXAMPLE 1
  return body;
}

}  // namespace trustfit::report
