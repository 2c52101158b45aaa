#include "scoring/report/assessment_report.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "scoring/report/markup.h"
#include "scoring/report/page.h"
#include "scoring/report/report_sections.h"

namespace trustfit::report {

absl::StatusOr<std::string> RenderAssessmentReport(
    const trustfit::v1::Policy& policy,
    const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::ImprovementPath* improvement) {
  if (!record.has_assessment()) {
    return absl::InvalidArgumentError(
        "a report needs the record's assessment (record.assessment)");
  }
  return RenderDocument(
      Page(absl::StrCat(record.assessment().name(), ": board report"),
           ReportSections(policy, record, improvement)));
}

}  // namespace trustfit::report
