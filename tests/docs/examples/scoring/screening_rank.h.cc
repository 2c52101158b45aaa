// The context of scoring/screening_rank.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/screening_rank.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "trustfit/v1/assessment.pb.h"

namespace trustfit::scoring {

// Given: a batch's rows, each an assessment and its input line.
struct Row {
  v1::Assessment assessment;
  int64_t line = 0;
};

void Example(std::vector<Row>& rows) {
  // EXAMPLE 1
}

}  // namespace trustfit::scoring
