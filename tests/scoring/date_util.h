// Calendar dates for tests: Day(2026, 12, 10) is 10 December 2026.

#ifndef TRUSTFIT_TESTS_SCORING_DATE_UTIL_H_
#define TRUSTFIT_TESTS_SCORING_DATE_UTIL_H_

#include "google/type/date.pb.h"

namespace trustfit::testing {

inline google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SCORING_DATE_UTIL_H_
