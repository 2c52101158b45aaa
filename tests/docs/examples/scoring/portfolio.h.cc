// The context of scoring/portfolio.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/portfolio.h"

#include <vector>

#include "absl/status/status.h"
#include "scoring/pipeline.h"
#include "scoring/policy.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::scoring {

// Given: the arrangements the server read from its store.
absl::Status Example(const Policy& policy,
                     const trustfit::v1::Candidate& candidate,
                     const std::vector<v1::ArrangementRecord>& arrangements) {
  v1::Assessment out;
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::scoring
