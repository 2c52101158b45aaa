#include "scoring/dates.h"

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

google::type::Date D(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(IsValidDate, KnowsLeapYears) {
  EXPECT_TRUE(IsValidDate(D(2028, 2, 29)));
  EXPECT_FALSE(IsValidDate(D(2027, 2, 29)));
  EXPECT_TRUE(IsValidDate(D(2000, 2, 29)));
  EXPECT_FALSE(IsValidDate(D(2100, 2, 29)));
}

TEST(IsValidDate, RejectsPartialAndOutOfRangeDates) {
  EXPECT_FALSE(IsValidDate(D(0, 1, 1)));
  EXPECT_FALSE(IsValidDate(D(2026, 13, 1)));
  EXPECT_FALSE(IsValidDate(D(2026, 4, 31)));
  EXPECT_FALSE(IsValidDate(D(2026, 4, 0)));
}

TEST(AddMonths, ClampsToTheEndOfAShorterMonth) {
  EXPECT_EQ(FormatDate(AddMonths(D(2027, 1, 31), 1)), "2027-02-28");
  EXPECT_EQ(FormatDate(AddMonths(D(2028, 1, 31), 1)), "2028-02-29");
  EXPECT_EQ(FormatDate(AddMonths(D(2027, 1, 31), 2)), "2027-03-31");
}

TEST(AddMonths, CrossesYears) {
  EXPECT_EQ(FormatDate(AddMonths(D(2026, 12, 1), 1)), "2027-01-01");
  EXPECT_EQ(FormatDate(AddMonths(D(2026, 9, 1), 24)), "2028-09-01");
}

}  // namespace
}  // namespace trustfit::scoring
