// The shortlist's ranking key while data is incomplete (README, "Screening
// on public data").

#include "scoring/screening_rank.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

v1::Assessment Screened(v1::Arrangement final_arrangement,
                        v1::Arrangement provisional, double min_overall,
                        double overall) {
  v1::Assessment a;
  a.mutable_recommendation()->set_arrangement(final_arrangement);
  a.mutable_outlook()->mutable_provisional()->set_arrangement(provisional);
  a.mutable_outlook()->set_min_overall(min_overall);
  a.set_overall_score(overall);
  return a;
}

TEST(ScreeningArrangement, IsTheRecommendationWhenThereIsOne) {
  EXPECT_EQ(ScreeningArrangement(Screened(v1::ARRANGEMENT_PARTNER,
                                          v1::ARRANGEMENT_PARTNER, 50, 50)),
            v1::ARRANGEMENT_PARTNER);
  EXPECT_EQ(
      ScreeningArrangement(Screened(v1::ARRANGEMENT_NOT_RECOMMENDED,
                                    v1::ARRANGEMENT_NOT_RECOMMENDED, 20, 20)),
      v1::ARRANGEMENT_NOT_RECOMMENDED);
}

TEST(ScreeningArrangement, IsTheProvisionalOneWhileDataIsMissing) {
  EXPECT_EQ(
      ScreeningArrangement(Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                                    v1::ARRANGEMENT_TRUST_PARTNERSHIP, 40, 70)),
      v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(ScreensBefore, ABetterProvisionalArrangementRanksFirstWhateverTheScore) {
  const v1::Assessment strategic =
      Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
               v1::ARRANGEMENT_ASSOCIATE_STRATEGIC, 40, 60);
  const v1::Assessment partner = Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                                          v1::ARRANGEMENT_PARTNER, 70, 90);
  EXPECT_TRUE(ScreensBefore(strategic, 2, partner, 1));
  EXPECT_FALSE(ScreensBefore(partner, 1, strategic, 2));
}

TEST(ScreensBefore, AmongEqualArrangementsTheHigherMinimumRanksFirst) {
  // Little known and all of it good (a high overall, a low minimum) ranks
  // below a school that is good whatever the missing data says.
  const v1::Assessment little_known = Screened(
      v1::ARRANGEMENT_INSUFFICIENT_DATA, v1::ARRANGEMENT_PARTNER, 30, 95);
  const v1::Assessment well_known = Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                                             v1::ARRANGEMENT_PARTNER, 62, 70);
  EXPECT_TRUE(ScreensBefore(well_known, 9, little_known, 1));
}

TEST(ScreensBefore, ThenTheOverallScoreThenTheInputLine) {
  const v1::Assessment a = Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                                    v1::ARRANGEMENT_PARTNER, 50, 70);
  const v1::Assessment b = Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                                    v1::ARRANGEMENT_PARTNER, 50, 65);
  EXPECT_TRUE(ScreensBefore(a, 5, b, 1));
  EXPECT_TRUE(ScreensBefore(a, 1, a, 2));
  EXPECT_FALSE(ScreensBefore(a, 2, a, 1));
  EXPECT_FALSE(ScreensBefore(a, 1, a, 1));  // A strict weak order.
}

TEST(ScreensBefore, SortsAShortlistInTheDocumentedOrder) {
  struct Row {
    v1::Assessment assessment;
    int64_t line;
  };
  std::vector<Row> rows = {
      {Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA, v1::ARRANGEMENT_PARTNER, 55,
                80),
       1},
      {Screened(v1::ARRANGEMENT_NOT_RECOMMENDED,
                v1::ARRANGEMENT_NOT_RECOMMENDED, 90, 90),
       2},
      {Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA,
                v1::ARRANGEMENT_TRUST_PARTNERSHIP, 45, 60),
       3},
      {Screened(v1::ARRANGEMENT_INSUFFICIENT_DATA, v1::ARRANGEMENT_PARTNER, 58,
                61),
       4},
  };
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return ScreensBefore(a.assessment, a.line, b.assessment, b.line);
  });
  std::vector<int64_t> order;
  for (const Row& row : rows) order.push_back(row.line);
  EXPECT_EQ(order, (std::vector<int64_t>{3, 4, 1, 2}));
}

}  // namespace
}  // namespace trustfit::scoring
