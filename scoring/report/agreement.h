// The draft agreement of the board pack (§9): for a recorded assessment and
// its quote, a partnership agreement in the structure of the DfE's model
// service level agreement, as HTML and as Markdown.
//
// The structure: parties, purpose, commencement and end dates, extension
// and maximum term, the services schedule (each catalogue service with what
// it includes; phase 1 and phase 2 for an associate with a view to
// integration), the service charge schedule (the quote's lines and
// instalments), objectives (from the reasons against and, given the
// candidate's ImprovementPath, the changes towards the next better
// arrangement) and review points,
// conditions (diocesan consent, recovery plan, capacity), ending (either
// side may walk away at the end), data protection, confidentiality and
// signatures. The words come from the policy's AgreementTemplate (the
// default policy's when it has none), with its {{placeholders}} filled in.
//
//   absl::StatusOr<std::string> html =
//       RenderAgreementHtml(policy.proto(), record, &path);  // path optional
//   absl::StatusOr<std::string> markdown =
//       RenderAgreementMarkdown(policy.proto(), record);

#ifndef TRUSTFIT_SCORING_REPORT_AGREEMENT_H_
#define TRUSTFIT_SCORING_REPORT_AGREEMENT_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scoring/report/document.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// BuildAgreement()
//
// The agreement as a Document. INVALID_ARGUMENT when the record holds no
// assessment or no quote (there is nothing to agree without a price), when
// neither the quote spec nor the schedule gives a start date, or when the
// wording uses a placeholder that does not exist (a policy that passed
// validation never does). `path`, when given, adds its changes to the
// objectives (only a path that reaches its target).
absl::StatusOr<Document> BuildAgreement(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* path = nullptr);

// The agreement as a self-contained HTML page, A4.
absl::StatusOr<std::string> RenderAgreementHtml(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* path = nullptr);

// The agreement as Markdown, for editing in a word processor or a wiki.
absl::StatusOr<std::string> RenderAgreementMarkdown(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* path = nullptr);

// FillPlaceholders()
//
// `text` with each {{name}} replaced by `values[name]`. INVALID_ARGUMENT for
// a malformed placeholder or a name `values` lacks.
absl::StatusOr<std::string> FillPlaceholders(
    absl::string_view text,
    const absl::flat_hash_map<std::string, std::string>& values);

// AgreementValues()
//
// The value of every placeholder of scoring/agreement_template.h for this
// record, or INVALID_ARGUMENT as BuildAgreement().
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> AgreementValues(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_AGREEMENT_H_
