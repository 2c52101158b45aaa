// The context of scoring/policy_checker.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/policy_checker.h"

#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Given: the checker of the scoring rules, and those rules.
void Example(const PolicyChecker& checker,
             const trustfit::v1::ScoringRules& rules) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
