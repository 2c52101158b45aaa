#include "scoring/rounding.h"

#include <algorithm>
#include <cmath>

namespace trustfit::scoring {
namespace {

// Places of the decimal a value is first rounded to.
constexpr int kGuardDecimals = 9;
constexpr double kGuardScale = 1e9;
constexpr int64_t kPowersOfTen[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
// Beyond this magnitude the guard decimal would overflow int64, and binary
// rounding noise is far below the places kept anyway.
constexpr double kLargestGuarded = 1e9;

}  // namespace

int64_t ScaledDecimal(double value, int decimals) {
  decimals = std::clamp(decimals, 0, 4);
  const double magnitude = std::abs(value);
  int64_t scaled;
  if (magnitude < kLargestGuarded) {
    const int64_t guard = std::llround(magnitude * kGuardScale);
    const int64_t unit = kPowersOfTen[kGuardDecimals - decimals];
    scaled = (guard + unit / 2) / unit;
  } else {
    scaled = std::llround(magnitude * kPowersOfTen[decimals]);
  }
  return value < 0 ? -scaled : scaled;
}

double RoundDecimal(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  decimals = std::clamp(decimals, 0, 4);
  const int64_t scaled = ScaledDecimal(value, decimals);
  if (scaled == 0) return 0.0;  // Never "-0".
  return static_cast<double>(scaled) /
         static_cast<double>(kPowersOfTen[decimals]);
}

double ShownDecimal(double value) {
  if (!std::isfinite(value)) return value;
  // Division by an exact power of ten rounds correctly to the nearest double.
  const double shown = std::round(value * 1e6) / 1e6;
  return shown == 0 ? 0 : shown;  // Never -0.
}

}  // namespace trustfit::scoring
