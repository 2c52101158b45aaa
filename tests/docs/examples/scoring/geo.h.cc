// The context of scoring/geo.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/geo.h"

#include <optional>

#include "google/type/latlng.pb.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::scoring {

// Given: the candidate's and the hub's locations, and a school's.
void Example(const trustfit::v1::Location& candidate_loc,
             const trustfit::v1::Location& hub_loc,
             const trustfit::v1::Location& school) {
  // EXAMPLE 1
  (void)d;
  (void)wgs84;
}

}  // namespace trustfit::scoring
