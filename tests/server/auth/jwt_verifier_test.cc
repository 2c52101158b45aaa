// JWT / OIDC bearer tokens: keys from JWKS and PEM, and every way a token
// is accepted or refused. Tokens are signed by tests/server/auth/test_pki,
// not by the library under test.

#include "server/auth/jwt_verifier.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/auth/auth_status.h"
#include "server/auth/jwt_keys.h"
#include "tests/server/auth/auth_matchers.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::Base64Url;
using ::trustfit::testing::IsRefused;
using ::trustfit::testing::JwkOf;
using ::trustfit::testing::KeyKind;
using ::trustfit::testing::MakeSigningKey;
using ::trustfit::testing::ReadFileOrFail;
using ::trustfit::testing::ScratchDir;
using ::trustfit::testing::SignJwt;
using ::trustfit::v1::ROLE_ADMIN;
using ::trustfit::v1::ROLE_ASSESSOR;
using ::trustfit::v1::ROLE_VIEWER;
using Json = nlohmann::json;

constexpr char kIssuer[] = "https://login.microsoftonline.com/tenant/v2.0";
constexpr char kAudience[] = "api://trustfit";
const absl::Time kNow = absl::FromUnixSeconds(1800000000);

// Keys made once for the suite: RSA and EC signing keys published in a
// JWKS, a P-384 key, and an RSA key nobody trusts.
struct Keys {
  ScratchDir dir;
  std::string rsa = MakeSigningKey(dir, "rsa", KeyKind::kRsa);
  std::string ec = MakeSigningKey(dir, "ec", KeyKind::kEc256);
  std::string ec384 = MakeSigningKey(dir, "ec384", KeyKind::kEc384);
  std::string stranger = MakeSigningKey(dir, "stranger", KeyKind::kRsa);
  std::string jwks =
      absl::StrCat(R"({"keys":[)", JwkOf(dir.Path("rsa.pub"), "rsa-1"), ",",
                   JwkOf(dir.Path("ec.pub"), "ec-1"), ",",
                   JwkOf(dir.Path("ec384.pub"), "ec384-1"), "]}");
};

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { keys_ = new Keys; }
  static void TearDownTestSuite() { delete keys_; }

  static JwtConfig Config() {
    JwtConfig config;
    config.issuer = kIssuer;
    config.audiences = {kAudience};
    return config;
  }

  static JwtVerifier Verifier(JwtConfig config = Config()) {
    absl::StatusOr<JwtKeySet> keys = JwtKeySet::FromJwks(keys_->jwks);
    EXPECT_TRUE(keys.ok()) << keys.status();
    absl::StatusOr<JwtVerifier> verifier =
        JwtVerifier::Create(std::move(config), *std::move(keys));
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return *std::move(verifier);
  }

  // Claims of a good token for alice, an assessor, valid around kNow.
  static Json Claims() {
    return {{"iss", kIssuer},
            {"aud", kAudience},
            {"sub", "alice@trust.example"},
            {"iat", absl::ToUnixSeconds(kNow) - 60},
            {"nbf", absl::ToUnixSeconds(kNow) - 60},
            {"exp", absl::ToUnixSeconds(kNow) + 3600},
            {"roles", {"assessor", "Some.Other.App.Role"}}};
  }

  // `claims` signed by the trusted RSA key, verified at kNow.
  static absl::StatusOr<Principal> VerifyClaims(const Json& claims) {
    return Verifier().Verify(Sign(claims), kNow);
  }

  static std::string Sign(const Json& claims, const std::string& alg = "RS256",
                          const std::string& kid = "rsa-1",
                          const std::string& key = "") {
    const std::string key_path =
        !key.empty() ? key : (alg[0] == 'E' ? keys_->ec : keys_->rsa);
    return SignJwt(Json{{"alg", alg}, {"typ", "JWT"}, {"kid", kid}}.dump(),
                   claims.dump(), key_path, alg);
  }

  static Keys* keys_;
};

Keys* JwtTest::keys_ = nullptr;

