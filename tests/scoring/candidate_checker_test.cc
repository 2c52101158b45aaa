#include "scoring/candidate_checker.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

TEST(CandidateChecker, AbsentValuesAreNeverWrong) {
  FieldViolations out;
  CandidateChecker c(&out);
  c.Range("standards.overall_absence_pct", false, 250.0, 0.0, 100.0);
  c.NonNegative("leadership.teacher_vacancies", false, -3);
  c.Money("finance.staff_costs_pence", false, -1, false);
  c.Rubric("ethos.values_alignment", false, v1::RubricRating());
  c.Date("standards.report_card.inspection_date", false, google::type::Date());
  EXPECT_THAT(out.violations(), IsEmpty());
}

TEST(CandidateChecker, RangesSayWhatTheyGot) {
  FieldViolations out;
  CandidateChecker c(&out);
  c.Range("identity.pupils_on_roll", true, 20000, 0, 10000);
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::description,
                                "must be within 0-10000, got 20000")));
}

TEST(CandidateChecker, MoneyMayBeNegativeOnlyWhereAllowedAndNeverHuge) {
  FieldViolations out;
  CandidateChecker c(&out);
  c.Money("finance.in_year_balance_pence", true, -500, true);
  EXPECT_THAT(out.violations(), IsEmpty());
  c.Money("finance.staff_costs_pence", true, -500, false);
  c.Money("finance.revenue_reserves_pence", true,
          -CandidateChecker::kMaxPence - 1, true);
  EXPECT_THAT(
      out.violations(),
      ElementsAre(
          Field(&FieldViolation::field, "finance.staff_costs_pence"),
          Field(&FieldViolation::field, "finance.revenue_reserves_pence")));
}

TEST(CandidateChecker, RubricRatingsAreOneToFour) {
  FieldViolations out;
  CandidateChecker c(&out);
  v1::RubricRating rating;
  rating.set_rating(5);
  c.Rubric("governance.governance_rating", true, rating);
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::field,
                                "governance.governance_rating.rating")));
}

TEST(CandidateChecker, DatesMustExist) {
  FieldViolations out;
  CandidateChecker c(&out);
  google::type::Date date;
  date.set_year(2025);
  date.set_month(2);
  date.set_day(30);
  c.Date("standards.legacy_inspection.inspection_date", true, date);
  EXPECT_THAT(out.violations(),
              ElementsAre(Field(&FieldViolation::description,
                                "not a valid date: 2025-2-30")));
}

TEST(CandidateChecker, AppendsAnotherListUnderAPrefix) {
  FieldViolations coordinates;
  coordinates.Add("lat_lng.latitude", "must be within -90-90");
  FieldViolations out;
  CandidateChecker(&out).Append("location", coordinates);
  EXPECT_THAT(
      out.violations(),
      ElementsAre(Field(&FieldViolation::field, "location.lat_lng.latitude")));
}

}  // namespace
}  // namespace trustfit::scoring
