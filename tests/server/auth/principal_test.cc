// Roles, principals and the statuses access control gives callers.

#include "server/auth/principal.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/auth_status.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using ::trustfit::v1::ROLE_ADMIN;
using ::trustfit::v1::ROLE_ASSESSOR;
using ::trustfit::v1::ROLE_UNSPECIFIED;
using ::trustfit::v1::ROLE_VIEWER;

TEST(RoleSet, EachRoleIncludesTheOnesBelowIt) {
  const RoleSet assessor{ROLE_ASSESSOR};
  EXPECT_TRUE(assessor.Allows(ROLE_VIEWER));
  EXPECT_TRUE(assessor.Allows(ROLE_ASSESSOR));
  EXPECT_FALSE(assessor.Allows(ROLE_ADMIN));
  EXPECT_TRUE(RoleSet{ROLE_ADMIN}.Allows(ROLE_VIEWER));
  EXPECT_FALSE(RoleSet{ROLE_VIEWER}.Allows(ROLE_ASSESSOR));
}

TEST(RoleSet, EmptyAllowsNothingButTheUnspecifiedRole) {
  const RoleSet none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.Allows(ROLE_VIEWER));
  EXPECT_TRUE(none.Allows(ROLE_UNSPECIFIED));
  EXPECT_EQ(none.ToString(), "");
}

TEST(RoleSet, AddingUnspecifiedAddsNothing) {
  RoleSet roles;
  roles.Add(ROLE_UNSPECIFIED);
  EXPECT_TRUE(roles.empty());
}

TEST(RoleSet, PrintsInIncreasingOrder) {
  RoleSet roles{ROLE_ADMIN};
  roles.AddAll(RoleSet{ROLE_VIEWER});
  EXPECT_EQ(roles.ToString(), "viewer,admin");
  EXPECT_EQ(roles, (RoleSet{ROLE_VIEWER, ROLE_ADMIN}));
  EXPECT_NE(roles, RoleSet{ROLE_VIEWER});
}

TEST(ParseRoles, ReadsACommaSeparatedList) {
  const absl::StatusOr<RoleSet> roles = ParseRoles("viewer,admin,viewer");
  ASSERT_TRUE(roles.ok()) << roles.status();
  EXPECT_EQ(*roles, (RoleSet{ROLE_VIEWER, ROLE_ADMIN}));
}

TEST(ParseRoles, NamesAnUnknownRoleAndTheKnownOnes) {
  for (const char* list : {"admn", "viewer,", "Viewer", ""}) {
    const absl::StatusOr<RoleSet> roles = ParseRoles(list);
    ASSERT_FALSE(roles.ok()) << list;
    EXPECT_THAT(roles.status().message(),
                HasSubstr("the roles are viewer, assessor and admin"));
  }
  EXPECT_THAT(ParseRoles("viewer,admn").status().message(),
              HasSubstr("unknown role \"admn\""));
}

TEST(RoleName, NamesEveryRoleAsTheFilesDo) {
  for (const Role role : {ROLE_VIEWER, ROLE_ASSESSOR, ROLE_ADMIN}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(RoleName(ROLE_UNSPECIFIED), "unspecified");
  EXPECT_EQ(ParseRole("unspecified"), std::nullopt);
}

TEST(AuthMethodName, NamesEachMethod) {
  EXPECT_EQ(AuthMethodName(AuthMethod::kNone), "none");
  EXPECT_EQ(AuthMethodName(AuthMethod::kToken), "token");
  EXPECT_EQ(AuthMethodName(AuthMethod::kJwt), "jwt");
  EXPECT_EQ(AuthMethodName(AuthMethod::kMtls), "mtls");
}

TEST(CheckPrincipalName, AcceptsNamesFromEverySource) {
  for (const char* name : {"ci-pipeline", "alice@trust.example", "Alice Smith",
                           "spiffe://trust.example/ns/trustfit/sa/batch",
                           "system:serviceaccount:trustfit:reporter"}) {
    EXPECT_TRUE(CheckPrincipalName(name).ok()) << name;
  }
}

TEST(CheckPrincipalName, RefusesNamesThatWouldForgeALogLine) {
  EXPECT_THAT(CheckPrincipalName("").message(), HasSubstr("empty"));
  EXPECT_THAT(CheckPrincipalName("alice\nlevel=error").message(),
              HasSubstr("control character"));
  EXPECT_THAT(CheckPrincipalName(std::string("a\x7f", 2)).message(),
              HasSubstr("control character"));
  EXPECT_THAT(CheckPrincipalName(" alice").message(), HasSubstr("space"));
  EXPECT_THAT(CheckPrincipalName(std::string(257, 'a')).message(),
              HasSubstr("longer than 256"));
  EXPECT_TRUE(CheckPrincipalName(std::string(256, 'a')).ok());
}

TEST(AuthStatus, UnauthenticatedCarriesItsReason) {
  const absl::Status status =
      Unauthenticated(kReasonTokenExpired, "the bearer token has expired");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(), "the bearer token has expired");
  const scoring::ErrorReason info = scoring::ErrorReasonOf(status);
  EXPECT_EQ(info.reason, "TOKEN_EXPIRED");
  EXPECT_TRUE(info.metadata.empty());
}

TEST(AuthStatus, RoleRequiredNamesTheRoleTheMethodAndWhatIsHeld) {
  const Principal viewer{"bob", RoleSet{ROLE_VIEWER}, AuthMethod::kToken};
  const absl::Status status = RoleRequired(
      "/trustfit.v1.TrustFitService/CreateAssessment", ROLE_ASSESSOR, viewer);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(),
            "/trustfit.v1.TrustFitService/CreateAssessment needs the "
            "assessor role; bob holds viewer");
  const scoring::ErrorReason info = scoring::ErrorReasonOf(status);
  EXPECT_EQ(info.reason, "ROLE_REQUIRED");
  EXPECT_THAT(
      info.metadata,
      UnorderedElementsAre(
          Pair("required_role", "assessor"),
          Pair("method", "/trustfit.v1.TrustFitService/CreateAssessment")));
  EXPECT_THAT(RoleRequired("/x.Y/Z", ROLE_VIEWER,
                           Principal{"carol", {}, AuthMethod::kMtls})
                  .message(),
              HasSubstr("carol holds no role"));
}

TEST(AuthStatus, AccessRuleMissingIsInternal) {
  const absl::Status status = AccessRuleMissing("/x.Y/Z");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(scoring::ErrorReasonOf(status).reason, "ACCESS_RULE_MISSING");
}

TEST(AuthStatus, OtherStatusesCarryNoReason) {
  EXPECT_EQ(scoring::ErrorReasonOf(absl::NotFoundError("x")).reason, "");
  EXPECT_EQ(scoring::ErrorReasonOf(absl::OkStatus()).reason, "");
}

}  // namespace
}  // namespace trustfit::server::auth
