#include "scoring/candidate_checker.h"

#include "scoring/dates.h"

namespace trustfit::scoring {

void CandidateChecker::Fail(absl::string_view field,
                            absl::string_view problem) {
  out_->Add(field, problem);
}

void CandidateChecker::Append(absl::string_view prefix,
                              const FieldViolations& other) {
  out_->Append(prefix, other);
}

void CandidateChecker::NonNegative(absl::string_view field, bool present,
                                   int64_t value) {
  if (present && value < 0) Fail(field, "must not be negative");
}

void CandidateChecker::Money(absl::string_view field, bool present,
                             int64_t pence, bool may_be_negative) {
  if (!present) return;
  if (pence < 0 && !may_be_negative) {
    Fail(field, "must not be negative");
  } else if (pence > kMaxPence || pence < -kMaxPence) {
    Fail(field, "implausibly large: at most 10000000000000 pence (£100bn)");
  }
}

void CandidateChecker::Rubric(absl::string_view field, bool present,
                              const trustfit::v1::RubricRating& rating) {
  if (present && (rating.rating() < 1 || rating.rating() > 4)) {
    Fail(absl::StrCat(field, ".rating"),
         absl::StrCat("must be 1-4 (1 weak .. 4 strong), got ",
                      rating.rating()));
  }
}

void CandidateChecker::Date(absl::string_view field, bool present,
                            const google::type::Date& date) {
  if (present && !IsValidDate(date)) {
    Fail(field, absl::StrCat("not a valid date: ", date.year(), "-",
                             date.month(), "-", date.day()));
  }
}

}  // namespace trustfit::scoring
