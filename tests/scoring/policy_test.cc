#include "scoring/policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::trustfit::testing::HasViolation;
using ::trustfit::testing::ReadFileOrDie;
using ::trustfit::testing::SourcePath;

TEST(Policy, EmbeddedDefaultIsTheShippedFile) {
  EXPECT_EQ(DefaultPolicyYaml(),
            ReadFileOrDie(SourcePath("scoring/default_policy.yaml")));
}

TEST(Policy, DefaultHasTheProductDefaults) {
  const Policy policy = Policy::Default();
  EXPECT_EQ(policy.ref().name(), "trustfit-default");
  EXPECT_THAT(policy.ref().content_hash(), MatchesRegex("[0-9a-f]{64}"));
  const auto& w = policy.scoring().weights();
  EXPECT_EQ(w.standards() + w.leadership() + w.finance() + w.ethos() +
                w.capacity() + w.location(),
            100);
  EXPECT_EQ(policy.cost().core_rate_bps(), 200);
  EXPECT_EQ(policy.cost().core_delivery_cost_bps(), 150);
  EXPECT_TRUE(policy.cost().enforce_no_subsidy());
  EXPECT_DOUBLE_EQ(policy.scoring().location().cluster_radius_km(), 25);
  EXPECT_DOUBLE_EQ(policy.scoring().recommendation().minimum_completeness_pct(),
                   60);
}

TEST(Policy, DefaultHasThreeClustersInDifferentRegions) {
  const Policy policy = Policy::Default();
  ASSERT_EQ(policy.proto().clusters_size(), 3);
  EXPECT_NE(policy.FindCluster("north"), nullptr);
  EXPECT_NE(policy.FindCluster("midlands"), nullptr);
  EXPECT_NE(policy.FindCluster("south-west"), nullptr);
  EXPECT_EQ(policy.FindCluster("east"), nullptr);
}

TEST(Policy, DefaultCatalogueCoversEveryCategory) {
  const Policy policy = Policy::Default();
  EXPECT_GE(policy.cost().catalogue_size(), 12);
  std::set<int> categories;
  int64_t core_bps = 0;
  for (const auto& service : policy.cost().catalogue()) {
    categories.insert(service.category());
    if (service.core()) core_bps += service.price().amount();
  }
  EXPECT_EQ(categories.size(), 8u);
  // The core services make up the core rate.
  EXPECT_EQ(core_bps, policy.cost().core_rate_bps());
  ASSERT_NE(policy.FindService("HR_PAYROLL"), nullptr);
  EXPECT_EQ(policy.FindService("HR_PAYROLL")->category(),
            v1::SERVICE_CATEGORY_HR);
  EXPECT_EQ(policy.FindService("NOPE"), nullptr);
}

TEST(Policy, TermsForQuotableArrangementsOnly) {
  const Policy policy = Policy::Default();
  const auto* partnership = policy.FindTerms(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  ASSERT_NE(partnership, nullptr);
  EXPECT_EQ(partnership->min_months(), 12);
  EXPECT_EQ(partnership->max_months(), 18);
  EXPECT_EQ(
      policy.FindTerms(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION)->default_months(),
      24);
  EXPECT_EQ(policy.FindTerms(v1::ARRANGEMENT_NOT_RECOMMENDED), nullptr);
}

TEST(Policy, HashIsTheContentsIdentity) {
  const Policy a = Policy::Default();
  const Policy b = Policy::Default();
  EXPECT_EQ(a.ref().content_hash(), b.ref().content_hash());
  v1::Policy changed = a.proto();
  changed.mutable_cost()->set_core_rate_bps(201);
  EXPECT_NE(PolicyContentHash(changed), a.ref().content_hash());
}

TEST(Policy, CommentsAndLayoutDoNotChangeTheHash) {
  const std::string yaml(DefaultPolicyYaml());
  absl::StatusOr<Policy> reformatted =
      Policy::FromYaml("# a new comment\n" + yaml);
  ASSERT_TRUE(reformatted.ok());
  EXPECT_EQ(reformatted->ref().content_hash(),
            Policy::Default().ref().content_hash());
}

TEST(Policy, CreateRejectsAnInvalidPolicy) {
  v1::Policy proto = Policy::Default().proto();
  proto.mutable_scoring()->mutable_weights()->set_ethos(0);
  absl::StatusOr<Policy> policy = Policy::Create(proto);
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(policy.status(),
              HasViolation("scoring.weights.ethos", "positive"));
}

TEST(Policy, FromYamlReportsStructuralAndRuleProblemsTogether) {
  std::string yaml(DefaultPolicyYaml());
  yaml += "colour: blue\n";
  const std::string needle = "core_rate_bps: 200";
  yaml.replace(yaml.find(needle), needle.size(), "core_rate_bps: 20000");
  absl::StatusOr<Policy> policy = Policy::FromYaml(yaml);
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.status(), HasViolation("colour", "unknown key"));
  EXPECT_THAT(policy.status(),
              HasViolation("cost.core_rate_bps", "within 0-10000"));
  EXPECT_THAT(policy.status().message(),
              HasSubstr("invalid policy (2 problems)"));
}

TEST(Policy, ASyntaxErrorIsTheOnlyProblemReported) {
  std::string yaml(DefaultPolicyYaml());
  yaml += "  misplaced: [\n";
  absl::StatusOr<Policy> policy = Policy::FromYaml(yaml);
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.status(), HasViolation("(document)", "YAML syntax error"));
  EXPECT_EQ(FieldViolationsOf(policy.status()).size(), 1u) << policy.status();
}

TEST(Policy, CopiesShareOneMessage) {
  const Policy a = Policy::Default();
  const Policy b = a;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&a.proto(), &b.proto());
}

}  // namespace
}  // namespace trustfit::scoring
