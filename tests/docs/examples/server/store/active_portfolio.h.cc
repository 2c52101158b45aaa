// The context of server/store/active_portfolio.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/active_portfolio.h"

#include "absl/status/status.h"
#include "scoring/pipeline.h"
#include "scoring/status_macros.h"
#include "server/store/decision_store.h"

namespace trustfit::server {

// Given: the decision store, which reads the active arrangements.
absl::Status Example(DecisionStore* decisions) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server
