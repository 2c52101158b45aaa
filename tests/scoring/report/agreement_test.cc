// The draft agreement: the DfE model SLA's structure, the policy's wording
// with its placeholders filled in, the schedules from the quote, and golden
// files in HTML and Markdown.

#include "scoring/report/agreement.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/agreement_template.h"
#include "scoring/policy.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using testing::ExpectMatchesGolden;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PathOf;
using testing::PublicOnlyRecord;
using testing::QuotedGoldenRecord;
using testing::StrongLocalRecord;

std::string Markdown(
    const v1::AssessmentRecord& record,
    const v1::Policy& policy = scoring::Policy::Default().proto()) {
  const v1::ImprovementPath path = PathOf(record);
  absl::StatusOr<std::string> md =
      RenderAgreementMarkdown(policy, record, &path);
  EXPECT_TRUE(md.ok()) << md.status();
  return md.ok() ? *md : "";
}

std::string Html(const v1::AssessmentRecord& record) {
  const v1::ImprovementPath path = PathOf(record);
  absl::StatusOr<std::string> html =
      RenderAgreementHtml(scoring::Policy::Default().proto(), record, &path);
  EXPECT_TRUE(html.ok()) << html.status();
  return html.ok() ? *html : "";
}

TEST(Agreement, IntegratingAssociateMatchesGoldens) {
  ExpectMatchesGolden(Html(StrongLocalRecord()), "strong_local.agreement.html");
  ExpectMatchesGolden(Markdown(StrongLocalRecord()),
                      "strong_local.agreement.md");
}

TEST(Agreement, TrustPartnershipMatchesGoldens) {
  ExpectMatchesGolden(Html(QuotedGoldenRecord("coasting")),
                      "coasting.agreement.html");
  ExpectMatchesGolden(Markdown(QuotedGoldenRecord("coasting")),
                      "coasting.agreement.md");
}

TEST(Agreement, FollowsTheModelServiceLevelAgreement) {
  const std::string md = Markdown(StrongLocalRecord());
  size_t at = 0;
  for (const char* heading :
       {"# Partnership agreement between Northern Vale Learning Trust",
        "## Parties", "## Commencement and term", "## Extension",
        "## Services schedule", "## Associate membership, phase 1",
        "## Associate membership, phase 2", "## Service charge schedule",
        "## Objectives and review points", "## Conditions",
        "## Ending the agreement", "## Data protection", "## Confidentiality",
        "## Signed"}) {
    const size_t found = md.find(heading, at);
    EXPECT_NE(found, std::string::npos)
        << heading << " missing or out of order";
    if (found != std::string::npos) at = found;
  }
}

TEST(Agreement, FillsInDatesTermAndCharges) {
  const std::string md = Markdown(StrongLocalRecord());
  EXPECT_THAT(md, HasSubstr("This agreement commences on 1 January 2027 and "
                            "runs for 24 months, ending on 31 December 2028"));
  EXPECT_THAT(md, HasSubstr("whole term does not exceed 36 months"));
  EXPECT_THAT(md, HasSubstr("The school will pay the trust £290,280.00 for "
                            "the term, in 6 termly instalments"));
  EXPECT_THAT(md, HasSubstr("| 6 | 1 September 2028 | £48,380.00 |"));
  EXPECT_THAT(md, HasSubstr("|  | Total | £290,280.00 |"));
  EXPECT_THAT(md, Not(HasSubstr("{{")));
}

TEST(Agreement, ListsServicesWithWhatTheyInclude) {
  const std::string md = Markdown(StrongLocalRecord());
  EXPECT_THAT(md, HasSubstr("#### Trust-wide training, networks and annual "
                            "conference\n\n- Trust-wide training for "
                            "teaching and support staff"));
  EXPECT_THAT(md, HasSubstr("### Additional services"));
  EXPECT_THAT(md, HasSubstr("#### Estates management and health and safety "
                            "compliance"));
  // HR is bought from the local authority: credited, not provided.
  EXPECT_THAT(md, HasSubstr("### Bought elsewhere: not provided, not charged"
                            "\n\n- HR advice and payroll"));
  EXPECT_THAT(md, HasSubstr("### Contributed by the school to the trust\n\n"
                            "- Contribution to the trust: Specialist leader"));
  EXPECT_THAT(md, HasSubstr("> At commencement the school is in Phase 1"));
}

TEST(Agreement, ObjectivesComeFromTheReasonsAgainst) {
  const std::string md = Markdown(StrongLocalRecord());
  EXPECT_THAT(md, HasSubstr("- Attainment trend (Standards): Progress 8 fell "
                            "by 0.095 a year"));
  EXPECT_THAT(md, HasSubstr("- Review 1: 1 July 2027\n- Review 2: 1 January "
                            "2028\n- Review 3: 1 July 2028\n- End of term: "
                            "31 December 2028"));
}

