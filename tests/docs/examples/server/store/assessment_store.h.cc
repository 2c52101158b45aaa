// The context of server/store/assessment_store.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/assessment_store.h"

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

// Given: a record to store and the hash of its request.
absl::StatusOr<ListPage> Example(v1::AssessmentRecord& record,
                                 const std::string& request_hash) {
  // EXAMPLE 1
  return page;
}

}  // namespace trustfit::server
