// The context of scoring/quote.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/quote.h"

#include "absl/status/statusor.h"
#include "google/type/date.pb.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::scoring {

absl::StatusOr<trustfit::v1::Quote> Example(
    const Policy& policy, const trustfit::v1::Candidate& candidate,
    const google::type::Date& first_of_next_month) {
  // EXAMPLE 1
  return quote;
}

}  // namespace trustfit::scoring
