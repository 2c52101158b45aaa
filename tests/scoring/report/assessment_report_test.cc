// The one-page assessment report: whole pages pinned by golden files, and
// what a board member must find on them.

#include "scoring/report/assessment_report.h"

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "scoring/report/charts.h"
#include "scoring/report/report_sections.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using testing::ExpectMatchesGolden;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PathOf;
using testing::PublicOnlyRecord;
using testing::StrongLocalRecord;

// The report with "what would it take", as `trustfit report` makes it.
std::string Report(const v1::AssessmentRecord& record) {
  const v1::ImprovementPath path = PathOf(record);
  absl::StatusOr<std::string> html =
      RenderAssessmentReport(scoring::Policy::Default().proto(), record, &path);
  EXPECT_TRUE(html.ok()) << html.status();
  return html.ok() ? *html : "";
}

TEST(AssessmentReport, CompleteCandidateMatchesGolden) {
  ExpectMatchesGolden(Report(StrongLocalRecord()), "strong_local.report.html");
}

TEST(AssessmentReport, PublicDataCandidateMatchesGolden) {
  ExpectMatchesGolden(Report(PublicOnlyRecord()), "public_only.report.html");
}

TEST(AssessmentReport, ShowsTheSchoolRecommendationAndNetCost) {
  const std::string html = Report(StrongLocalRecord());
  EXPECT_THAT(html, HasSubstr("<h1>Allerton High School</h1>"));
  EXPECT_THAT(html, HasSubstr("Associate with a view to integration"));
  EXPECT_THAT(html, HasSubstr("RULE_ASSOCIATE_INTEGRATION"));
  EXPECT_THAT(html, HasSubstr("<dd>£290,280.00</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>2.06% a year</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>every 6 months</dd>"));
  EXPECT_THAT(html, HasSubstr("Instalments: 6 termly instalments from 1 "
                              "January 2027: 6 of £48,380.00."));
}

TEST(AssessmentReport, ShowsProvenance) {
  const std::string html = Report(StrongLocalRecord());
  EXPECT_THAT(html,
              HasSubstr(absl::StrCat("Policy trustfit-default, version ",
                                     scoring::Policy::Default().ref().version(),
                                     ", content hash (SHA-256)")));
  EXPECT_THAT(html, HasSubstr(scoring::Policy::Default().ref().content_hash()));
  EXPECT_THAT(html, HasSubstr("Record assessments/0190a3c4d5e6f708, requested "
                              "by ceo.office@northernvale.example, 23 "
                              "November 2026 10:40 UTC."));
  EXPECT_THAT(html, HasSubstr("Assessor&#39;s note: After the visit"));
}

TEST(AssessmentReport, OnTheSpotAssessmentSaysItWasNotRecorded) {
  const std::string html = Report(PublicOnlyRecord());
  EXPECT_THAT(html, HasSubstr("Not recorded: scored on the spot"));
  EXPECT_THAT(html, HasSubstr("Insufficient data"));
  EXPECT_THAT(html, HasSubstr("No quote: the recommendation (Insufficient "
                              "data) is not an arrangement the trust can "
                              "price."));
}

TEST(AssessmentReport, ListsWhatWasNotKnown) {
  const std::string html = Report(PublicOnlyRecord());
  EXPECT_THAT(html, HasSubstr("Not known, left out of the score"));
  EXPECT_THAT(html, HasSubstr("finance.revenue_reserves_pence"));
  // The radar marks the criteria without data rather than drawing them at 0.
  EXPECT_THAT(html, HasSubstr("font-style=\"italic\">no data</text>"));
}

TEST(AssessmentReport, IsSelfContained) {
  for (const v1::AssessmentRecord& record :
       {StrongLocalRecord(), PublicOnlyRecord()}) {
    const std::string html = Report(record);
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("src=")));
    EXPECT_THAT(html, Not(HasSubstr("href=")));
    EXPECT_THAT(html, Not(HasSubstr("url(")));
    EXPECT_THAT(html, Not(HasSubstr("@import")));
    EXPECT_THAT(html, HasSubstr("@page { size: A4 portrait;"));
  }
}

