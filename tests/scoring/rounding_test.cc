#include "scoring/rounding.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

TEST(RoundDecimal, RoundsHalfUpOnTheDecimalValue) {
  EXPECT_EQ(RoundDecimal(59.995, 2), 60.00);
  EXPECT_EQ(RoundDecimal(64.995, 2), 65.00);
  EXPECT_EQ(RoundDecimal(0.005, 2), 0.01);
  EXPECT_EQ(RoundDecimal(100, 2), 100);
  EXPECT_EQ(RoundDecimal(0.125, 2), 0.13);
  EXPECT_EQ(RoundDecimal(1.0049, 2), 1.00);
}

TEST(RoundDecimal, IgnoresTheNoiseOfBinarySums) {
  // The mean of 50.28 and 69.71 is 59.995 in decimal, but in binary it
  // comes out as 59.99499999999999, whose rounding to the nearest hundredth
  // would be 59.99.
  const double mean = (20 * 50.28 + 20 * 69.71) / 40;
  ASSERT_LT(mean * 100, 5999.5);
  EXPECT_EQ(RoundDecimal(mean, 2), 60.00);
  EXPECT_EQ(RoundDecimal(59.99499999999999, 2), 60.00);
  EXPECT_EQ(RoundDecimal(64.99499999999998, 2), 65.00);
  EXPECT_EQ(RoundDecimal(0.1 + 0.2, 1), 0.3);
}

TEST(RoundDecimal, RoundsNegativeHalvesAwayFromZeroAndNeverGivesMinusZero) {
  EXPECT_EQ(RoundDecimal(-1.005, 2), -1.01);
  EXPECT_EQ(RoundDecimal(-11.425, 2), -11.43);
  EXPECT_FALSE(std::signbit(RoundDecimal(-0.001, 2)));
  EXPECT_FALSE(std::signbit(RoundDecimal(-0.0, 2)));
}

TEST(RoundDecimal, KeepsTheRequestedPlaces) {
  EXPECT_EQ(RoundDecimal(0.33333, 4), 0.3333);
  EXPECT_EQ(RoundDecimal(0.12345, 4), 0.1235);
  EXPECT_EQ(RoundDecimal(-0.0625, 3), -0.063);
  EXPECT_EQ(RoundDecimal(2.5, 0), 3);
}

TEST(RoundDecimal, LargeValuesAndNonFiniteOnes) {
  EXPECT_EQ(RoundDecimal(12345678901.235, 2), 12345678901.24);
  EXPECT_TRUE(
      std::isnan(RoundDecimal(std::numeric_limits<double>::quiet_NaN(), 2)));
  EXPECT_EQ(RoundDecimal(std::numeric_limits<double>::infinity(), 2),
            std::numeric_limits<double>::infinity());
}

TEST(ScaledDecimal, IsTheRoundedValueInUnitsOfTheLastPlace) {
  EXPECT_EQ(ScaledDecimal(59.995, 2), 6000);
  EXPECT_EQ(ScaledDecimal(59.99499999999999, 2), 6000);
  EXPECT_EQ(ScaledDecimal(-0.005, 2), -1);
  EXPECT_EQ(ScaledDecimal(7.25, 1), 73);
}

TEST(ShownDecimal, PrintsAsItsSixDecimalsWithoutFloatingPointNoise) {
  // 6.666710000000001 and -3.3991729999999998 came out of real batches.
  // The double nearest the decimal, which protobuf's JSON prints as written.
  EXPECT_EQ(ShownDecimal(6.666710000000001), 6.66671);
  EXPECT_EQ(ShownDecimal(-3.3991729999999998), -3.399173);
  EXPECT_EQ(ShownDecimal(4.13043), 4.13043);
  EXPECT_FALSE(std::signbit(ShownDecimal(-0.0000001)));
}

}  // namespace
}  // namespace trustfit::scoring
