// The context of scoring/report/geojson.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/report/geojson.h"

#include <string>
#include <vector>

#include "scoring/policy.h"
#include "scoring/report/candidate_map.h"

namespace trustfit::report {

// Given: the policy and a batch's scored schools.
std::string Example(const scoring::Policy& policy,
                    const std::vector<MapSchool>& schools) {
  // EXAMPLE 1
  return geojson;
}

}  // namespace trustfit::report