TEST(AssessmentReport, EscapesWhatTheRecordSays) {
  v1::AssessmentRecord record = StrongLocalRecord();
  record.mutable_assessment()->set_name("St <Mary> & \"All\" Saints");
  record.set_note("<script>alert(1)</script>");
  const std::string html = Report(record);
  EXPECT_THAT(html, HasSubstr("St &lt;Mary&gt; &amp; &quot;All&quot; Saints"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

TEST(AssessmentReport, WarnsWhenTheQuoteIsSubsidised) {
  v1::AssessmentRecord record = StrongLocalRecord();
  record.mutable_quote()->set_subsidised(true);
  record.mutable_quote()->set_subsidy_shortfall_pence(123456);
  EXPECT_THAT(Report(record),
              HasSubstr("Subsidised: the net leaves the trust&#39;s schools "
                        "paying £1,234.56"));
}

TEST(AssessmentReport, RecordWithoutAssessmentIsRefused) {
  EXPECT_FALSE(RenderAssessmentReport(scoring::Policy::Default().proto(),
                                      v1::AssessmentRecord())
                   .ok());
}

TEST(ReportSections, FactorsAreOrderedByNetPoints) {
  const std::string html =
      FactorsSection(StrongLocalRecord().assessment()).Render();
  // Ofsted (+8.75, nothing lost) before attainment (+8.21, -0.54) before the
  // declining trend (+1.03, -1.48).
  const size_t ofsted = html.find("<strong>Ofsted</strong>");
  const size_t attainment = html.find("<strong>Attainment</strong>");
  const size_t trend = html.find("<strong>Attainment trend</strong>");
  ASSERT_NE(trend, std::string::npos);
  EXPECT_LT(ofsted, attainment);
  EXPECT_LT(attainment, trend);
}

TEST(ReportSections, NeutralFactorsAreNotCountedAgainstTheSchool) {
  v1::Assessment assessment = StrongLocalRecord().assessment();
  for (auto& criterion : *assessment.mutable_criteria()) {
    for (auto& factor : *criterion.mutable_factors()) {
      if (factor.factor() != "ethos.phase") continue;
      factor.set_direction(v1::REASON_DIRECTION_NEUTRAL);
      factor.set_points(0.86);
      factor.set_points_lost(0.57);
    }
  }
  const std::string html = FactorsSection(assessment).Render();
  EXPECT_THAT(html, HasSubstr("<strong>Phase</strong> <span class=\"small "
                              "muted nowrap\">Ethos, to consider</span>"));
  EXPECT_THAT(html, HasSubstr("fill=\"#b0b7bd\""));
  EXPECT_THAT(html, HasSubstr("<td class=\"num muted\">-0.57</td>"));
}

TEST(ReportSections, ConditionsAndGatesAreListed) {
  v1::Assessment assessment = StrongLocalRecord().assessment();
  auto* condition = assessment.mutable_recommendation()->add_conditions();
  condition->set_code("CLUSTER_CAPACITY_REQUIRED");
  condition->set_explanation("The cluster needs more days.");
  condition->set_days_missing(12.5);
  auto* gate = assessment.add_gates();
  gate->set_code("FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT");
  gate->set_explanation("Reserves in deficit.");
  gate->set_action("Agree a recovery plan.");
  const std::string html = RecommendationSection(assessment).Render();
  EXPECT_THAT(html, HasSubstr("<strong>CLUSTER_CAPACITY_REQUIRED</strong>: "
                              "The cluster needs more days. (12.5 executive "
                              "days missing)"));
  EXPECT_THAT(html, HasSubstr("<em>What to do: Agree a recovery plan.</em>"));
}

TEST(AssessmentReport, ShowsTheOutlookWhileDataIsMissing) {
  const std::string html = Report(PublicOnlyRecord());
  EXPECT_THAT(html, HasSubstr("<h2>Outlook: provisional while data is "
                              "missing</h2>"));
  EXPECT_THAT(html, HasSubstr(">Provisionally: Trust partnership</span>"));
  EXPECT_THAT(html, HasSubstr("<dd>41.4 (Developing) to 94.9 (Strong)</dd>"));
  EXPECT_THAT(html,
              HasSubstr("<strong>STANDARDS_SAFEGUARDING_NOT_MET</strong>"));
  EXPECT_THAT(html, HasSubstr("<h3>Data to collect first</h3>"));
  EXPECT_THAT(html, HasSubstr("leadership.headteacher_status"));
  EXPECT_THAT(html, HasSubstr("And 6 more inputs"));
  // The outlook comes after the recommendation, before the criteria.
  EXPECT_LT(html.find("<h2>Recommendation</h2>"), html.find("<h2>Outlook"));
  EXPECT_LT(html.find("<h2>Outlook"), html.find("<h2>The six criteria</h2>"));
  // Complete data has no outlook to show.
  EXPECT_THAT(Report(StrongLocalRecord()), Not(HasSubstr("<h2>Outlook")));
}

TEST(AssessmentReport, ShowsWhatItWouldTake) {
  const std::string html = Report(PublicOnlyRecord());
  EXPECT_THAT(html, HasSubstr("<h2>What would it take: Strategic "
                              "associate</h2>"));
  EXPECT_THAT(html, HasSubstr("1 change takes the school from Trust "
                              "partnership (provisional) to Strategic "
                              "associate (provisional)"));
  EXPECT_THAT(html, HasSubstr("leadership.national_leaders_of_education"));
  EXPECT_LT(html.find("<h2>Contribution quote</h2>"),
            html.find("<h2>What would it take"));
  EXPECT_THAT(Report(StrongLocalRecord()),
              HasSubstr("Nothing to change: the school is already Associate "
                        "with a view to integration, the best arrangement "
                        "there is."));
  // Without a path (none was asked for) the page has no such section.
  const absl::StatusOr<std::string> without = RenderAssessmentReport(
      scoring::Policy::Default().proto(), PublicOnlyRecord());
  ASSERT_TRUE(without.ok());
  EXPECT_THAT(*without, Not(HasSubstr("What would it take")));
}

TEST(ReportSections, AnUnreachableTargetNamesWhatBlocksIt) {
  v1::ImprovementPath path;
  path.set_from_arrangement(v1::ARRANGEMENT_NOT_RECOMMENDED);
  path.set_target_arrangement(v1::ARRANGEMENT_PARTNER);
  path.set_max_changes(8);
  path.set_arrangement_after(v1::ARRANGEMENT_NOT_RECOMMENDED);
  path.add_blockers()->set_code("STANDARDS_SAFEGUARDING_NOT_MET");
  path.mutable_blockers(0)->set_explanation("Safeguarding is not met.");
  path.mutable_policy()->set_content_hash("other");
  v1::PolicyRef record_policy;
  record_policy.set_content_hash("mine");
  const std::string html = ImprovementSection(path, record_policy).Render();
  EXPECT_THAT(html, HasSubstr("Partner is out of reach within 8 changes"));
  EXPECT_THAT(html, HasSubstr("<h3>What blocks it</h3>"));
  EXPECT_THAT(html, HasSubstr("STANDARDS_SAFEGUARDING_NOT_MET"));
  EXPECT_THAT(html, HasSubstr("not the policy of the assessment"));
}

TEST(InstalmentTimeline, DateLabelsNeverCrowdEachOtherAndTheLastIsShown) {
  for (const int months : {12, 13, 18, 24, 36}) {
    v1::Quote quote;
    quote.set_term_months(months);
    for (int i = 0; i < months; ++i) {
      v1::Instalment* instalment = quote.add_schedule();
      instalment->mutable_due_date()->set_year(2027 + i / 12);
      instalment->mutable_due_date()->set_month(1 + i % 12);
      instalment->mutable_due_date()->set_day(1);
      instalment->set_amount_pence(1176167);
    }
    const std::string svg = InstalmentTimeline(quote).Render();
    // The date labels sit on one baseline, y = 63.
    const std::regex date_label(R"re(<text x="([0-9.]+)" y="63")re");
    std::vector<double> xs;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), date_label);
         it != std::sregex_iterator(); ++it) {
      double x = 0;
      ASSERT_TRUE(absl::SimpleAtod((*it)[1].str(), &x));
      xs.push_back(x);
    }
    ASSERT_GE(xs.size(), 2u) << months;
    for (size_t i = 1; i < xs.size(); ++i) {
      // "1 Oct 2028" at 8 px is about 45 px wide.
      EXPECT_GE(xs[i] - xs[i - 1], 50) << months << " months, label " << i;
    }
    constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
    const std::string last = absl::StrCat("1 ", kMonths[(months - 1) % 12], " ",
                                          2027 + (months - 1) / 12);
    EXPECT_THAT(svg, HasSubstr(last + "</text>")) << months;
  }
}

}  // namespace
}  // namespace trustfit::report
