// The context of scoring/curve.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/curve.h"

#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Given: the policy's standards rules.
double Example(const trustfit::v1::StandardsRules& rules) {
  // EXAMPLE 1
  return score;
}

}  // namespace trustfit::scoring
