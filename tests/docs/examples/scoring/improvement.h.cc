// The context of scoring/improvement.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/improvement.h"

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/improvement.pb.h"

namespace trustfit::scoring {

absl::StatusOr<v1::ImprovementPath> Example(
    const Policy& policy, const trustfit::v1::Candidate& candidate) {
  // EXAMPLE 1
  return path;
}

}  // namespace trustfit::scoring
