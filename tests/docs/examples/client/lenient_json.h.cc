// The context of client/lenient_json.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/lenient_json.h"

#include <string>

#include "trustfit/v1/candidate.pb.h"

namespace trustfit::client {

// Given: a candidate's JSON.
absl::Status Example(const std::string& text) {
  // EXAMPLE 1
  return read;
}

}  // namespace trustfit::client
