// The draft agreement's wording in the policy (trustfit.v1.AgreementTemplate):
// its `{{placeholder}}` vocabulary, how a text splits into literal text and
// placeholders, and its validation, which policy validation calls so that a
// bad template is refused like any other policy problem.
//
// The vocabulary lives here, beside the policy, because validation must know
// it; the report library (scoring/report/agreement.h) fills in every name.
//
//   "This agreement is between {{trust_name}} and {{school_name}}."
//
//   absl::StatusOr<std::vector<TemplatePiece>> pieces = SplitTemplate(text);
//   FieldViolations problems =
//       ValidateAgreementTemplate(policy.agreement(), policy.cost());

#ifndef TRUSTFIT_SCORING_AGREEMENT_TEMPLATE_H_
#define TRUSTFIT_SCORING_AGREEMENT_TEMPLATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/agreement.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// AgreementPlaceholder
//
// One name a template may use, and what it is replaced by.
struct AgreementPlaceholder {
  absl::string_view name;
  absl::string_view meaning;
};

// Every placeholder, in the order the documentation lists them.
absl::Span<const AgreementPlaceholder> AgreementPlaceholders();

// True when `name` (without braces) is a placeholder.
bool IsAgreementPlaceholder(absl::string_view name);

// TemplatePiece
//
// A run of literal text, or a placeholder's name (without braces).
struct TemplatePiece {
  bool placeholder;
  std::string text;
};

// SplitTemplate()
//
// `text` as literal runs and placeholders, in order. INVALID_ARGUMENT for a
// "{{" without its "}}", or a name that is not lower_snake_case; the names
// themselves are not checked against the vocabulary.
absl::StatusOr<std::vector<TemplatePiece>> SplitTemplate(
    absl::string_view text);

// ValidateAgreementTemplate()
//
// Every problem of `agreement`, with paths relative to it ("parties.text"):
// a title and every clause's heading and text present, placeholders well
// formed and known, service codes in `cost`'s catalogue and condition codes
// among the conditions of the reason-code table, each at most once.
FieldViolations ValidateAgreementTemplate(
    const trustfit::v1::AgreementTemplate& agreement,
    const trustfit::v1::CostRules& cost);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_AGREEMENT_TEMPLATE_H_
