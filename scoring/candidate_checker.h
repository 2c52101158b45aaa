// Internal to the scoring library: the helper every candidate input check is
// written with.
//
// A CandidateChecker adds violations, named by their path from the candidate
// ("finance.reserves_pence"), for values that are present and make no sense:
//
//   c.Range("leadership.staff_turnover_pct", l.has_staff_turnover_pct(),
//           l.staff_turnover_pct(), 0.0, 100.0);
//
// Candidate validation (candidate_validation.cc) checks the sections several
// criteria read with it; each criterion's file checks the inputs only it
// reads (criterion_unit.h).

#ifndef TRUSTFIT_SCORING_CANDIDATE_CHECKER_H_
#define TRUSTFIT_SCORING_CANDIDATE_CHECKER_H_

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

class CandidateChecker {
 public:
  // Money beyond this either way (£100bn, far beyond any school) is a
  // mistake, and the bound keeps ratio and quote arithmetic from overflow.
  static constexpr int64_t kMaxPence = 10'000'000'000'000;

  explicit CandidateChecker(FieldViolations* out) : out_(out) {}

  void Fail(absl::string_view field, absl::string_view problem);

  // Every violation of `other`, its paths under `prefix`.
  void Append(absl::string_view prefix, const FieldViolations& other);

  template <typename T>
  void Range(absl::string_view field, bool present, T value, T lo, T hi) {
    if (present && !(value >= lo && value <= hi)) {
      Fail(field,
           absl::StrCat("must be within ", absl::StrCat(lo), "-",
                        absl::StrCat(hi), ", got ", absl::StrCat(value)));
    }
  }

  void NonNegative(absl::string_view field, bool present, int64_t value);

  // Money: at most kMaxPence either way, and not negative unless it may be.
  void Money(absl::string_view field, bool present, int64_t pence,
             bool may_be_negative);

  template <typename IsValid>
  void Enum(absl::string_view field, int value, IsValid is_valid) {
    if (!is_valid(value)) Fail(field, absl::StrCat("unknown value ", value));
  }

  // A 1-4 rubric rating.
  void Rubric(absl::string_view field, bool present,
              const trustfit::v1::RubricRating& rating);

  void Date(absl::string_view field, bool present,
            const google::type::Date& date);

 private:
  FieldViolations* out_;
};

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CANDIDATE_CHECKER_H_