TEST_F(JwtTest, AcceptsAGoodRs256Token) {
  const absl::StatusOr<Principal> alice =
      Verifier().Verify(Sign(Claims()), kNow);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->name, "alice@trust.example");
  EXPECT_EQ(alice->roles, RoleSet{ROLE_ASSESSOR});
  EXPECT_EQ(alice->method, AuthMethod::kJwt);
}

TEST_F(JwtTest, AcceptsAGoodEs256Token) {
  const absl::StatusOr<Principal> alice =
      Verifier().Verify(Sign(Claims(), "ES256", "ec-1"), kNow);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->name, "alice@trust.example");
}

TEST_F(JwtTest, AcceptsEs384WhenAllowed) {
  JwtConfig config = Config();
  config.algorithms = {"ES384"};
  const absl::StatusOr<Principal> alice = Verifier(config).Verify(
      Sign(Claims(), "ES384", "ec384-1", keys_->ec384), kNow);
  ASSERT_TRUE(alice.ok()) << alice.status();
}

TEST_F(JwtTest, AcceptsATokenVerifiedByAPemKeyWhateverItsKid) {
  JwtConfig config = Config();
  absl::StatusOr<JwtKeySet> keys =
      JwtKeySet::FromPem(ReadFileOrFail(keys_->dir.Path("ec.pub")));
  ASSERT_TRUE(keys.ok()) << keys.status();
  absl::StatusOr<JwtVerifier> verifier =
      JwtVerifier::Create(config, *std::move(keys));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(verifier->Verify(Sign(Claims(), "ES256", "any"), kNow).ok());
  EXPECT_TRUE(verifier->Verify(Sign(Claims(), "ES256", ""), kNow).ok());
}

TEST_F(JwtTest, RefusesAnExpiredTokenBeyondTheSkew) {
  Json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 61;
  EXPECT_THAT(VerifyClaims(claims),
              IsRefused("TOKEN_EXPIRED", "the bearer token has expired"));
  claims["exp"] = absl::ToUnixSeconds(kNow) - 59;  // within the 60 s skew
  EXPECT_TRUE(VerifyClaims(claims).ok());
}

TEST_F(JwtTest, TheSkewIsConfigurable) {
  JwtConfig config = Config();
  config.clock_skew = absl::ZeroDuration();
  Json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 1;
  EXPECT_THAT(Verifier(config).Verify(Sign(claims), kNow),
              IsRefused("TOKEN_EXPIRED", "expired"));
}

TEST_F(JwtTest, RefusesATokenNotYetValidBeyondTheSkew) {
  Json claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 61;
  EXPECT_THAT(VerifyClaims(claims),
              IsRefused("TOKEN_NOT_YET_VALID", "not valid yet"));
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 59;
  EXPECT_TRUE(VerifyClaims(claims).ok());
  claims["nbf"] = "tomorrow";
  EXPECT_THAT(VerifyClaims(claims),
              IsRefused("TOKEN_NOT_YET_VALID", "not valid yet"));
}

TEST_F(JwtTest, RefusesATokenWithoutExpiry) {
  Json claims = Claims();
  claims.erase("exp");
  EXPECT_THAT(VerifyClaims(claims), IsRefused("TOKEN_INVALID", "no expiry"));
  claims["exp"] = "never";
  EXPECT_THAT(VerifyClaims(claims), IsRefused("TOKEN_INVALID", "no expiry"));
}

TEST_F(JwtTest, RefusesAWrongAudience) {
  Json claims = Claims();
  claims["aud"] = "api://another-app";
  EXPECT_THAT(
      VerifyClaims(claims),
      IsRefused("TOKEN_INVALID", "the token's audience is not api://trustfit"));
  claims["aud"] = {"api://another-app", "api://a-third"};
  EXPECT_THAT(VerifyClaims(claims), IsRefused("TOKEN_INVALID", "audience"));
  claims.erase("aud");
  EXPECT_THAT(VerifyClaims(claims), IsRefused("TOKEN_INVALID", "audience"));
}

// Kubernetes service-account tokens carry an array of audiences.
TEST_F(JwtTest, AcceptsAnAudienceArrayHoldingOneOfOurs) {
  JwtConfig config = Config();
  config.audiences = {"api://other-name", kAudience};
  Json claims = Claims();
  claims["aud"] = {"https://kubernetes.default.svc", kAudience};
  EXPECT_TRUE(Verifier(config).Verify(Sign(claims), kNow).ok());
}

