// The shared factor helpers criteria.h declares, which factor.cc implements
// (the criteria themselves have test files of their own).

#include "gtest/gtest.h"
#include "scoring/criteria.h"

namespace trustfit::scoring {
namespace {

TEST(FormatNumber, DropsTrailingZerosAndThePoint) {
  EXPECT_EQ(FormatNumber(5.3), "5.3");
  EXPECT_EQ(FormatNumber(5.30001), "5.3");
  EXPECT_EQ(FormatNumber(12.0), "12");
  EXPECT_EQ(FormatNumber(0.0), "0");
  EXPECT_EQ(FormatNumber(100.5, 1), "100.5");
}

TEST(FormatNumber, KeepsLeadingZerosOfTheFraction) {
  EXPECT_EQ(FormatNumber(3.05), "3.05");
  EXPECT_EQ(FormatNumber(0.007, 3), "0.007");
  EXPECT_EQ(FormatNumber(0.0102, 4), "0.0102");
}

TEST(FormatNumber, RoundsHalfAwayFromZeroAtTheGivenDecimals) {
  EXPECT_EQ(FormatNumber(2.675, 2), "2.68");
  EXPECT_EQ(FormatNumber(9.96, 1), "10");
  EXPECT_EQ(FormatNumber(1234.5, 0), "1235");
  EXPECT_EQ(FormatNumber(-1.25, 1), "-1.3");
}

TEST(FormatNumber, NegativeValuesThatRoundToZeroHaveNoSign) {
  EXPECT_EQ(FormatNumber(-0.001), "0");
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatNumber(-4.5), "-4.5");
}

TEST(FormatNumber, ClampsDecimalsToZeroThroughFour) {
  EXPECT_EQ(FormatNumber(1.123456, 9), "1.1235");
  EXPECT_EQ(FormatNumber(1.6, -3), "2");
}

TEST(FormatNumber, LargeValues) {
  EXPECT_EQ(FormatNumber(123456789012.25), "123456789012.25");
}

}  // namespace
}  // namespace trustfit::scoring
