// Validation of a candidate school before it is scored or quoted.
//
// Every field except identity.urn and identity.name may be missing, but what
// is present must make sense: percentages within 0-100, grades and rubric
// ratings within their scales, known enum values, coordinates within range,
// money that cannot be negative not negative. Every problem is reported with
// its path relative to the candidate ("identity.urn").

#ifndef TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_
#define TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "scoring/field_violations.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

// Size limits of every candidate, documented in the README: generous for
// any real school, and small enough that a hostile request cannot make a
// record too big to read back.
inline constexpr size_t kMaxCandidateTextBytes = 200;  // Any string field.
inline constexpr int kMaxCandidateListEntries = 50;    // Any repeated field.

// Every problem with `candidate`; empty when it can be scored. Besides the
// checks above, every string is at most kMaxCandidateTextBytes and free of
// NUL bytes (PostgreSQL cannot store them), every list at most
// kMaxCandidateListEntries long.
FieldViolations ValidateCandidate(const trustfit::v1::Candidate& candidate);

// CheckText()
//
// Adds a violation for `field` when `value` is longer than `max_bytes` or
// holds a NUL byte: the one check of free text from a request.
void CheckText(absl::string_view field, absl::string_view value,
               size_t max_bytes, FieldViolations* violations);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_
