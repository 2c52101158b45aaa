// The context of scoring/levers.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/levers.h"

#include "scoring/criteria.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

// Given: the context of the candidate's assessment.
void Example(const AssessmentContext& ctx) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