TEST_F(JwtTest, RefusesAWrongIssuer) {
  Json claims = Claims();
  claims["iss"] = "https://evil.example";
  EXPECT_THAT(VerifyClaims(claims),
              IsRefused("TOKEN_INVALID",
                        absl::StrCat("the token was not issued by ", kIssuer)));
  claims["iss"] = 7;
  EXPECT_THAT(VerifyClaims(claims),
              IsRefused("TOKEN_INVALID", "not issued by"));
}

TEST_F(JwtTest, RefusesAlgNoneSignedOrNot) {
  const std::string unsigned_token =
      SignJwt(R"({"alg":"none","typ":"JWT"})", Claims().dump(), "", "none");
  EXPECT_TRUE(absl::EndsWith(unsigned_token, "."));
  EXPECT_THAT(
      Verifier().Verify(unsigned_token, kNow),
      IsRefused("TOKEN_INVALID",
                "the token's algorithm is not accepted (RS256, ES256)"));
  // "none" with a real signature appended, and spelt otherwise.
  const std::string signature =
      Sign(Claims()).substr(Sign(Claims()).rfind('.'));
  for (const char* none : {"none", "None", "NONE"}) {
    const std::string token =
        absl::StrCat(Base64Url(Json{{"alg", none}, {"kid", "rsa-1"}}.dump()),
                     ".", Base64Url(Claims().dump()), signature);
    EXPECT_THAT(Verifier().Verify(token, kNow),
                IsRefused("TOKEN_INVALID", "algorithm is not accepted"));
  }
}

