// "What would it take" on the board pack (report_sections.h
// ImprovementSection): one line when the school is already at the best,
// else the changes with their values and points, what blocks the target,
// and how the path was found, under which policy.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/report_sections.h"
#include "trustfit/v1/improvement.pb.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

v1::PolicyRef PolicyOf(const std::string& hash) {
  v1::PolicyRef ref;
  ref.set_name("Northern Lights default");
  ref.set_version("2027.1");
  ref.set_content_hash(hash);
  return ref;
}

// Two changes take a partner to a trust partnership.
v1::ImprovementPath TwoChanges() {
  v1::ImprovementPath path;
  path.set_from_arrangement(v1::ARRANGEMENT_PARTNER);
  path.set_target_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  path.set_arrangement_after(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  path.set_reachable(true);
  path.set_overall_now(48.5);
  path.set_overall_after(61.25);
  path.set_evaluations(214);
  path.set_max_changes(3);
  *path.mutable_policy() = PolicyOf("abc");
  v1::InputChange* absence = path.add_changes();
  absence->set_field("standards.overall_absence_pct");
  absence->set_value_now("9.1%");
  absence->set_value_needed("6.9%");
  absence->set_points_gained(7.5);
  absence->set_explanation("Absence <at> the national rate");
  v1::InputChange* reserves = path.add_changes();
  reserves->set_field("finance.revenue_reserves_pence");
  reserves->set_value_now("-£20,000.00");
  reserves->set_value_needed("£0.00");
  reserves->set_points_gained(5.25);
  return path;
}

TEST(ImprovementSection, SaysHowManyChangesTakeTheSchoolWhere) {
  const std::string html =
      ImprovementSection(TwoChanges(), PolicyOf("abc")).Render();
  EXPECT_THAT(html,
              HasSubstr("<h2>What would it take: Trust partnership</h2>"));
  EXPECT_THAT(html, HasSubstr("2 changes take the school from Partner to "
                              "Trust partnership, overall 48.5 to 61.25."));
}

TEST(ImprovementSection, ListsEachChangeWithItsValuesPointsAndWhy) {
  const std::string html =
      ImprovementSection(TwoChanges(), PolicyOf("abc")).Render();
  EXPECT_THAT(html, HasSubstr("standards.overall_absence_pct"));
  EXPECT_THAT(html, HasSubstr("<td>9.1%</td>"));
  EXPECT_THAT(html, HasSubstr("<strong>6.9%</strong>"));
  EXPECT_THAT(html, HasSubstr("+7.5"));
  EXPECT_THAT(html, HasSubstr("+5.25"));
  EXPECT_THAT(html, HasSubstr("Absence &lt;at&gt; the national rate"));
}

TEST(ImprovementSection, SaysHowThePathWasFound) {
  const std::string html =
      ImprovementSection(TwoChanges(), PolicyOf("abc")).Render();
  EXPECT_THAT(html, HasSubstr("Found by re-scoring the candidate 214 times"));
  EXPECT_THAT(html, HasSubstr("at most 3 of them."));
  EXPECT_THAT(html, Not(HasSubstr("not the policy of the assessment")));
}

TEST(ImprovementSection, NamesAnotherPolicyThanTheAssessments) {
  const std::string html =
      ImprovementSection(TwoChanges(), PolicyOf("different")).Render();
  EXPECT_THAT(html,
              HasSubstr("Found under policy Northern Lights default, version "
                        "2027.1, not the policy of the assessment."));
}

TEST(ImprovementSection, OneChangeIsSingular) {
  v1::ImprovementPath path = TwoChanges();
  path.mutable_changes()->RemoveLast();
  EXPECT_THAT(ImprovementSection(path, PolicyOf("abc")).Render(),
              HasSubstr("1 change takes the school from Partner"));
}

TEST(ImprovementSection, AnUnreachableTargetShowsTheBestFoundAndWhatBlocks) {
  v1::ImprovementPath path = TwoChanges();
  path.set_reachable(false);
  path.set_target_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_after_is_provisional(true);
  v1::PathBlocker* blocker = path.add_blockers();
  blocker->set_code("LOCATION_BEYOND_CLUSTER_RADIUS");
  blocker->set_explanation("The school cannot move.");
  const std::string html = ImprovementSection(path, PolicyOf("abc")).Render();
  EXPECT_THAT(html,
              HasSubstr("Associate with a view to integration is out of reach "
                        "within 3 changes: the best found gives Trust "
                        "partnership (provisional), overall 48.5 to 61.25."));
  EXPECT_THAT(html, HasSubstr("<h3>What blocks it</h3>"));
  EXPECT_THAT(html, HasSubstr("<strong>LOCATION_BEYOND_CLUSTER_RADIUS</strong>"
                              ": The school cannot move."));
}

TEST(ImprovementSection, AlreadyTheBestIsOneLineAndNoSection) {
  v1::ImprovementPath path;
  path.set_from_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_reachable(true);
  const std::string html = ImprovementSection(path, PolicyOf("abc")).Render();
  EXPECT_THAT(html, StartsWith("<p>"));
  EXPECT_THAT(html, Not(HasSubstr("<section")));
  EXPECT_THAT(html,
              HasSubstr("Nothing to change: the school is already Associate "
                        "with a view to integration, the best arrangement "
                        "there is."));
}

}  // namespace
}  // namespace trustfit::report
