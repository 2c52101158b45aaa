#include "scoring/screening_rank.h"

#include "scoring/recommendation.h"

namespace trustfit::scoring {

namespace v1 = ::trustfit::v1;

v1::Arrangement ScreeningArrangement(const v1::Assessment& assessment) {
  const v1::Arrangement final_arrangement =
      assessment.recommendation().arrangement();
  if (final_arrangement != v1::ARRANGEMENT_INSUFFICIENT_DATA &&
      final_arrangement != v1::ARRANGEMENT_UNSPECIFIED) {
    return final_arrangement;
  }
  return assessment.outlook().provisional().arrangement();
}

bool ScreensBefore(const v1::Assessment& a, int64_t a_line,
                   const v1::Assessment& b, int64_t b_line) {
  const int a_rank = ArrangementRank(ScreeningArrangement(a));
  const int b_rank = ArrangementRank(ScreeningArrangement(b));
  if (a_rank != b_rank) return a_rank > b_rank;
  if (a.outlook().min_overall() != b.outlook().min_overall())
    return a.outlook().min_overall() > b.outlook().min_overall();
  if (a.overall_score() != b.overall_score())
    return a.overall_score() > b.overall_score();
  return a_line < b_line;
}

}  // namespace trustfit::scoring
