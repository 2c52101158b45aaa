// The context of scoring/report/candidate_map.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/candidate_map.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "scoring/policy.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::report {

// Given: the policy, and a candidate with its assessment.
absl::StatusOr<std::string> Example(const scoring::Policy& policy,
                                    const trustfit::v1::Candidate& candidate,
                                    trustfit::v1::Assessment assessment) {
  // EXAMPLE 1
  return svg;
}

}  // namespace trustfit::report
