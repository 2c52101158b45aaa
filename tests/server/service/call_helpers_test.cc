#include "server/service/call_helpers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/field_violations.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(SelectClusterTest, FindsAPolicyClusterById) {
  const scoring::Policy policy = scoring::Policy::Default();
  const absl::StatusOr<const v1::Cluster*> cluster =
      SelectCluster(policy, "midlands", nullptr, "cluster_id");
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  EXPECT_EQ((*cluster)->id(), "midlands");
}

TEST(SelectClusterTest, AnInlineClusterWinsOverTheId) {
  const scoring::Policy policy = scoring::Policy::Default();
  v1::Cluster inline_cluster;
  inline_cluster.set_id("pilot");
  const absl::StatusOr<const v1::Cluster*> cluster =
      SelectCluster(policy, "north", &inline_cluster, "cluster_id");
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  EXPECT_EQ(*cluster, &inline_cluster);
}

TEST(SelectClusterTest, AnUnknownIdIsNotFoundWithTheKnownIdsAsMetadata) {
  const scoring::Policy policy = scoring::Policy::Default();
  const absl::StatusOr<const v1::Cluster*> cluster =
      SelectCluster(policy, "east", nullptr, "cluster_id");
  EXPECT_EQ(cluster.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(cluster.status().message(),
              HasSubstr("it has: north, midlands, south-west"));
  const scoring::ErrorReason reason = scoring::ErrorReasonOf(cluster.status());
  EXPECT_EQ(reason.reason, "CLUSTER_NOT_FOUND");
  EXPECT_THAT(reason.metadata,
              UnorderedElementsAre(
                  Pair("cluster_id", "east"),
                  Pair("valid_cluster_ids", "north,midlands,south-west")));
}

TEST(SelectClusterTest, NoClusterAtAllIsAViolationOfTheNamedField) {
  const scoring::Policy policy = scoring::Policy::Default();
  const absl::StatusOr<const v1::Cluster*> cluster =
      SelectCluster(policy, "", nullptr, "requests[0].cluster_id");
  EXPECT_EQ(cluster.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = scoring::FieldViolationsOf(cluster.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "requests[0].cluster_id");
  EXPECT_THAT(violations[0].description, HasSubstr("required"));
}

v1::Assessment AssessmentWithDetail() {
  v1::Assessment assessment;
  v1::CriterionResult* criterion = assessment.add_criteria();
  criterion->add_factors()->set_factor("standards.progress8");
  criterion->add_adjustments();
  return assessment;
}

TEST(ApplyViewTest, BasicDropsFactorsAndAdjustments) {
  v1::Assessment assessment = AssessmentWithDetail();
  ApplyView(v1::ASSESSMENT_VIEW_BASIC, &assessment);
  ASSERT_EQ(assessment.criteria_size(), 1);
  EXPECT_EQ(assessment.criteria(0).factors_size(), 0);
  EXPECT_EQ(assessment.criteria(0).adjustments_size(), 0);
}

TEST(ApplyViewTest, FullAndUnspecifiedKeepEverything) {
  for (const v1::AssessmentView view :
       {v1::ASSESSMENT_VIEW_FULL, v1::ASSESSMENT_VIEW_UNSPECIFIED}) {
    v1::Assessment assessment = AssessmentWithDetail();
    ApplyView(view, &assessment);
    EXPECT_EQ(assessment.criteria(0).factors_size(), 1) << view;
    EXPECT_EQ(assessment.criteria(0).adjustments_size(), 1) << view;
  }
}

}  // namespace
}  // namespace trustfit::server
