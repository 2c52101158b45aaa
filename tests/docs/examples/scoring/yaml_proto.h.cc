// The context of scoring/yaml_proto.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/yaml_proto.h"

#include <string>

#include "absl/strings/string_view.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Given: the text of a YAML policy file.
std::string Example(absl::string_view text) {
  // EXAMPLE 1
  return yaml;
}

}  // namespace trustfit::scoring
