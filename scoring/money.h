// Integer money arithmetic for quotes, and how money and rates are shown.
//
// Money is int64 pence and rates are basis points; no floating point touches
// money. Each quote line is computed as one exact fraction and rounded
// half-up to the penny once, e.g. a 200 bps core rate on a £1,234,567.89 base
// for 13 months is round(123456789 * 200 * 13 / (10000 * 12)) pence.

#ifndef TRUSTFIT_SCORING_MONEY_H_
#define TRUSTFIT_SCORING_MONEY_H_

#include <cstdint>
#include <string>

namespace trustfit::scoring {

inline constexpr int64_t kBasisPointsPerUnit = 10000;
inline constexpr int64_t kMonthsPerYear = 12;

// RoundHalfUp()
//
// numerator / denominator rounded to the nearest integer, halves away from
// zero. Uses 128-bit intermediates, so products of int64 money, basis points
// and months cannot overflow. `denominator` must be positive.
int64_t RoundHalfUp(__int128 numerator, __int128 denominator);

// "£1,234.56", "-£0.05".
std::string FormatPence(int64_t pence);

// "2.00%" for 200 basis points.
std::string FormatBasisPoints(int64_t bps);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_MONEY_H_
