// The context of scoring/outlook.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/outlook.h"

#include "google/protobuf/repeated_ptr_field.h"
#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Given: the context, the conditions the gates attached, and the assessment
// made so far.
trustfit::v1::Assessment Example(
    const AssessmentContext& ctx,
    const google::protobuf::RepeatedPtrField<trustfit::v1::Condition>&
        conditions,
    trustfit::v1::Assessment assessment) {
  // EXAMPLE 1
  return assessment;
}

}  // namespace trustfit::scoring
