// Validation of a candidate school before it is scored or quoted.
//
// Every field except identity.urn and identity.name may be missing, but what
// is present must make sense: percentages within 0-100, grades and rubric
// ratings within their scales, known enum values, coordinates within range,
// money that cannot be negative not negative. Every problem is reported with
// its path relative to the candidate ("identity.urn").

#ifndef TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_
#define TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_

#include "scoring/field_violations.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {

// Every problem with `candidate`; empty when it can be scored.
FieldViolations ValidateCandidate(const trustfit::v1::Candidate& candidate);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CANDIDATE_VALIDATION_H_
