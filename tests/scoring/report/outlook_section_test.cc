// The outlook on the board pack while data is missing (§3.6,
// report_sections.h OutlookSection): the provisional arrangement, the range
// the overall score could take drawn over the bands, the worst and best
// arrangement, the gates that could still fire, and the data to collect
// first, the first six listed and the rest counted.

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/reason_codes.h"
#include "scoring/report/report_sections.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Bands DefaultBands() {
  v1::Bands bands;
  bands.set_strong_min(75);
  bands.set_secure_min(60);
  bands.set_developing_min(45);
  return bands;
}

// Overall 52 on the data known, 40 to 70 over what is missing.
v1::Assessment Provisional() {
  v1::Assessment assessment;
  assessment.set_overall_score(52);
  v1::Outlook* outlook = assessment.mutable_outlook();
  outlook->set_is_provisional(true);
  outlook->mutable_provisional()->set_arrangement(v1::ARRANGEMENT_PARTNER);
  outlook->mutable_provisional()->set_rule("R6");
  outlook->mutable_provisional()->set_explanation("Developing overall.");
  outlook->mutable_provisional()->set_term_months(12);
  outlook->set_min_overall(40);
  outlook->set_max_overall(70);
  outlook->set_min_band(v1::BAND_CONCERN);
  outlook->set_max_band(v1::BAND_SECURE);
  outlook->set_worst_arrangement(v1::ARRANGEMENT_NOT_RECOMMENDED);
  outlook->set_best_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  return assessment;
}

void AddToCollect(v1::Assessment* assessment, const std::string& code,
                  double points) {
  v1::DataToCollect* collect =
      assessment->mutable_outlook()->add_collect_first();
  collect->set_code(code);
  collect->add_fields(absl::StrCat("finance.", code));
  collect->set_points_at_stake(points);
  collect->set_can_change_provisional(points > 5);
}

TEST(OutlookSection, LeadsWithTheProvisionalArrangementAndTheRuleThatChoseIt) {
  const std::string html =
      OutlookSection(Provisional(), DefaultBands()).Render();
  EXPECT_THAT(html,
              HasSubstr("<h2>Outlook: provisional while data is missing</h2>"));
  EXPECT_THAT(html, HasSubstr("Provisionally: Partner"));
  EXPECT_THAT(html, HasSubstr("<dd>12 months</dd>"));
  EXPECT_THAT(html, HasSubstr("Provisional, by R6: Developing overall."));
}

TEST(OutlookSection, GivesTheRangeWithItsBandsAndTheWorstAndBest) {
  const std::string html =
      OutlookSection(Provisional(), DefaultBands()).Render();
  EXPECT_THAT(html, HasSubstr("<dd>40 (Concern) to 70 (Secure)</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>At worst</dt>\n<dd>Not recommended</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>At best</dt>\n<dd>Trust partnership</dd>"));
}

TEST(OutlookSection, DrawsTheRangeOnAHundredPointScale) {
  // 674 px for 100 points from x = 8: 40 is at 277.6 and 70 at 479.8.
  const std::string html =
      OutlookSection(Provisional(), DefaultBands()).Render();
  EXPECT_THAT(html,
              HasSubstr("aria-label=\"Overall score could be 40 to 70\""));
  EXPECT_THAT(html, HasSubstr("x=\"277.6\""));
  EXPECT_THAT(html, HasSubstr("width=\"202.2\""));
}

TEST(OutlookSection, NamesEachGateThatCouldStillFireWithItsMeaning) {
  v1::Assessment assessment = Provisional();
  const std::string code(scoring::ReasonCodeName(
      scoring::ReasonCode::kStandardsSafeguardingNotMet));
  assessment.mutable_outlook()->add_possible_gates(code);
  const std::string html = OutlookSection(assessment, DefaultBands()).Render();
  EXPECT_THAT(html, HasSubstr("<h3>Gates that could still fire</h3>"));
  EXPECT_THAT(html, HasSubstr("<strong>" + code + "</strong>: "));
  EXPECT_THAT(OutlookSection(Provisional(), DefaultBands()).Render(),
              Not(HasSubstr("Gates that could still fire")));
}

TEST(OutlookSection, ListsTheFirstSixInputsToCollectAndCountsTheRest) {
  v1::Assessment assessment = Provisional();
  for (int i = 0; i < 8; ++i) {
    AddToCollect(&assessment, absl::StrCat("INPUT_", i), 10 - i);
  }
  const std::string html = OutlookSection(assessment, DefaultBands()).Render();
  EXPECT_THAT(html, HasSubstr("<h3>Data to collect first</h3>"));
  EXPECT_THAT(html, HasSubstr("<strong>INPUT_0</strong>"));
  EXPECT_THAT(html, HasSubstr("<strong>INPUT_5</strong>"));
  EXPECT_THAT(html, Not(HasSubstr("INPUT_6")));
  EXPECT_THAT(html, HasSubstr("finance.INPUT_0"));
  EXPECT_THAT(html,
              HasSubstr("And 2 more inputs, each with fewer points at stake."));
}

TEST(OutlookSection, SixInputsOrFewerAreAllListedWithNothingCounted) {
  v1::Assessment assessment = Provisional();
  AddToCollect(&assessment, "RESERVES", 12.5);
  AddToCollect(&assessment, "BALANCE", 3);
  const std::string html = OutlookSection(assessment, DefaultBands()).Render();
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">12.5</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Yes</td>"));
  EXPECT_THAT(html, HasSubstr("<td>No</td>"));
  EXPECT_THAT(html, Not(HasSubstr("more inputs")));
}

}  // namespace
}  // namespace trustfit::report