TEST_F(JwtTest, RefusesATamperedPayload) {
  const std::string good = Sign(Claims());
  Json claims = Claims();
  claims["roles"] = {"admin"};
  const std::vector<std::string> parts = absl::StrSplit(good, '.');
  const std::string forged =
      absl::StrCat(parts[0], ".", Base64Url(claims.dump()), ".", parts[2]);
  EXPECT_THAT(Verifier().Verify(forged, kNow),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

TEST_F(JwtTest, RefusesATamperedSignature) {
  for (const std::string alg : {"RS256", "ES256"}) {
    std::string token = Sign(Claims(), alg, alg == "RS256" ? "rsa-1" : "ec-1");
    char& last = token[token.size() - 3];
    last = last == 'A' ? 'B' : 'A';
    EXPECT_THAT(Verifier().Verify(token, kNow),
                IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
  }
}

TEST_F(JwtTest, RefusesASignatureByAnUntrustedKeyClaimingATrustedKid) {
  EXPECT_THAT(Verifier().Verify(
                  Sign(Claims(), "RS256", "rsa-1", keys_->stranger), kNow),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

TEST_F(JwtTest, RefusesAnAlgorithmOffTheAllowList) {
  EXPECT_THAT(Verifier().Verify(Sign(Claims(), "RS384"), kNow),
              IsRefused("TOKEN_INVALID", "algorithm is not accepted"));
  EXPECT_THAT(Verifier().Verify(Sign(Claims(), "PS256"), kNow),
              IsRefused("TOKEN_INVALID", "algorithm is not accepted"));
}

// The classic confusion: HS256 "signed" with the RSA public key as secret.
TEST_F(JwtTest, RefusesHmacSignedWithThePublicKey) {
  const std::string header =
      Base64Url(R"({"alg":"HS256","typ":"JWT","kid":"rsa-1"})");
  const std::string payload = Base64Url(Claims().dump());
  const std::string forged =
      absl::StrCat(header, ".", payload, ".",
                   Base64Url(trustfit::testing::HmacSha256(
                       ReadFileOrFail(keys_->dir.Path("rsa.pub")),
                       absl::StrCat(header, ".", payload))));
  EXPECT_THAT(Verifier().Verify(forged, kNow),
              IsRefused("TOKEN_INVALID", "algorithm is not accepted"));
}

TEST_F(JwtTest, RefusesAKeyOfTheWrongTypeForTheAlgorithm) {
  // An ES256 header naming the RSA key: no EC signature can verify with it.
  EXPECT_THAT(
      Verifier().Verify(Sign(Claims(), "ES256", "rsa-1", keys_->ec), kNow),
      IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
  // ES256 naming the P-384 key.
  EXPECT_THAT(
      Verifier().Verify(Sign(Claims(), "ES256", "ec384-1", keys_->ec), kNow),
      IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

// A JWK's "alg" limits the key to that algorithm.
TEST_F(JwtTest, RefusesAnAlgorithmTheKeyIsNotFor) {
  std::string jwk = JwkOf(keys_->dir.Path("rsa.pub"), "rsa-1");
  jwk.insert(1, R"("alg":"RS384",)");
  JwtConfig config = Config();
  config.algorithms = {"RS256", "RS384"};
  absl::StatusOr<JwtVerifier> verifier = JwtVerifier::Create(
      config, *JwtKeySet::FromJwks(absl::StrCat(R"({"keys":[)", jwk, "]}")));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_THAT(verifier->Verify(Sign(Claims(), "RS256"), kNow),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
  EXPECT_TRUE(verifier->Verify(Sign(Claims(), "RS384"), kNow).ok());
}

TEST_F(JwtTest, RefusesAnUnknownKid) {
  EXPECT_THAT(
      Verifier().Verify(Sign(Claims(), "RS256", "rsa-2"), kNow),
      IsRefused("TOKEN_INVALID", "signed by a key this server does not know"));
  // With several keys a token must name one.
  EXPECT_THAT(Verifier().Verify(Sign(Claims(), "RS256", ""), kNow),
              IsRefused("TOKEN_INVALID", "does not know"));
}

TEST_F(JwtTest, RefusesACriticalHeaderExtension) {
  const std::string token =
      SignJwt(R"({"alg":"RS256","kid":"rsa-1","crit":["exp"],"exp":1})",
              Claims().dump(), keys_->rsa, "RS256");
  EXPECT_THAT(Verifier().Verify(token, kNow),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

TEST_F(JwtTest, RefusesMalformedTokens) {
  const std::string good = Sign(Claims());
  const std::vector<std::string> parts = absl::StrSplit(good, '.');
  const std::string cases[] = {
      "",
      "a.b",
      absl::StrCat(good, ".x"),
      absl::StrCat("!!!.", parts[1], ".", parts[2]),
      absl::StrCat(Base64Url("[1]"), ".", parts[1], ".", parts[2]),
      absl::StrCat(Base64Url("{not json"), ".", parts[1], ".", parts[2]),
      absl::StrCat(parts[0], ".", parts[1], "."),
      absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "\xe9\xff"),
      absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "="),
      std::string(kMaxJwtBytes + 1, 'a'),
      // Deeply nested JSON, before any signature is checked.
      absl::StrCat(Base64Url(std::string(5000, '[') + std::string(5000, ']')),
                   ".", parts[1], ".", parts[2]),
  };
  for (const std::string& token : cases) {
    const absl::StatusOr<Principal> principal = Verifier().Verify(token, kNow);
    ASSERT_FALSE(principal.ok()) << token;
    EXPECT_EQ(scoring::ErrorReasonOf(principal.status()).reason,
              "TOKEN_INVALID");
  }
}

TEST_F(JwtTest, RefusesASignedPayloadThatIsNotAnObject) {
  const std::string token = SignJwt(R"({"alg":"RS256","kid":"rsa-1"})",
                                    "[\"alice\"]", keys_->rsa, "RS256");
  EXPECT_THAT(Verifier().Verify(token, kNow),
              IsRefused("TOKEN_INVALID", kTokenInvalidMessage));
}

TEST_F(JwtTest, ATokenWithoutTheRoleClaimHasNoRoles) {
  Json claims = Claims();
  claims.erase("roles");
  const absl::StatusOr<Principal> alice = VerifyClaims(claims);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_TRUE(alice->roles.empty());
  claims["roles"] = 42;
  EXPECT_TRUE(VerifyClaims(claims)->roles.empty());
}

TEST_F(JwtTest, RefusesATokenWithoutAUsablePrincipal) {
  Json claims = Claims();
  claims.erase("sub");
  EXPECT_THAT(
      VerifyClaims(claims),
      IsRefused("TOKEN_INVALID", "the token has no usable \"sub\" claim"));
  claims["sub"] = "alice\nlevel=error";
  EXPECT_THAT(VerifyClaims(claims), IsRefused("TOKEN_INVALID", "no usable"));
}

TEST_F(JwtTest, ReadsRolesAndPrincipalFromDottedPaths) {
  JwtConfig config = Config();
  config.roles_claim = "realm_access.roles";
  config.principal_claim = "kubernetes.io.serviceaccount.name";
  Json claims = Claims();
  claims["realm_access"] = {{"roles", {"viewer", "admin"}}};
  claims["kubernetes.io"] = {{"namespace", "trustfit"},
                             {"serviceaccount", {{"name", "reporter"}}}};
  const absl::StatusOr<Principal> principal =
      Verifier(config).Verify(Sign(claims), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->name, "reporter");
  EXPECT_EQ(principal->roles, (RoleSet{ROLE_VIEWER, ROLE_ADMIN}));
}

TEST_F(JwtTest, ReadsRolesFromASpaceSeparatedScope) {
  JwtConfig config = Config();
  config.roles_claim = "scp";
  Json claims = Claims();
  claims["scp"] = "openid viewer  profile";
  EXPECT_EQ(Verifier(config).Verify(Sign(claims), kNow)->roles,
            RoleSet{ROLE_VIEWER});
}

// Microsoft Entra ID app roles are named by the app's manifest.
TEST_F(JwtTest, MapsRoleValuesThroughTheConfig) {
  JwtConfig config = Config();
  config.role_values = {{"TrustFit.Assessor", ROLE_ASSESSOR},
                        {"TrustFit.Admin", ROLE_ADMIN}};
  Json claims = Claims();
  claims["roles"] = {"TrustFit.Assessor", "viewer", "Other.Role"};
  EXPECT_EQ(Verifier(config).Verify(Sign(claims), kNow)->roles,
            RoleSet{ROLE_ASSESSOR});
}

TEST_F(JwtTest, CreateRefusesAnUnsafeOrIncompleteConfig) {
  const auto create_error = [](JwtConfig config) {
    return std::string(JwtVerifier::Create(std::move(config),
                                           *JwtKeySet::FromJwks(keys_->jwks))
                           .status()
                           .message());
  };
  JwtConfig config = Config();
  config.issuer = "";
  EXPECT_THAT(create_error(config), HasSubstr("the issuer is required"));
  config = Config();
  config.audiences.clear();
  EXPECT_THAT(create_error(config), HasSubstr("audience is required"));
  for (const char* alg : {"none", "HS256", "rs256"}) {
    config = Config();
    config.algorithms = {"RS256", alg};
    EXPECT_THAT(
        create_error(config),
        HasSubstr(absl::StrCat("algorithm \"", alg, "\" is not accepted")));
  }
  config = Config();
  config.algorithms.clear();
  EXPECT_THAT(create_error(config), HasSubstr("at least one algorithm"));
  config = Config();
  config.clock_skew = absl::Minutes(6);
  EXPECT_THAT(create_error(config), HasSubstr("between 0 and 5 minutes"));
  config = Config();
  config.clock_skew = -absl::Seconds(1);
  EXPECT_THAT(create_error(config), HasSubstr("between 0 and 5 minutes"));
  config = Config();
  config.roles_claim = "";
  EXPECT_THAT(create_error(config), HasSubstr("must be named"));
  config = Config();
  config.algorithms = {"ES512"};
  EXPECT_THAT(create_error(config), HasSubstr("no key can verify ES512"));
}

TEST(LooksLikeJwt, NeedsExactlyTwoDots) {
  EXPECT_TRUE(LooksLikeJwt("a.b.c"));
  EXPECT_TRUE(LooksLikeJwt("a.b."));
  EXPECT_FALSE(LooksLikeJwt("opaque-token"));
  EXPECT_FALSE(LooksLikeJwt("a.b.c.d"));
}

}  // namespace
}  // namespace trustfit::server::auth
