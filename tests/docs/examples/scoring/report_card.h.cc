// The context of scoring/report_card.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report_card.h"

#include <string>
#include <vector>

#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

// Given: a report card inspection; collects the labels of its graded areas.
std::vector<std::string> Example(const v1::ReportCardInspection& card) {
  std::vector<std::string> graded;
  // EXAMPLE 1
  return graded;
}

}  // namespace trustfit::scoring
