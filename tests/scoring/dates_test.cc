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

TEST(TimeOf, AndTimestampOfRoundTripToTheNanosecond) {
  const absl::Time when =
      absl::FromUnixSeconds(1796000000) + absl::Nanoseconds(123456789);
  const google::protobuf::Timestamp timestamp = TimestampOf(when);
  EXPECT_EQ(timestamp.seconds(), 1796000000);
  EXPECT_EQ(timestamp.nanos(), 123456789);
  EXPECT_EQ(TimeOf(timestamp), when);
  // Before 1970 the nanoseconds still count forwards, as protobuf requires.
  const google::protobuf::Timestamp early =
      TimestampOf(absl::FromUnixSeconds(-1) + absl::Milliseconds(500));
  EXPECT_EQ(early.seconds(), -1);
  EXPECT_EQ(early.nanos(), 500000000);
}

}  // namespace
}  // namespace trustfit::scoring
