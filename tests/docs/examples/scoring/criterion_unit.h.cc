// The context of scoring/criterion_unit.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/criterion_unit.h"

#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Given: the context and the assessment being made.
void Example(const AssessmentContext& ctx,
             trustfit::v1::Assessment* assessment) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
