#include "scoring/dates.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace trustfit::scoring {
namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsValidDate(const google::type::Date& date) {
  return date.year() >= 1 && date.year() <= 9999 && date.month() >= 1 &&
         date.month() <= 12 && date.day() >= 1 &&
         date.day() <= DaysInMonth(date.year(), date.month());
}

google::type::Date AddMonths(const google::type::Date& date, int months) {
  const int index = date.year() * 12 + (date.month() - 1) + months;
  google::type::Date out;
  out.set_year(index / 12);
  out.set_month(index % 12 + 1);
  out.set_day(std::min(date.day(), DaysInMonth(out.year(), out.month())));
  return out;
}

std::string FormatDate(const google::type::Date& date) {
  return absl::StrCat(absl::Dec(date.year(), absl::kZeroPad4), "-",
                      absl::Dec(date.month(), absl::kZeroPad2), "-",
                      absl::Dec(date.day(), absl::kZeroPad2));
}

}  // namespace trustfit::scoring
