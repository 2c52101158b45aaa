// The context of scoring/report/charts.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/charts.h"

#include "scoring/policy.h"
#include "scoring/report/markup.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::report {

// Given: the policy, an assessment, its quote and a section of the page.
void Example(const scoring::Policy& policy,
             const trustfit::v1::Assessment& assessment,
             const trustfit::v1::Quote& quote, Element& section) {
  // EXAMPLE 1
}

}  // namespace trustfit::report
