#include "server/auth/role_bindings.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;

constexpr char kBindings[] = R"(# Who may do what, by certificate or JWT.
mtls spiffe://trust.example/ns/trustfit/sa/batch   assessor
mtls *                                            viewer
jwt  system:serviceaccount:trustfit:reporter       viewer,admin
)";

void ExpectLineError(absl::string_view text, absl::string_view where) {
  const auto bindings = RoleBindings::FromText(text, "roles.txt");
  ASSERT_FALSE(bindings.ok()) << text;
  EXPECT_EQ(bindings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bindings.status().message(), HasSubstr(where));
}

TEST(RoleBindingsTest, NoBindingsGiveNoRoles) {
  const RoleBindings none;
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.RolesFor(AuthMethod::kMtls, "anyone").ToString(), "");
}

TEST(RoleBindingsTest, APrincipalGetsItsOwnRolesAndThoseOfTheWildcard) {
  const auto bindings = RoleBindings::FromText(kBindings, "roles.txt");
  ASSERT_TRUE(bindings.ok()) << bindings.status();
  EXPECT_EQ(bindings->size(), 3u);
  EXPECT_EQ(bindings
                ->RolesFor(AuthMethod::kMtls,
                           "spiffe://trust.example/ns/trustfit/sa/batch")
                .ToString(),
            "viewer,assessor");
  EXPECT_EQ(bindings->RolesFor(AuthMethod::kMtls, "someone-else").ToString(),
            "viewer");
}

TEST(RoleBindingsTest, BindingsApplyOnlyToTheirMethod) {
  const auto bindings = RoleBindings::FromText(kBindings, "roles.txt");
  ASSERT_TRUE(bindings.ok()) << bindings.status();
  EXPECT_EQ(bindings
                ->RolesFor(AuthMethod::kJwt,
                           "system:serviceaccount:trustfit:reporter")
                .ToString(),
            "viewer,admin");
  // No jwt wildcard: an unbound JWT principal gets nothing.
  EXPECT_EQ(bindings->RolesFor(AuthMethod::kJwt, "someone-else").ToString(),
            "");
  EXPECT_EQ(bindings
                ->RolesFor(AuthMethod::kToken,
                           "system:serviceaccount:trustfit:reporter")
                .ToString(),
            "");
}

TEST(RoleBindingsTest, ATokenBindingIsRefusedAndTheLineNamed) {
  ExpectLineError("mtls * viewer\ntoken alice viewer\n",
                  "roles.txt line 2, field method: expected mtls or jwt");
}

TEST(RoleBindingsTest, AMissingPrincipalIsNamed) {
  ExpectLineError("mtls\n", "roles.txt line 1, field principal: is missing");
}

TEST(RoleBindingsTest, MissingRolesAreNamed) {
  ExpectLineError("jwt alice\n", "roles.txt line 1, field roles: is missing");
}

TEST(RoleBindingsTest, AnUnknownRoleIsNamed) {
  ExpectLineError("jwt alice viewer,superuser\n",
                  "roles.txt line 1, field roles:");
}

TEST(RoleBindingsTest, RolesSeparatedBySpacesAreRefused) {
  ExpectLineError("jwt alice viewer admin\n",
                  "roles.txt line 1, field roles: is followed by more fields");
}

TEST(RoleBindingsTest, FromFileReadsTheFileAndNamesItInErrors) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp",
                                        "/role_bindings_test_", getpid());
  std::ofstream(path) << kBindings << "mtls bob nobody\n";
  const auto bad = RoleBindings::FromFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr(path + " line 5"));
  std::ofstream(path) << kBindings;
  const auto good = RoleBindings::FromFile(path);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->size(), 3u);
  std::remove(path.c_str());
  EXPECT_EQ(RoleBindings::FromFile(path).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace trustfit::server::auth
