#include "scoring/money.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace trustfit::scoring {

int64_t RoundHalfUp(__int128 numerator, __int128 denominator) {
  const bool negative = numerator < 0;
  const __int128 magnitude = negative ? -numerator : numerator;
  const __int128 rounded = (2 * magnitude + denominator) / (2 * denominator);
  return static_cast<int64_t>(negative ? -rounded : rounded);
}

std::string FormatPence(int64_t pence) {
  const bool negative = pence < 0;
  // Work in unsigned so that INT64_MIN does not overflow on negation.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(pence)
                                : static_cast<uint64_t>(pence);
  const uint64_t pounds = magnitude / 100;
  const uint64_t pennies = magnitude % 100;
  std::string digits = absl::StrCat(pounds);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return absl::StrCat(negative ? "-" : "", "£", grouped, ".",
                      absl::Dec(pennies, absl::kZeroPad2));
}

std::string FormatBasisPoints(int64_t bps) {
  const bool negative = bps < 0;
  const int64_t magnitude = std::llabs(bps);
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".",
                      absl::Dec(magnitude % 100, absl::kZeroPad2), "%");
}

}  // namespace trustfit::scoring
