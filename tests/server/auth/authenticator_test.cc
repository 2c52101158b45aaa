// Which credential decides, and what a call without one is told. Client
// certificates are in tls_credentials_test.cc, which has a TLS connection.

#include "server/auth/authenticator.h"

#include <deque>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/auth/auth_status.h"
#include "tests/server/auth/auth_matchers.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::IsRefused;
using ::trustfit::testing::JwkOf;
using ::trustfit::testing::KeyKind;
using ::trustfit::testing::MakeSigningKey;
using ::trustfit::testing::ScratchDir;
using ::trustfit::testing::SignJwt;
using ::trustfit::v1::ROLE_ADMIN;
using ::trustfit::v1::ROLE_ASSESSOR;
using ::trustfit::v1::ROLE_VIEWER;

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

// Call metadata that owns its strings.
class Metadata {
 public:
  Metadata& Add(std::string key, std::string value) {
    strings_.push_back(std::move(key));
    strings_.push_back(std::move(value));
    return *this;
  }
  CallMetadata Get() const {
    CallMetadata metadata;
    for (size_t i = 0; i + 1 < strings_.size(); i += 2) {
      metadata.emplace(grpc::string_ref(strings_[i]),
                       grpc::string_ref(strings_[i + 1]));
    }
    return metadata;
  }

 private:
  std::deque<std::string> strings_;  // push_back keeps references valid
};

class AuthenticatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir;
    key_ = new std::string(MakeSigningKey(*dir_, "ec", KeyKind::kEc256));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete dir_;
  }

  static Authenticator::Methods AllMethods() {
    Authenticator::Methods methods;
    methods.tokens = std::make_shared<TokenStore>(*TokenStore::FromText(
        absl::StrCat(TokenHash("ci-token"), " ci viewer\n", TokenHash("a.b.c"),
                     " dotted assessor\n"),
        "tokens"));
    JwtConfig config;
    config.issuer = "https://issuer.example";
    config.audiences = {"trustfit"};
    methods.jwt = std::make_shared<JwtVerifier>(*JwtVerifier::Create(
        config, *JwtKeySet::FromJwks(absl::StrCat(
                    R"({"keys":[)", JwkOf(dir_->Path("ec.pub"), "k"), "]}"))));
    methods.client_certificates = true;
    methods.bindings = std::make_shared<RoleBindings>(*RoleBindings::FromText(
        "jwt reporter viewer\njwt alice admin\nmtls alice admin", "roles"));
    return methods;
  }

  static std::string Jwt(const std::string& subject, int expires_in = 3600) {
    const nlohmann::json claims = {
        {"iss", "https://issuer.example"},
        {"aud", "trustfit"},
        {"sub", subject},
        {"exp", absl::ToUnixSeconds(kNow) + expires_in},
        {"roles", {"assessor"}}};
    return SignJwt(R"({"alg":"ES256","kid":"k"})", claims.dump(), *key_,
                   "ES256");
  }

  static absl::StatusOr<Principal> Authenticate(
      const Metadata& metadata, Authenticator::Methods methods = AllMethods()) {
    return Authenticator(std::move(methods))
        .Authenticate(metadata.Get(), nullptr, kNow);
  }

  static ScratchDir* dir_;
  static std::string* key_;
};

ScratchDir* AuthenticatorTest::dir_ = nullptr;
std::string* AuthenticatorTest::key_ = nullptr;

TEST_F(AuthenticatorTest, ATokenFromTheFile) {
  const absl::StatusOr<Principal> ci =
      Authenticate(Metadata().Add("authorization", "Bearer ci-token"));
  ASSERT_TRUE(ci.ok()) << ci.status();
  EXPECT_EQ(ci->name, "ci");
  EXPECT_EQ(ci->method, AuthMethod::kToken);
  EXPECT_EQ(ci->roles, RoleSet{ROLE_VIEWER});
}

