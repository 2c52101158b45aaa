// Complete validation of a scoring policy (§5 of the product spec).
//
// A policy is checked as a whole before it is used, and every problem is
// reported with its field path: curves well formed and monotonic in the
// direction their meaning demands, weights positive, bands ordered, scores
// within 0-100, catalogue codes unique, terms within bounds, and so on. The
// rules are listed, one per helper, in policy_validation.cc.

#ifndef TRUSTFIT_SCORING_POLICY_VALIDATION_H_
#define TRUSTFIT_SCORING_POLICY_VALIDATION_H_

#include "scoring/field_violations.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

// Every problem with `policy`; empty when it can be used.
FieldViolations ValidatePolicy(const trustfit::v1::Policy& policy);

// Problems with a cluster (shared by policy validation and inline clusters in
// requests).
FieldViolations ValidateCluster(const trustfit::v1::Cluster& cluster);

// Problems with a location's coordinates: grid references within the
// National Grid, latitude and longitude within range.
FieldViolations ValidateLocation(const trustfit::v1::Location& location);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_POLICY_VALIDATION_H_
