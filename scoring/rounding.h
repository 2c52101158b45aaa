// Rounding of scores (product.md §3.2): half-up on the value's DECIMAL
// representation, once where each score is made.
//
// A weighted mean that is exactly 59.995 in decimal can come out of binary
// floating-point arithmetic as 59.99499999999999; rounding that double would
// show 59.99 and could drop a recommendation below a threshold of 60. So a
// value is first rounded to nine decimals (far finer than any input, far
// coarser than the error of summing a few dozen terms), and that decimal is
// then rounded half-up (away from zero) to the wanted places. Every score,
// points value, share and displayed number goes through this one function.
//
//   RoundDecimal(59.99499999999999, 2);  // 60.00, not 59.99
//   RoundDecimal(0.005, 2);              // 0.01
//   ScaledDecimal(64.995, 2);            // 6500

#ifndef TRUSTFIT_SCORING_ROUNDING_H_
#define TRUSTFIT_SCORING_ROUNDING_H_

#include <cstdint>

namespace trustfit::scoring {

// ScaledDecimal()
//
// `value` times 10^`decimals` (0-4), rounded half-up on its decimal value,
// as an integer: 59.995 at 2 decimals is 6000.
int64_t ScaledDecimal(double value, int decimals);

// RoundDecimal()
//
// `value` rounded half-up on its decimal value to `decimals` (0-4) places;
// never -0. Infinities and NaN are returned unchanged.
double RoundDecimal(double value, int decimals);

// Round2()
//
// Two decimals: the precision of every score and points value.
inline double Round2(double value) { return RoundDecimal(value, 2); }

// ShownDecimal()
//
// `value` to six decimal places, as the double nearest that decimal, so that
// it prints as "6.92555" rather than "6.9255499999999994": for quantities
// computed to be shown (a factor's input, converted coordinates), never for
// a score or a threshold, which Round2 rounds.
double ShownDecimal(double value);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_ROUNDING_H_
