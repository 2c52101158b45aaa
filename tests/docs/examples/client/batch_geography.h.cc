// The context of client/batch_geography.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/batch_geography.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace trustfit::client {

// Given: a row's candidate, the policy and its cluster, and where to write.
void Example(const trustfit::v1::Candidate& candidate,
             const trustfit::v1::Policy& policy,
             const trustfit::v1::Cluster& cluster, std::ostream& out,
             std::ostream& err) {
  // EXAMPLE 1
  (void)columns;
  (void)geojson;
  (void)map;
}

}  // namespace trustfit::client
