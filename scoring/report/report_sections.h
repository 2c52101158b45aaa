// The sections of the assessment report (assessment_report.h), one function
// each, so that each can be read, tested and reused on its own, and so that
// the page is composed in one place: ReportSections().
//
//   std::vector<Element> body = ReportSections(policy, record, &path);

#ifndef TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_
#define TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_

#include <vector>

#include "scoring/report/markup.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/improvement.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/quote.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// The school and what it was assessed against.
Element ReportHeader(const trustfit::v1::Policy& policy,
                     const trustfit::v1::AssessmentRecord& record);

// The arrangement, its term, phase and review cadence, the overall score
// and completeness, the rule that chose it, its conditions and the gates.
Element RecommendationSection(const trustfit::v1::Assessment& assessment);

// OutlookSection()
//
// While data is missing (outlook.is_provisional): the provisional
// recommendation, the overall score's range over the band regions, the
// worst and best arrangement reachable, the gates that could still fire and
// the data to collect first, most points at stake first.
Element OutlookSection(const trustfit::v1::Assessment& assessment,
                       const trustfit::v1::Bands& bands);

// The radar of the criteria beside their table.
Element CriteriaSection(const trustfit::v1::Assessment& assessment,
                        const trustfit::v1::Bands& bands);

// The points each factor won or lost.
Element FactorsSection(const trustfit::v1::Assessment& assessment);

// The quote: key figures, the cost breakdown, its lines, the instalments.
Element QuoteSection(const trustfit::v1::Quote& quote);

// Why there is no quote, for a record without one.
Element NoQuoteSection(const trustfit::v1::Assessment& assessment);

// ImprovementSection()
//
// "What would it take": the changes that reach the target arrangement, each
// with the value now, the value needed, the points it gains and why; or
// what blocks it. Says so when the path was found under another policy than
// `record_policy`, the assessment's.
Element ImprovementSection(const trustfit::v1::ImprovementPath& path,
                           const trustfit::v1::PolicyRef& record_policy);

// Policy identity, record name, requester, time and the assessor's note.
Element ProvenanceFooter(const trustfit::v1::AssessmentRecord& record);

// Every section of the report, in page order: the outlook only while data
// is missing, what it would take only given `improvement`.
std::vector<Element> ReportSections(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* improvement = nullptr);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_
