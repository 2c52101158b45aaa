// The context of scoring/candidate_checker.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/candidate_checker.h"

#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

// Given: a checker and the candidate's leadership section.
void Example(CandidateChecker& c, const trustfit::v1::Leadership& l) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
