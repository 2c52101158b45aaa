#include "scoring/money.h"

#include <limits>

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

TEST(RoundHalfUp, RoundsHalvesUp) {
  EXPECT_EQ(RoundHalfUp(5, 2), 3);
  EXPECT_EQ(RoundHalfUp(1, 2), 1);
  EXPECT_EQ(RoundHalfUp(3, 2), 2);
}

TEST(RoundHalfUp, RoundsToNearestOtherwise) {
  EXPECT_EQ(RoundHalfUp(1, 3), 0);
  EXPECT_EQ(RoundHalfUp(2, 3), 1);
  EXPECT_EQ(RoundHalfUp(10, 5), 2);
  EXPECT_EQ(RoundHalfUp(0, 7), 0);
}

TEST(RoundHalfUp, NegativeHalvesAwayFromZero) {
  EXPECT_EQ(RoundHalfUp(-5, 2), -3);
  EXPECT_EQ(RoundHalfUp(-1, 3), 0);
}

TEST(RoundHalfUp, ProductsBeyondInt64DoNotOverflow) {
  // £100bn at 100% for 120 months: the numerator exceeds int64.
  const __int128 numerator =
      static_cast<__int128>(10'000'000'000'000) * 10000 * 120;
  EXPECT_EQ(RoundHalfUp(numerator, 10000 * 12), 100'000'000'000'000);
}

TEST(FormatPence, GroupsThousandsAndShowsPennies) {
  EXPECT_EQ(FormatPence(0), "£0.00");
  EXPECT_EQ(FormatPence(5), "£0.05");
  EXPECT_EQ(FormatPence(123456789), "£1,234,567.89");
  EXPECT_EQ(FormatPence(100000), "£1,000.00");
  EXPECT_EQ(FormatPence(-4105), "-£41.05");
}

TEST(FormatPence, HandlesTheMostNegativeValue) {
  EXPECT_EQ(FormatPence(std::numeric_limits<int64_t>::min()),
            "-£92,233,720,368,547,758.08");
}

TEST(FormatBasisPoints, ShowsPercentWithTwoDecimals) {
  EXPECT_EQ(FormatBasisPoints(200), "2.00%");
  EXPECT_EQ(FormatBasisPoints(5), "0.05%");
  EXPECT_EQ(FormatBasisPoints(10000), "100.00%");
  EXPECT_EQ(FormatBasisPoints(-150), "-1.50%");
}

}  // namespace
}  // namespace trustfit::scoring
