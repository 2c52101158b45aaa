// The context of scoring/assess.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/assess.h"

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

absl::StatusOr<trustfit::v1::Assessment> Example(
    const Policy& policy, const trustfit::v1::Candidate& candidate) {
  // EXAMPLE 1
  return assessment;
}

}  // namespace trustfit::scoring
