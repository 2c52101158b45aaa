// The one-page assessment report of the board pack (§9): one self-contained
// HTML page (inline CSS and SVG, no scripts, nothing fetched) that prints to
// one or two A4 pages.
//
// It reads an AssessmentRecord: a recorded one (GetAssessment), or one built
// on the spot from a candidate scored and quoted by the caller, whose name,
// requester and time are then empty and the page says it was not recorded),
// and, when the caller has it, "what would it take" for its candidate
// (FindImprovementPath), which no record holds.
//
//   // record: an AssessmentRecord (its assessment, quote, ...);
//   // path: the candidate's ImprovementPath, or pass nullptr.
//   absl::StatusOr<std::string> html =
//       RenderAssessmentReport(policy.proto(), record, &path);
//
// The sections, in order: the header (school, trust, cluster), the
// recommendation (arrangement, term, phase, review, the rule, conditions,
// gates), the outlook while data is missing (provisional recommendation,
// score range, data to collect first), the criteria (radar and table), the
// points each factor won or lost, the quote (cost breakdown, lines,
// effective rate, instalments), what it would take, and the provenance
// (policy identity, record, requester, time, note). Each is a function in
// report_sections.h.

#ifndef TRUSTFIT_SCORING_REPORT_ASSESSMENT_REPORT_H_
#define TRUSTFIT_SCORING_REPORT_ASSESSMENT_REPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// RenderAssessmentReport()
//
// The report as an HTML document. `policy` gives the trust's name, the band
// thresholds and the cluster's name when the record holds no copy of it.
// Without `improvement` the page has no "what would it take". INVALID_ARGUMENT
// when the record holds no assessment.
absl::StatusOr<std::string> RenderAssessmentReport(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* improvement = nullptr);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_ASSESSMENT_REPORT_H_
