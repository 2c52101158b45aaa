// The factor points table: each bar on the shared scale (the largest
// points rounded up), neutral factors grey and never "lost", factors
// without data listed with the fields to collect.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/charts.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(FactorPointsTable, BarsShareAScaleOfTheLargestPointsRoundedUp) {
  v1::Assessment assessment;
  auto* criterion = assessment.add_criteria();
  criterion->set_criterion(v1::CRITERION_STANDARDS);
  auto* factor = criterion->add_factors();
  factor->set_factor("custom_factor");
  factor->set_score(75);
  factor->set_points(2.6);
  factor->set_points_lost(1);
  factor->set_explanation("Results <above> average & rising");
  const std::string html = FactorPointsTable(assessment).Render();
  // Scale 3 points over 54 units each side of the middle at 56.
  EXPECT_THAT(html, HasSubstr("<rect x=\"38\" y=\"2\" width=\"18\" "
                              "height=\"10\" fill=\"#d7191c\"/>"));
  EXPECT_THAT(html, HasSubstr("<rect x=\"56\" y=\"2\" width=\"46.8\" "
                              "height=\"10\" fill=\"#2c7bb6\"/>"));
  EXPECT_THAT(html, HasSubstr(">+3</text>"));
  EXPECT_THAT(html, HasSubstr("Results &lt;above&gt; average &amp; rising"));
  EXPECT_THAT(html, HasSubstr("Every factor had data."));
}

TEST(FactorPointsTable, NeutralFactorIsGreyAndToConsider) {
  v1::Assessment assessment;
  auto* criterion = assessment.add_criteria();
  criterion->set_criterion(v1::CRITERION_STANDARDS);
  auto* factor = criterion->add_factors();
  factor->set_factor("custom_factor");
  factor->set_score(0);
  factor->set_points_lost(2);
  factor->set_direction(v1::REASON_DIRECTION_NEUTRAL);
  const std::string html = FactorPointsTable(assessment).Render();
  EXPECT_THAT(html, HasSubstr("fill=\"#b0b7bd\""));
  EXPECT_THAT(html, HasSubstr(", to consider"));
  EXPECT_THAT(html, HasSubstr("class=\"num muted\""));
  EXPECT_THAT(html, Not(HasSubstr("class=\"num lost\"")));
}

TEST(FactorPointsTable, ListsFactorsWithoutDataAndTheirFields) {
  v1::Assessment assessment;
  auto* criterion = assessment.add_criteria();
  criterion->set_criterion(v1::CRITERION_STANDARDS);
  auto* factor = criterion->add_factors();
  factor->set_factor("custom_factor");
  factor->add_missing_fields("standards.a");
  factor->add_missing_fields("standards.b");
  const std::string html = FactorPointsTable(assessment).Render();
  EXPECT_THAT(html, HasSubstr("Not known, left out of the score (1 factor): "));
  EXPECT_THAT(html, HasSubstr("(standards.a, standards.b)"));
}

}  // namespace
}  // namespace trustfit::report
