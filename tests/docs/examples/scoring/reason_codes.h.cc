// The context of scoring/reason_codes.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/reason_codes.h"

#include <string>

#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Given: the factor being scored.
void Example(trustfit::v1::FactorResult* factor) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
