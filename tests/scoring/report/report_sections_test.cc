// The assessment report's sections (report_sections.h), each on its own and
// composed: the page order, the outlook only while data is missing, what it
// would take only when asked, a quote or the reason there is none, and the
// provenance footer. Whole pages are pinned by assessment_report_test's
// golden files; these pin each section's contract.

#include "scoring/report/report_sections.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using ::trustfit::report::testing::PathOf;
using ::trustfit::report::testing::PublicOnlyRecord;
using ::trustfit::report::testing::QuotedGoldenRecord;
using ::trustfit::report::testing::StrongLocalRecord;

// The first line of each section, enough to tell them apart.
std::vector<std::string> Openings(const std::vector<Element>& sections) {
  std::vector<std::string> openings;
  for (const Element& section : sections) {
    const std::string html = section.Render();
    openings.push_back(html.substr(0, html.find('\n')));
  }
  return openings;
}

const v1::Policy& DefaultPolicy() {
  static const scoring::Policy* policy =
      new scoring::Policy(scoring::Policy::Default());
  return policy->proto();
}

TEST(ReportSections, AQuotedCompleteRecordHasEverySectionButTheOutlook) {
  const std::vector<std::string> openings =
      Openings(ReportSections(DefaultPolicy(), StrongLocalRecord()));
  ASSERT_EQ(openings.size(), 6u);
  EXPECT_THAT(openings[0], StartsWith("<header>"));
  EXPECT_THAT(openings[1], HasSubstr("<h2>Recommendation</h2>"));
  EXPECT_THAT(openings[2], HasSubstr("<h2>The six criteria</h2>"));
  EXPECT_THAT(openings[3],
              HasSubstr("<h2>Points won and lost by each factor</h2>"));
  EXPECT_THAT(openings[4], HasSubstr("<h2>Contribution quote: "));
  EXPECT_THAT(openings[5], StartsWith("<footer>"));
}

TEST(ReportSections, AProvisionalRecordHasItsOutlookAfterTheRecommendation) {
  const v1::AssessmentRecord record = PublicOnlyRecord();
  ASSERT_TRUE(record.assessment().outlook().is_provisional());
  const std::vector<std::string> openings =
      Openings(ReportSections(DefaultPolicy(), record));
  ASSERT_EQ(openings.size(), 7u);
  EXPECT_THAT(openings[2], HasSubstr("<h2>Outlook: provisional"));
  EXPECT_THAT(openings[5], HasSubstr("<h2>Contribution quote</h2>"));
}

TEST(ReportSections, WhatItWouldTakeComesBeforeTheFooterWhenGiven) {
  const v1::AssessmentRecord record = QuotedGoldenRecord("coasting");
  const v1::ImprovementPath path = PathOf(record);
  const std::vector<Element> sections =
      ReportSections(DefaultPolicy(), record, &path);
  ASSERT_EQ(sections.size(), 7u);
  EXPECT_THAT(sections[5].Render(), HasSubstr("What would it take"));
  EXPECT_THAT(sections[6].Render(), StartsWith("<footer>"));
}

TEST(ReportHeader, NamesTheTrustAndTheSchool) {
  const std::string html =
      ReportHeader(DefaultPolicy(), StrongLocalRecord()).Render();
  EXPECT_THAT(html,
              HasSubstr("Board report · " + DefaultPolicy().trust().name()));
  EXPECT_THAT(html, HasSubstr("<h1>" + StrongLocalRecord().assessment().name() +
                              "</h1>"));
}

TEST(RecommendationSection, ShowsTheArrangementItsRuleAndTheGatesThatFired) {
  v1::Assessment assessment = StrongLocalRecord().assessment();
  v1::Gate* gate = assessment.add_gates();
  gate->set_code("LOCATION_BEYOND_CLUSTER_RADIUS");
  gate->set_explanation("31 km <away>.");
  const std::string html = RecommendationSection(assessment).Render();
  EXPECT_THAT(html, HasSubstr("Associate with a view to integration"));
  EXPECT_THAT(html, HasSubstr(assessment.recommendation().rule()));
  EXPECT_THAT(html, HasSubstr("<h3>Gates that fired</h3>"));
  EXPECT_THAT(html, HasSubstr("31 km &lt;away&gt;."));
  EXPECT_THAT(RecommendationSection(StrongLocalRecord().assessment()).Render(),
              Not(HasSubstr("Gates that fired")));
}

TEST(NoQuoteSection, SaysWhyAnUnpriceableRecommendationHasNoQuote) {
  v1::Assessment assessment;
  assessment.mutable_recommendation()->set_arrangement(
      v1::ARRANGEMENT_NOT_RECOMMENDED);
  EXPECT_THAT(NoQuoteSection(assessment).Render(),
              HasSubstr("No quote: the recommendation (Not recommended) is "
                        "not an arrangement the trust can price."));
  assessment.mutable_recommendation()->set_arrangement(v1::ARRANGEMENT_PARTNER);
  EXPECT_THAT(NoQuoteSection(assessment).Render(),
              HasSubstr("No quote was made with this assessment."));
}

TEST(ProvenanceFooter, NamesThePolicyTheRecordAndTheAssessorsNote) {
  const v1::AssessmentRecord record = StrongLocalRecord();
  const std::string html = ProvenanceFooter(record).Render();
  EXPECT_THAT(html, HasSubstr("content hash (SHA-256) <span class=\"hash\">" +
                              record.policy().content_hash() + "</span>"));
  EXPECT_THAT(html, HasSubstr("Record assessments/0190a3c4d5e6f708, requested "
                              "by ceo.office@northernvale.example"));
  EXPECT_THAT(html, HasSubstr("Assessor&#39;s note: After the visit"));
}

TEST(ProvenanceFooter, AnUnrecordedAssessmentSaysSo) {
  EXPECT_THAT(ProvenanceFooter(PublicOnlyRecord()).Render(),
              HasSubstr("Not recorded: scored on the spot under the policy "
                        "above."));
}

}  // namespace
}  // namespace trustfit::report
