#include "scoring/field_violations.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(ErrorReason, TravelsInsideTheStatusWithItsMetadata) {
  const absl::Status status = WithErrorReason(
      absl::NotFoundError("cluster \"east\" is not in the policy"),
      {"CLUSTER_NOT_FOUND", {{"valid_cluster_ids", "north,midlands"}}});
  const ErrorReason reason = ErrorReasonOf(status);
  EXPECT_EQ(reason.reason, "CLUSTER_NOT_FOUND");
  EXPECT_THAT(reason.metadata,
              ElementsAre(Pair("valid_cluster_ids", "north,midlands")));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "cluster \"east\" is not in the policy");
}

TEST(ErrorReason, IsEmptyForAStatusThatCarriesNone) {
  EXPECT_EQ(ErrorReasonOf(absl::InternalError("disk")).reason, "");
  EXPECT_THAT(ErrorReasonOf(absl::OkStatus()).metadata, IsEmpty());
}

TEST(ErrorReason, SurvivesBesideFieldViolations) {
  FieldViolations violations;
  violations.Add("spec.term_months", "must be at least 12");
  const absl::Status status = WithErrorReason(
      violations.ToStatus("invalid quote"), {"INVALID_REQUEST", {}});
  EXPECT_EQ(ErrorReasonOf(status).reason, "INVALID_REQUEST");
  EXPECT_EQ(FieldViolationsOf(status).size(), 1u);
}

}  // namespace
}  // namespace trustfit::scoring
