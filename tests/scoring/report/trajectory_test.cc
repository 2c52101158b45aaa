// A school's trajectory: small multiples of the overall score and each
// criterion across its records, in time order, with gaps for missing data.

#include "scoring/report/trajectory.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "scoring/report/format.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using testing::ExpectMatchesGolden;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TrajectoryRecords;

v1::Bands DefaultBands() {
  return scoring::Policy::Default().proto().scoring().bands();
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(Trajectory, MatchesGoldens) {
  const std::vector<v1::AssessmentRecord> records = TrajectoryRecords();
  ExpectMatchesGolden(*RenderTrajectorySvg(records, DefaultBands()),
                      "coasting.trajectory.svg");
  ExpectMatchesGolden(
      *RenderTrajectoryHtml(scoring::Policy::Default().proto(), records),
      "coasting.trajectory.html");
}

TEST(Trajectory, IsAStandaloneSvgFile) {
  const std::string svg =
      *RenderTrajectorySvg(TrajectoryRecords(), DefaultBands());
  EXPECT_THAT(svg, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, HasSubstr("Scores of Wetherby High School across 3 "
                             "assessments"));
}

TEST(Trajectory, DrawsEachScoreInTimeOrder) {
  const std::vector<v1::AssessmentRecord> records = TrajectoryRecords();
  const std::string svg = *RenderTrajectorySvg(records, DefaultBands());
  // Records come newest first; the panels read oldest to newest.
  EXPECT_THAT(svg, HasSubstr("12 Jan 2026</text>"));
  EXPECT_THAT(svg, HasSubstr("11 Jan 2027</text>"));
  const std::string overall = absl::StrCat(
      "Overall: ", ScoreText(records[2].assessment().overall_score()));
  const std::string latest = absl::StrCat(
      "Overall: ", ScoreText(records[0].assessment().overall_score()));
  ASSERT_NE(svg.find(overall), std::string::npos);
  EXPECT_LT(svg.find(overall), svg.find(latest));
  // Seven panels of three dots, less the finance the first record lacked.
  EXPECT_EQ(Count(svg, "<circle"), 7 * 3 - 1);
}

TEST(Trajectory, LeavesAGapWhereACriterionHadNoData) {
  const std::string svg =
      *RenderTrajectorySvg(TrajectoryRecords(), DefaultBands());
  // Finance has two dots joined by one line; every other panel one line
  // through three.
  EXPECT_EQ(Count(svg, "<polyline"), 7);
  EXPECT_THAT(svg, HasSubstr("<title>Finance: "));
}

TEST(Trajectory, TitlesShowTheChange) {
  const std::vector<v1::AssessmentRecord> records = TrajectoryRecords();
  const double first = records[2].assessment().overall_score();
  const double last = records[0].assessment().overall_score();
  EXPECT_THAT(*RenderTrajectorySvg(records, DefaultBands()),
              HasSubstr(absl::StrCat(ScoreText(first), " → ", ScoreText(last),
                                     " (", SignedPoints(last - first), ")")));
}

TEST(Trajectory, OneRecordIsOnePointEach) {
  const std::vector<v1::AssessmentRecord> one = {TrajectoryRecords()[0]};
  const std::string svg = *RenderTrajectorySvg(one, DefaultBands());
  EXPECT_EQ(Count(svg, "<circle"), 7);
  EXPECT_EQ(Count(svg, "<polyline"), 0);
}

TEST(Trajectory, PageListsTheRecordsOldestFirst) {
  const std::string html = *RenderTrajectoryHtml(
      scoring::Policy::Default().proto(), TrajectoryRecords());
  EXPECT_THAT(html, HasSubstr("URN 108088 · 3 assessments, from 12 January "
                              "2026 to 11 January 2027"));
  EXPECT_LT(html.find("assessments/0190a3c4d5e6f7a1"),
            html.find("assessments/0190a3c4d5e6f7a3"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4 landscape;"));
}

TEST(Trajectory, RefusesNoRecordsOrTwoSchools) {
  EXPECT_FALSE(RenderTrajectorySvg({}, DefaultBands()).ok());
  std::vector<v1::AssessmentRecord> records = TrajectoryRecords();
  records[1].mutable_assessment()->set_urn("108057");
  const absl::StatusOr<std::string> svg =
      RenderTrajectorySvg(records, DefaultBands());
  EXPECT_FALSE(svg.ok());
  EXPECT_THAT(svg.status().message(), HasSubstr("108088 and 108057"));
}

}  // namespace
}  // namespace trustfit::report
