// The context of scoring/pipeline.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/pipeline.h"

#include <vector>

#include "absl/time/clock.h"
#include "scoring/dates.h"
#include "scoring/policy.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::scoring {

// Given: the active arrangements, as the server reads them.
v1::GetPipelineResponse Example(
    const Policy& policy, const std::vector<v1::ArrangementRecord>& active) {
  // EXAMPLE 1
  return pipeline;
}

}  // namespace trustfit::scoring
