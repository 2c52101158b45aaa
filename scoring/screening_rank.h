// Ranking candidates for a shortlist while their data is incomplete.
//
// A trust screening on public data compares schools none of which can yet
// be recommended: they are all INSUFFICIENT_DATA. Ranking them by overall
// score alone rewards the school with the least known about it (its few
// known factors may all be good). The fair key, documented in the README
// ("Screening on public data"), is:
//   1. the arrangement it screens for: the recommendation when it has one,
//      else the provisional recommendation (§3.6), best first;
//   2. the lowest overall score it can still reach (the outlook's range
//      minimum): a school that is good whatever the missing data says ranks
//      above one that only might be;
//   3. the overall score on what is known;
//   4. its place in the input, so that the order is stable.
//
//   std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
//     return ScreensBefore(a.assessment, a.line, b.assessment, b.line);
//   });

#ifndef TRUSTFIT_SCORING_SCREENING_RANK_H_
#define TRUSTFIT_SCORING_SCREENING_RANK_H_

#include <cstdint>

#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::scoring {

// The arrangement `assessment` screens for: its recommendation, or while
// data is missing its provisional recommendation.
trustfit::v1::Arrangement ScreeningArrangement(
    const trustfit::v1::Assessment& assessment);

// True when `a` (input line `a_line`) ranks before `b` by the key above.
bool ScreensBefore(const trustfit::v1::Assessment& a, int64_t a_line,
                   const trustfit::v1::Assessment& b, int64_t b_line);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_SCREENING_RANK_H_
