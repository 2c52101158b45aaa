// The areas of an Ofsted report card inspection (from November 2025), in
// Ofsted's order, named once: their proto field, the words a reader sees,
// and how to read and set each grade. Standards scoring, candidate
// validation, the urgent-improvement gate and "what would it take" all
// walk this one table.
//
//   for (const ReportCardArea& area : kReportCardAreas) {
//     if ((card.*area.grade)() == v1::REPORT_CARD_GRADE_UNSPECIFIED) continue;
//     graded.push_back(area.label);  // "post-16 provision"
//   }

#ifndef TRUSTFIT_SCORING_REPORT_CARD_H_
#define TRUSTFIT_SCORING_REPORT_CARD_H_

#include <array>

#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

struct ReportCardArea {
  const char* field;  // e.g. "post_16_provision", under standards.report_card.
  const char* label;  // e.g. "post-16 provision", as explanations word it.
  trustfit::v1::ReportCardGrade (
      trustfit::v1::ReportCardInspection::*grade)() const;
  void (trustfit::v1::ReportCardInspection::*set_grade)(
      trustfit::v1::ReportCardGrade);
};

using Card = trustfit::v1::ReportCardInspection;
inline constexpr std::array<ReportCardArea, 8> kReportCardAreas = {{
    {"inclusion", "inclusion", &Card::inclusion, &Card::set_inclusion},
    {"curriculum_and_teaching", "curriculum and teaching",
     &Card::curriculum_and_teaching, &Card::set_curriculum_and_teaching},
    {"achievement", "achievement", &Card::achievement, &Card::set_achievement},
    {"attendance_and_behaviour", "attendance and behaviour",
     &Card::attendance_and_behaviour, &Card::set_attendance_and_behaviour},
    {"personal_development_and_wellbeing",
     "personal development and well-being",
     &Card::personal_development_and_wellbeing,
     &Card::set_personal_development_and_wellbeing},
    {"leadership_and_governance", "leadership and governance",
     &Card::leadership_and_governance, &Card::set_leadership_and_governance},
    {"early_years_provision", "early years provision",
     &Card::early_years_provision, &Card::set_early_years_provision},
    {"post_16_provision", "post-16 provision", &Card::post_16_provision,
     &Card::set_post_16_provision},
}};

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_REPORT_CARD_H_
