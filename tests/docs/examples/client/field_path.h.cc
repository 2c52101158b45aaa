// The context of client/field_path.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/field_path.h"

#include "absl/status/status.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::client {

// TEXT 1: the grammar of a path, with what each form means

// Given: the candidate to set a field of.
absl::Status Example(v1::Candidate& candidate) {
  // EXAMPLE 2
  return absl::OkStatus();
}

}  // namespace trustfit::client
