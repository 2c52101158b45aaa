// The context of scoring/arrangements.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/arrangements.h"

#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::scoring {

// TEXT 1: a state diagram of the lifecycle, not C++

// Given: an arrangement, the step's date, and the time and day it is recorded.
absl::StatusOr<v1::ArrangementRecord> Example(
    const v1::ArrangementRecord& arrangement, const google::type::Date& date,
    const google::protobuf::Timestamp& now, const google::type::Date& today) {
  // EXAMPLE 2
  return next;
}

}  // namespace trustfit::scoring
