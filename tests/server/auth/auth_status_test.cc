#include "server/auth/auth_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/field_violations.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr absl::string_view kMethod =
    "/trustfit.v1.TrustFitService/CreateAssessment";

TEST(AuthStatusTest, UnauthenticatedCarriesItsReasonAndMessage) {
  const absl::Status status =
      Unauthenticated(kReasonTokenInvalid, kTokenInvalidMessage);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(), "the bearer token is not valid");
  const scoring::ErrorReason reason = scoring::ErrorReasonOf(status);
  EXPECT_EQ(reason.reason, "TOKEN_INVALID");
  EXPECT_TRUE(reason.metadata.empty());
}

TEST(AuthStatusTest, RoleRequiredNamesTheMethodTheRoleAndWhatIsHeld) {
  const Principal alice{"alice", RoleSet{trustfit::v1::ROLE_VIEWER},
                        AuthMethod::kJwt};
  const absl::Status status =
      RoleRequired(kMethod, trustfit::v1::ROLE_ASSESSOR, alice);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(),
            "/trustfit.v1.TrustFitService/CreateAssessment needs the assessor "
            "role; alice holds viewer");
  const scoring::ErrorReason reason = scoring::ErrorReasonOf(status);
  EXPECT_EQ(reason.reason, "ROLE_REQUIRED");
  EXPECT_THAT(reason.metadata,
              UnorderedElementsAre(Pair("required_role", "assessor"),
                                   Pair("method", std::string(kMethod))));
}

TEST(AuthStatusTest, RoleRequiredSaysWhenThePrincipalHoldsNoRole) {
  const Principal bob{"bob", RoleSet{}, AuthMethod::kMtls};
  const absl::Status status =
      RoleRequired(kMethod, trustfit::v1::ROLE_ADMIN, bob);
  EXPECT_THAT(status.message(), HasSubstr("needs the admin role; bob holds "
                                          "no role"));
}

TEST(AuthStatusTest, AMissingAccessRuleIsInternalAndNamesTheMethod) {
  const absl::Status status = AccessRuleMissing(kMethod);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr(kMethod));
  EXPECT_THAT(status.message(), HasSubstr("trustfit.v1.required_role"));
  const scoring::ErrorReason reason = scoring::ErrorReasonOf(status);
  EXPECT_EQ(reason.reason, "ACCESS_RULE_MISSING");
  EXPECT_THAT(reason.metadata,
              UnorderedElementsAre(Pair("method", std::string(kMethod))));
}

}  // namespace
}  // namespace trustfit::server::auth
