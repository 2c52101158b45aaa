#include "scoring/dates.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

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

int64_t DayNumber(const google::type::Date& date) {
  // Howard Hinnant's days_from_civil.
  const int64_t y = date.year() - (date.month() <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t m = date.month();
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day() - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

google::type::Date DateOf(absl::Time time) {
  const absl::CivilDay day = absl::ToCivilDay(time, absl::UTCTimeZone());
  google::type::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

google::protobuf::Timestamp TimestampOf(absl::Time time) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  google::protobuf::Timestamp out;
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return out;
}

}  // namespace trustfit::scoring
