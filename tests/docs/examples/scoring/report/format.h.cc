// The context of scoring/report/format.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/format.h"

#include "google/type/date.pb.h"

namespace trustfit::report {

// Given: a date.
void Example(const google::type::Date& date) {
  // EXAMPLE 1
}

}  // namespace trustfit::report
