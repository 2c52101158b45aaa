// A school's trajectory (§9): how its overall score and each criterion moved
// across its recorded assessments, drawn as small multiples (one panel per
// score, the bands shaded behind it) — the picture of a 12-18 month
// partnership.
//
//   // records: one school's AssessmentRecords, in any order.
//   absl::StatusOr<std::string> svg =
//       RenderTrajectorySvg(records, policy.proto().scoring().bands());
//   absl::StatusOr<std::string> html =
//       RenderTrajectoryHtml(policy.proto(), records);

#ifndef TRUSTFIT_SCORING_REPORT_TRAJECTORY_H_
#define TRUSTFIT_SCORING_REPORT_TRAJECTORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "scoring/report/markup.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// TrajectoryChart()
//
// Seven panels (overall, then the six criteria), each plotting the score of
// every record in time order on 0-100 over the band regions; a criterion a
// record could not score leaves a gap. INVALID_ARGUMENT when `records` is
// empty, holds more than one school (URN), or a record has no assessment.
absl::StatusOr<Element> TrajectoryChart(
    const std::vector<trustfit::v1::AssessmentRecord>& records,
    const trustfit::v1::Bands& bands);

// The chart as a standalone SVG file.
absl::StatusOr<std::string> RenderTrajectorySvg(
    const std::vector<trustfit::v1::AssessmentRecord>& records,
    const trustfit::v1::Bands& bands);

// A page with the chart and a table of the records (date, name, overall,
// recommendation, policy version, requester), oldest first.
absl::StatusOr<std::string> RenderTrajectoryHtml(
    const trustfit::v1::Policy& policy,
    const std::vector<trustfit::v1::AssessmentRecord>& records);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_TRAJECTORY_H_
