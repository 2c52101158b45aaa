#include "scoring/yaml_proto.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  v1::Policy policy;
  FieldViolations problems;
};

Parsed Parse(const std::string& yaml) {
  Parsed out;
  ParseYamlInto(yaml, &out.policy, &out.problems);
  return out;
}

TEST(ParseYamlInto, ReadsScalarsNestedMessagesAndLists) {
  const Parsed p = Parse(R"(
name: demo
scoring:
  weights: {standards: 25.5, ethos: 15}
  recommendation: {top_reasons: 7}
cost:
  enforce_no_subsidy: false
  core_minimum_fee_pence: 600000
trust:
  phases: [PHASE_PRIMARY, SECONDARY]
clusters:
  - {id: north, hub: {os_grid: {easting: 1, northing: 2}}}
)");
  EXPECT_TRUE(p.problems.empty());
  EXPECT_EQ(p.policy.name(), "demo");
  EXPECT_DOUBLE_EQ(p.policy.scoring().weights().standards(), 25.5);
  EXPECT_EQ(p.policy.scoring().recommendation().top_reasons(), 7);
  EXPECT_TRUE(p.policy.cost().has_enforce_no_subsidy());
  EXPECT_FALSE(p.policy.cost().enforce_no_subsidy());
  EXPECT_EQ(p.policy.cost().core_minimum_fee_pence(), 600000);
  EXPECT_THAT(p.policy.trust().phases(),
              ElementsAre(v1::PHASE_PRIMARY, v1::PHASE_SECONDARY));
  ASSERT_EQ(p.policy.clusters_size(), 1);
  EXPECT_DOUBLE_EQ(p.policy.clusters(0).hub().os_grid().northing(), 2);
}

TEST(ParseYamlInto, UnknownKeyNamesItsPathAndLine) {
  const Parsed p = Parse("name: x\nscoring:\n  weights:\n    standars: 25\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "scoring.weights.standars");
  EXPECT_EQ(p.problems.violations()[0].description, "unknown key (line 4)");
}

TEST(ParseYamlInto, UnknownKeyInAListNamesTheIndex) {
  const Parsed p = Parse("clusters:\n  - {id: a}\n  - {id: b, hubb: {}}\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "clusters[1].hubb");
}

TEST(ParseYamlInto, WrongTypesAreReportedWithTheValue) {
  const Parsed p = Parse(R"(
scoring:
  weights: {standards: heavy}
  recommendation: {top_reasons: 1.5}
cost: {enforce_no_subsidy: yes}
)");
  ASSERT_EQ(p.problems.size(), 3u);
  EXPECT_EQ(p.problems.violations()[0].field, "scoring.weights.standards");
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("expected a number, got \"heavy\""));
  EXPECT_EQ(p.problems.violations()[1].field,
            "scoring.recommendation.top_reasons");
  EXPECT_THAT(p.problems.violations()[1].description,
              HasSubstr("whole number"));
  EXPECT_EQ(p.problems.violations()[2].field, "cost.enforce_no_subsidy");
  EXPECT_THAT(p.problems.violations()[2].description,
              HasSubstr("true or false"));
}

TEST(ParseYamlInto, RejectsUnknownEnumValues) {
  const Parsed p = Parse("trust: {phases: [PHASE_SECONDARY, GRAMMAR]}\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "trust.phases[1]");
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("unknown Phase \"GRAMMAR\""));
}

TEST(ParseYamlInto, RejectsOutOfRangeAndNonFiniteNumbers) {
  const Parsed p = Parse(
      "scoring: {recommendation: {top_reasons: 3000000000}, "
      "weights: {ethos: .inf}}\n");
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("out of range"));
  EXPECT_THAT(p.problems.violations()[1].description,
              HasSubstr("expected a number"));
}

TEST(ParseYamlInto, ShapeMismatches) {
  const Parsed p = Parse("trust: [a, b]\nclusters: {id: x}\nname: [x]\n");
  ASSERT_EQ(p.problems.size(), 3u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("expected a mapping"));
  EXPECT_THAT(p.problems.violations()[1].description,
              HasSubstr("expected a list"));
  EXPECT_THAT(p.problems.violations()[2].description,
              HasSubstr("expected a single value"));
}

TEST(ParseYamlInto, DuplicateKeys) {
  const Parsed p = Parse("name: a\nname: b\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "name");
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("more than once"));
}

TEST(ParseYamlInto, SyntaxErrorGivesLineAndColumn) {
  const Parsed p = Parse("name: demo\nscoring: {weights: [\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "(document)");
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("YAML syntax error at line"));
}

TEST(ParseYamlInto, ReportsEveryProblemNotJustTheFirst) {
  const Parsed p = Parse("nmae: x\nversoin: 1\ntrust: {nam: y}\n");
  EXPECT_EQ(p.problems.size(), 3u);
}

TEST(ParseYamlInto, EmptyValueLeavesTheFieldUnset) {
  const Parsed p = Parse("name:\ntrust:\n");
  EXPECT_TRUE(p.problems.empty());
  EXPECT_FALSE(p.policy.has_trust());
}

// Hostile input (#16): a "billion laughs" document of nested aliases cost
// 881 MB before it was refused; now it is refused before it is expanded.
std::string BillionLaughs(int levels) {
  std::string yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < levels; ++i) {
    absl::StrAppend(&yaml, "a", i, ": &a", i, " [");
    for (int j = 0; j < 9; ++j)
      absl::StrAppend(&yaml, j ? ", " : "", "*a", i - 1);
    absl::StrAppend(&yaml, "]\n");
  }
  return yaml;
}

TEST(ParseYamlInto, RefusesAliasExpansionBeyondTheLimit) {
  const Parsed p = Parse(BillionLaughs(7));  // 9^7 values once expanded.
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems.violations()[0].field, "(document)");
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("aliases are expanded"));
}

TEST(ParseYamlInto, AliasesWithinTheLimitStillWork) {
  const Parsed p = Parse(
      "name: &n demo\nversion: *n\ntrust: {phases: &p [PHASE_PRIMARY]}\n");
  EXPECT_TRUE(p.problems.empty()) << p.problems.ToStatus("x");
  EXPECT_EQ(p.policy.version(), "demo");
}

TEST(ParseYamlInto, RefusesDeepNesting) {
  std::string yaml =
      "name: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  const Parsed p = Parse(yaml);
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("nested more than 64 levels"));
}

TEST(ParseYamlInto, RefusesOversizedDocuments) {
  const Parsed p = Parse("name: " + std::string(kMaxYamlBytes, 'x') + "\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("at most 1048576 are read"));
}

TEST(ParseYamlInto, RefusesTextThatIsNotUtf8) {
  const Parsed p = Parse("name: Caf\xe9\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("byte 10 is not UTF-8"));
}

TEST(ParseYamlInto, QuotesAtMostAPrefixOfABadValue) {
  const Parsed p = Parse("scoring: {recommendation: {top_reasons: " +
                         std::string(100000, '9') + "x}}\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_LT(p.problems.violations()[0].description.size(), 200u);
  EXPECT_THAT(p.problems.violations()[0].description,
              HasSubstr("(100001 bytes)"));
}

TEST(ProtoToYaml, RoundTripsTheDefaultPolicy) {
  const v1::Policy original = Policy::Default().proto();
  const std::string yaml = ProtoToYaml(original);
  const Parsed back = Parse(yaml);
  EXPECT_TRUE(back.problems.empty());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(original,
                                                                 back.policy));
  // Curve points are written compactly.
  EXPECT_THAT(yaml, HasSubstr("{x: 1, score: 100}"));
}

}  // namespace
}  // namespace trustfit::scoring
