// The table of roles: read from the service's descriptor, with a rule for
// every method, and the one check against it.

#include "server/auth/authorizer.h"

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "server/auth/auth_status.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::trustfit::v1::ROLE_ADMIN;
using ::trustfit::v1::ROLE_ASSESSOR;
using ::trustfit::v1::ROLE_VIEWER;

constexpr absl::string_view kService = "/trustfit.v1.TrustFitService/";

std::string Method(absl::string_view name) {
  return absl::StrCat(kService, name);
}

const google::protobuf::ServiceDescriptor* TrustFitDescriptor() {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      trustfit::v1::TrustFitService::service_full_name());
}

// The guard against a new RPC without a rule: walks the descriptor itself.
TEST(Authorizer, EveryMethodOfTheServiceHasARule) {
  const google::protobuf::ServiceDescriptor* service = TrustFitDescriptor();
  ASSERT_NE(service, nullptr);
  const absl::StatusOr<Authorizer> authorizer = Authorizer::ForTrustFit();
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  ASSERT_EQ(authorizer->rules().size(),
            static_cast<size_t>(service->method_count()));
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service->method(i);
    EXPECT_NE(method->options().GetExtension(trustfit::v1::required_role),
              trustfit::v1::ROLE_UNSPECIFIED)
        << method->full_name() << " has no (trustfit.v1.required_role)";
    EXPECT_NE(authorizer->Find(Method(method->name())), nullptr)
        << method->full_name();
  }
}

// The table in trustfit/v1/auth.proto, as the issue states it.
TEST(Authorizer, RolesAreAsDocumented) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  const std::pair<const char*, Role> expected[] = {
      {"ScoreCandidate", ROLE_VIEWER},     {"ScoreCandidates", ROLE_VIEWER},
      {"QuoteContribution", ROLE_VIEWER},  {"GetPolicy", ROLE_VIEWER},
      {"GetAssessment", ROLE_VIEWER},      {"ListAssessments", ROLE_VIEWER},
      {"CreateAssessment", ROLE_ASSESSOR}, {"ValidatePolicy", ROLE_ADMIN},
  };
  for (const auto& [name, role] : expected) {
    const MethodRule* rule = authorizer.Find(Method(name));
    ASSERT_NE(rule, nullptr) << name;
    EXPECT_EQ(rule->required_role, role) << name;
    EXPECT_EQ(rule->full_name, Method(name));
    EXPECT_EQ(rule->changes_state, std::string(name) == "CreateAssessment")
        << name;
  }
}

// A service like TrustFitService with one method that has no option.
const google::protobuf::ServiceDescriptor* ServiceWithoutRule(
    google::protobuf::DescriptorPool* pool) {
  google::protobuf::FileDescriptorProto file;
  file.set_name("forgetful.proto");
  file.set_package("forgetful");
  auto* message = file.add_message_type();
  message->set_name("Empty");
  auto* service = file.add_service();
  service->set_name("Forgetful");
  for (const char* name : {"Ruled", "Forgotten", "AlsoForgotten"}) {
    auto* method = service->add_method();
    method->set_name(name);
    method->set_input_type(".forgetful.Empty");
    method->set_output_type(".forgetful.Empty");
    if (std::string(name) == "Ruled") {
      method->mutable_options()->SetExtension(trustfit::v1::required_role,
                                              ROLE_VIEWER);
    }
  }
  return pool->BuildFile(file)->service(0);
}

TEST(Authorizer, RefusesToStartWithAMethodWithoutARule) {
  google::protobuf::DescriptorPool pool;
  const absl::StatusOr<Authorizer> authorizer =
      Authorizer::FromServices({ServiceWithoutRule(&pool)});
  ASSERT_FALSE(authorizer.ok());
  EXPECT_EQ(authorizer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(authorizer.status().message(),
              HasSubstr("/forgetful.Forgetful/Forgotten, "
                        "/forgetful.Forgetful/AlsoForgotten"));
  EXPECT_THAT(authorizer.status().message(), Not(HasSubstr("Ruled")));
}

TEST(Authorizer, LetsARoleHighEnoughThrough) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  const Principal assessor{"alice", RoleSet{ROLE_ASSESSOR}, AuthMethod::kJwt};
  for (const char* name : {"GetPolicy", "CreateAssessment"}) {
    const absl::StatusOr<const MethodRule*> rule =
        authorizer.Authorize(assessor, Method(name));
    ASSERT_TRUE(rule.ok()) << name << ": " << rule.status();
    EXPECT_EQ((*rule)->full_name, Method(name));
  }
}

TEST(Authorizer, RefusesARoleTooLowNamingTheRoleNeeded) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  const Principal assessor{"alice", RoleSet{ROLE_ASSESSOR}, AuthMethod::kJwt};
  const absl::StatusOr<const MethodRule*> rule =
      authorizer.Authorize(assessor, Method("ValidatePolicy"));
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(scoring::ErrorReasonOf(rule.status()).reason, "ROLE_REQUIRED");
  EXPECT_EQ(scoring::ErrorReasonOf(rule.status()).metadata.at("required_role"),
            "admin");
}

TEST(Authorizer, RefusesAPrincipalWithNoRoles) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  const absl::StatusOr<const MethodRule*> rule = authorizer.Authorize(
      Principal{"nobody", {}, AuthMethod::kMtls}, Method("GetPolicy"));
  EXPECT_EQ(rule.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST(Authorizer, RefusesAMethodWithoutARuleEvenWhenAuthenticationIsOff) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  const absl::StatusOr<const MethodRule*> rule = authorizer.Authorize(
      Principal{"", {}, AuthMethod::kNone}, Method("DeleteEverything"));
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(scoring::ErrorReasonOf(rule.status()).reason,
            "ACCESS_RULE_MISSING");
}

TEST(Authorizer, LetsEveryoneThroughWhenAuthenticationIsOff) {
  const Authorizer authorizer = *Authorizer::ForTrustFit();
  EXPECT_TRUE(authorizer
                  .Authorize(Principal{"", {}, AuthMethod::kNone},
                             Method("ValidatePolicy"))
                  .ok());
}

}  // namespace
}  // namespace trustfit::server::auth
