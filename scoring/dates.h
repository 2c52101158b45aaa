// Calendar dates (google.type.Date) for inspection dates and instalment
// schedules.

#ifndef TRUSTFIT_SCORING_DATES_H_
#define TRUSTFIT_SCORING_DATES_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace trustfit::scoring {

// True for a full date (year 1-9999, a real month and day).
bool IsValidDate(const google::type::Date& date);

// The date `months` later; the day is clamped to the end of a shorter month
// (31 January + 1 month is 28 or 29 February).
google::type::Date AddMonths(const google::type::Date& date, int months);

// "2026-09-01".
std::string FormatDate(const google::type::Date& date);

// Days since 1970-01-01 of a valid date (negative before): for comparing
// dates and counting the days between them.
int64_t DayNumber(const google::type::Date& date);

// The UTC calendar day of `time`.
google::type::Date DateOf(absl::Time time);

// The instant a protobuf Timestamp holds, and the Timestamp of an instant,
// to the nanosecond: the one place the two time types meet.
absl::Time TimeOf(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp TimestampOf(absl::Time time);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_DATES_H_