TEST(Agreement, ConditionsUseThePolicysClauses) {
  const std::string md = Markdown(QuotedGoldenRecord("report_card_church"));
  EXPECT_THAT(md, HasSubstr("## Conditions\n\nThis agreement takes effect "
                            "only when the conditions below are met.\n\n- "
                            "The diocesan board of education has given its "
                            "written consent"));
  EXPECT_THAT(md, HasSubstr("> At commencement the school is in Phase 2"));
  EXPECT_THAT(Markdown(StrongLocalRecord()),
              HasSubstr("## Conditions\n\nNone: the assessment attached no "
                        "condition."));
}

TEST(Agreement, TrustPartnershipHasNoAssociatePhases) {
  const std::string md = Markdown(QuotedGoldenRecord("coasting"));
  EXPECT_THAT(md, HasSubstr("Trust partnership"));
  EXPECT_THAT(md, Not(HasSubstr("Associate membership, phase")));
}

TEST(Agreement, UsesThePolicysOwnWording) {
  v1::Policy policy = scoring::Policy::Default().proto();
  policy.mutable_agreement()->mutable_ending()->set_text(
      "Either party may walk away on {{end_date}}.");
  EXPECT_THAT(Markdown(StrongLocalRecord(), policy),
              HasSubstr("Either party may walk away on 31 December 2028."));
  policy.clear_agreement();
  EXPECT_THAT(Markdown(StrongLocalRecord(), policy),
              HasSubstr("At the end of the term either party may decide not "
                        "to continue"));
}

TEST(Agreement, UnknownPlaceholderIsAnError) {
  v1::Policy policy = scoring::Policy::Default().proto();
  policy.mutable_agreement()->mutable_term()->set_text("From {{start}}.");
  const absl::StatusOr<std::string> md =
      RenderAgreementMarkdown(policy, StrongLocalRecord());
  EXPECT_FALSE(md.ok());
  EXPECT_THAT(md.status().message(), HasSubstr("{{start}}"));
}

TEST(Agreement, NeedsAQuote) {
  const absl::StatusOr<std::string> md = RenderAgreementMarkdown(
      scoring::Policy::Default().proto(), PublicOnlyRecord());
  EXPECT_FALSE(md.ok());
  EXPECT_THAT(md.status().message(), HasSubstr("record.quote"));
}

TEST(AgreementValues, CoverEveryPlaceholder) {
  const absl::StatusOr<absl::flat_hash_map<std::string, std::string>> values =
      AgreementValues(scoring::Policy::Default().proto(), StrongLocalRecord());
  ASSERT_TRUE(values.ok()) << values.status();
  for (const scoring::AgreementPlaceholder& p :
       scoring::AgreementPlaceholders()) {
    ASSERT_TRUE(values->contains(p.name)) << p.name;
    EXPECT_FALSE(values->at(std::string(p.name)).empty()) << p.name;
  }
  EXPECT_EQ(values->size(), scoring::AgreementPlaceholders().size());
}

TEST(FillPlaceholders, ReplacesNamesAndRefusesUnknownOnes) {
  const absl::flat_hash_map<std::string, std::string> values = {
      {"school_name", "Allerton <High> School"}};
  EXPECT_EQ(*FillPlaceholders("For {{school_name}}.", values),
            "For Allerton <High> School.");
  EXPECT_FALSE(FillPlaceholders("For {{school}}.", values).ok());
  EXPECT_FALSE(FillPlaceholders("For {{school_name.", values).ok());
}

TEST(Agreement, EscapesMarkdownAndHtml) {
  v1::AssessmentRecord record = StrongLocalRecord();
  record.mutable_assessment()->set_name("St *Mary* & <All> | Saints");
  EXPECT_THAT(Markdown(record),
              HasSubstr("St \\*Mary\\* & \\<All\\> \\| Saints (URN 108057)"));
  EXPECT_THAT(Html(record), HasSubstr("St *Mary* &amp; &lt;All&gt; | Saints"));
}

TEST(Agreement, ObjectivesTakeWhatItWouldTake) {
  const v1::AssessmentRecord record = QuotedGoldenRecord("coasting");
  EXPECT_THAT(Html(record),
              HasSubstr("Towards Strategic associate: "
                        "leadership.national_leaders_of_education from 0 to "
                        "2. Adds 5 overall points."));
  const absl::StatusOr<std::string> without =
      RenderAgreementHtml(scoring::Policy::Default().proto(), record);
  ASSERT_TRUE(without.ok());
  EXPECT_THAT(*without, Not(HasSubstr("Towards ")));
}

}  // namespace
}  // namespace trustfit::report
