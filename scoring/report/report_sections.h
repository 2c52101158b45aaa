// The sections of the assessment report (assessment_report.h), one function
// each, so that each can be read, tested and reused on its own, and so that
// the page is composed in one place: ReportSections().
//
// Issue #14 adds two sections here when its messages exist: the outlook
// (provisional recommendation, score range, the data to collect first),
// placed after RecommendationSection(), and "what would it take", after
// QuoteSection(). Each is a function taking its message and returning a
// section Element, added to ReportSections() in that order.
//
//   std::vector<Element> body = ReportSections(policy, record);

#ifndef TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_
#define TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_

#include <vector>

#include "scoring/report/markup.h"
#include "trustfit/v1/assessment.pb.h"
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

// The radar of the criteria beside their table.
Element CriteriaSection(const trustfit::v1::Assessment& assessment,
                        const trustfit::v1::Bands& bands);

// The points each factor won or lost.
Element FactorsSection(const trustfit::v1::Assessment& assessment);

// The quote: key figures, the cost breakdown, its lines, the instalments.
Element QuoteSection(const trustfit::v1::Quote& quote);

// Why there is no quote, for a record without one.
Element NoQuoteSection(const trustfit::v1::Assessment& assessment);

// Policy identity, record name, requester, time and the assessor's note.
Element ProvenanceFooter(const trustfit::v1::AssessmentRecord& record);

// Every section of the report, in page order.
std::vector<Element> ReportSections(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_REPORT_SECTIONS_H_
