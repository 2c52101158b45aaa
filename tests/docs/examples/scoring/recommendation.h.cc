// The context of scoring/recommendation.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/recommendation.h"

#include "google/protobuf/repeated_ptr_field.h"
#include "scoring/criteria.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Given: the assessment made so far, the policy's recommendation rules and
// the conditions the gates attached.
v1::Recommendation Example(
    const AssessmentContext& ctx, const trustfit::v1::Assessment& assessment,
    const trustfit::v1::RecommendationRules& rules,
    const google::protobuf::RepeatedPtrField<trustfit::v1::Condition>&
        conditions) {
  // EXAMPLE 1
  (void)choice;
  return rec;
}

}  // namespace trustfit::scoring