TEST_F(AuthenticatorTest, TheSchemeIsCaseInsensitive) {
  EXPECT_TRUE(
      Authenticate(Metadata().Add("authorization", "bearer ci-token")).ok());
  EXPECT_TRUE(
      Authenticate(Metadata().Add("authorization", "BEARER  ci-token ")).ok());
}

TEST_F(AuthenticatorTest, AJwtWithRolesFromItsClaimAndItsBindings) {
  const absl::StatusOr<Principal> alice =
      Authenticate(Metadata().Add("authorization", "Bearer " + Jwt("alice")));
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->method, AuthMethod::kJwt);
  EXPECT_EQ(alice->roles, (RoleSet{ROLE_ASSESSOR, ROLE_ADMIN}));
}

TEST_F(AuthenticatorTest, AnExpiredJwtSaysSo) {
  EXPECT_THAT(Authenticate(Metadata().Add("authorization",
                                          "Bearer " + Jwt("alice", -3600))),
              IsRefused("TOKEN_EXPIRED", "expired"));
}

// A JWT-shaped token goes to the verifier only when there is one.
TEST_F(AuthenticatorTest, AJwtShapedTokenIsAFileTokenWithoutAVerifier) {
  EXPECT_THAT(Authenticate(Metadata().Add("authorization", "Bearer a.b.c")),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
  Authenticator::Methods methods = AllMethods();
  methods.jwt = nullptr;
  const absl::StatusOr<Principal> dotted = Authenticate(
      Metadata().Add("authorization", "Bearer a.b.c"), std::move(methods));
  ASSERT_TRUE(dotted.ok()) << dotted.status();
  EXPECT_EQ(dotted->name, "dotted");
}

TEST_F(AuthenticatorTest, ATokenWithoutTheFileIsRefused) {
  Authenticator::Methods methods = AllMethods();
  methods.tokens = nullptr;
  EXPECT_THAT(Authenticate(Metadata().Add("authorization", "Bearer ci-token"),
                           std::move(methods)),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

TEST_F(AuthenticatorTest, RefusesOtherSchemesAndRepeatedHeaders) {
  EXPECT_THAT(
      Authenticate(Metadata().Add("authorization", "Basic Y2k6dG9rZW4=")),
      IsRefused("TOKEN_INVALID", "must be \"Bearer <token>\""));
  EXPECT_THAT(Authenticate(Metadata().Add("authorization", "Bearer")),
              IsRefused("TOKEN_INVALID", "must be \"Bearer <token>\""));
  EXPECT_THAT(Authenticate(Metadata()
                               .Add("authorization", "Bearer ci-token")
                               .Add("authorization", "Bearer other")),
              IsRefused("TOKEN_INVALID", "only one authorization header"));
}

TEST_F(AuthenticatorTest, NoCredentialsNamesWhatWouldDo) {
  EXPECT_THAT(
      Authenticate(Metadata().Add("x-trustfit-requester", "root")),
      IsRefused("AUTH_REQUIRED",
                "this call needs credentials: a bearer token (authorization: "
                "Bearer <token>) or a client certificate"));
  Authenticator::Methods tokens_only;
  tokens_only.tokens = AllMethods().tokens;
  EXPECT_THAT(
      Authenticate(Metadata(), tokens_only),
      IsRefused("AUTH_REQUIRED",
                "needs credentials: a bearer token (authorization: Bearer "
                "<token>)"));
  Authenticator::Methods certificates_only;
  certificates_only.client_certificates = true;
  EXPECT_THAT(
      Authenticate(Metadata(), certificates_only),
      IsRefused("AUTH_REQUIRED", "needs credentials: a client certificate"));
}

TEST_F(AuthenticatorTest, WithNoMethodAuthenticationIsOff) {
  const Authenticator off{Authenticator::Methods()};
  EXPECT_FALSE(off.enabled());
  EXPECT_TRUE(Authenticator(AllMethods()).enabled());
  const absl::StatusOr<Principal> anonymous =
      off.Authenticate(Metadata().Get(), nullptr, kNow);
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->method, AuthMethod::kNone);
  EXPECT_EQ(anonymous->name, "");
}

}  // namespace
}  // namespace trustfit::server::auth
