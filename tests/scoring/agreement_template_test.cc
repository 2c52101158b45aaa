// The draft agreement's wording in the policy: placeholders split and
// checked, codes checked against the catalogue and the condition codes, and
// every problem reported by policy validation with its key's path.

#include "scoring/agreement_template.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "scoring/policy_validation.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::trustfit::testing::HasViolation;

auto Literal(const std::string& text) {
  return AllOf(Field(&TemplatePiece::placeholder, false),
               Field(&TemplatePiece::text, text));
}
auto Placeholder(const std::string& name) {
  return AllOf(Field(&TemplatePiece::placeholder, true),
               Field(&TemplatePiece::text, name));
}

absl::Status Validate(const v1::Policy& policy) {
  return ValidatePolicy(policy).ToStatus("invalid policy");
}

TEST(SplitTemplate, SplitsLiteralsAndPlaceholdersInOrder) {
  absl::StatusOr<std::vector<TemplatePiece>> pieces =
      SplitTemplate("From {{start_date}} to {{end_date}}.");
  ASSERT_TRUE(pieces.ok()) << pieces.status();
  EXPECT_THAT(*pieces, ElementsAre(Literal("From "), Placeholder("start_date"),
                                   Literal(" to "), Placeholder("end_date"),
                                   Literal(".")));
}

TEST(SplitTemplate, TextWithoutPlaceholdersIsOneLiteral) {
  EXPECT_THAT(*SplitTemplate("A single { brace } is text."),
              ElementsAre(Literal("A single { brace } is text.")));
  EXPECT_THAT(*SplitTemplate(""), IsEmpty());
}

TEST(SplitTemplate, RefusesUnbalancedOrMalformedPlaceholders) {
  EXPECT_FALSE(SplitTemplate("From {{start_date to the end").ok());
  EXPECT_FALSE(SplitTemplate("ends }} here").ok());
  EXPECT_FALSE(SplitTemplate("{{Start Date}}").ok());
  EXPECT_FALSE(SplitTemplate("{{}}").ok());
}

TEST(AgreementPlaceholders, NamesAreUniqueAndKnown) {
  std::set<absl::string_view> names;
  for (const AgreementPlaceholder& p : AgreementPlaceholders()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(IsAgreementPlaceholder(p.name));
    EXPECT_FALSE(p.meaning.empty()) << p.name;
  }
  EXPECT_FALSE(IsAgreementPlaceholder("school"));
}

TEST(ValidateAgreementTemplate, DefaultPolicyWordingIsValid) {
  const Policy holder = Policy::Default();
  const v1::Policy& policy = holder.proto();
  ASSERT_TRUE(policy.has_agreement());
  EXPECT_THAT(
      ValidateAgreementTemplate(policy.agreement(), policy.cost()).violations(),
      IsEmpty());
}

TEST(ValidateAgreementTemplate, UnknownPlaceholderIsRefusedWithItsPath) {
  v1::Policy policy = Policy::Default().proto();
  policy.mutable_agreement()->mutable_term()->set_text(
      "Starts on {{start_day}}.");
  EXPECT_THAT(Validate(policy),
              HasViolation("agreement.term.text",
                           "unknown placeholder {{start_day}}; known: "
                           "trust_name, school_name"));
}

TEST(ValidateAgreementTemplate, PlaceholdersInListItemsAreChecked) {
  v1::Policy policy = Policy::Default().proto();
  policy.mutable_agreement()->mutable_associate_phases()->set_phase_2_items(
      1, "Visits from {{ceo_name}}");
  EXPECT_THAT(Validate(policy),
              HasViolation("agreement.associate_phases.phase_2_items[1]",
                           "unknown placeholder {{ceo_name}}"));
}

TEST(ValidateAgreementTemplate, MalformedPlaceholderIsRefused) {
  v1::Policy policy = Policy::Default().proto();
  policy.mutable_agreement()->mutable_ending()->set_text("Ends {{end_date.");
  EXPECT_THAT(Validate(policy), HasViolation("agreement.ending.text",
                                             "\"{{\" without its \"}}\""));
}

TEST(ValidateAgreementTemplate, EveryClauseNeedsHeadingAndText) {
  v1::Policy policy = Policy::Default().proto();
  policy.mutable_agreement()->clear_title();
  policy.mutable_agreement()->mutable_confidentiality()->clear_heading();
  policy.mutable_agreement()->mutable_associate_phases()->clear_phase_1();
  const absl::Status status = Validate(policy);
  EXPECT_THAT(status, HasViolation("agreement.title", "required"));
  EXPECT_THAT(status,
              HasViolation("agreement.confidentiality.heading", "required"));
  EXPECT_THAT(status, HasViolation("agreement.associate_phases.phase_1.text",
                                   "required"));
}

TEST(ValidateAgreementTemplate, ServiceCodesMustBeInTheCatalogueOnce) {
  v1::Policy policy = Policy::Default().proto();
  auto* agreement = policy.mutable_agreement();
  agreement->mutable_service_inclusions(0)->set_code("CORE_MAGIC");
  agreement->mutable_service_inclusions(2)->set_code(
      agreement->service_inclusions(1).code());
  agreement->mutable_service_inclusions(3)->clear_includes();
  const absl::Status status = Validate(policy);
  EXPECT_THAT(status,
              HasViolation("agreement.service_inclusions[0].code",
                           "\"CORE_MAGIC\" is not a code of cost.catalogue"));
  EXPECT_THAT(status, HasViolation("agreement.service_inclusions[2].code",
                                   "duplicate service"));
  EXPECT_THAT(status, HasViolation("agreement.service_inclusions[3].includes",
                                   "at least one item"));
}

TEST(ValidateAgreementTemplate, ConditionCodesMustBeConditions) {
  v1::Policy policy = Policy::Default().proto();
  // A reason code, but not a condition.
  policy.mutable_agreement()->mutable_condition_clauses(1)->set_code(
      "FINANCE_IN_YEAR_DEFICIT");
  EXPECT_THAT(Validate(policy),
              HasViolation("agreement.condition_clauses[1].code",
                           "not a condition code; known: "
                           "CLUSTER_CAPACITY_REQUIRED"));
}

TEST(ValidateAgreementTemplate, PolicyWithoutWordingIsValid) {
  v1::Policy policy = Policy::Default().proto();
  policy.clear_agreement();
  EXPECT_TRUE(Validate(policy).ok());
}

TEST(ValidateAgreementTemplate, YamlWordingIsCheckedWhenThePolicyLoads) {
  std::string yaml(DefaultPolicyYaml());
  const std::string needle = "runs for {{term_months}}";
  ASSERT_NE(yaml.find(needle), std::string::npos);
  yaml.replace(yaml.find(needle), needle.size(), "runs for {{term}}");
  absl::StatusOr<Policy> policy = Policy::FromYaml(yaml);
  EXPECT_THAT(policy.status(), HasViolation("agreement.term.text",
                                            "unknown placeholder {{term}}"));
}

}  // namespace
}  // namespace trustfit::scoring
