// The context of scoring/agreement_template.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "scoring/agreement_template.h"

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// TEXT 1: a sample of template wording, not C++

// Given: a template's text and a policy message.
FieldViolations Example(absl::string_view text,
                        const trustfit::v1::Policy& policy) {
  // EXAMPLE 2
  (void)pieces;
  return problems;
}

}  // namespace trustfit::scoring
