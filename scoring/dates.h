// Calendar dates (google.type.Date) for inspection dates and instalment
// schedules.

#ifndef TRUSTFIT_SCORING_DATES_H_
#define TRUSTFIT_SCORING_DATES_H_

#include <string>

#include "google/type/date.pb.h"

namespace trustfit::scoring {

// True for a full date (year 1-9999, a real month and day).
bool IsValidDate(const google::type::Date& date);

// The date `months` later; the day is clamped to the end of a shorter month
// (31 January + 1 month is 28 or 29 February).
google::type::Date AddMonths(const google::type::Date& date, int months);

// "2026-09-01".
std::string FormatDate(const google::type::Date& date);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_DATES_H_
