// Verification keys from a JWKS or a PEM public key.

#include "server/auth/jwt_keys.h"

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::JwkOf;
using ::trustfit::testing::KeyKind;
using ::trustfit::testing::MakeSigningKey;
using ::trustfit::testing::MustRun;
using ::trustfit::testing::ReadFileOrFail;
using ::trustfit::testing::ScratchDir;

class JwtKeysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir;
    MakeSigningKey(*dir_, "rsa", KeyKind::kRsa);
    MakeSigningKey(*dir_, "ec", KeyKind::kEc256);
    MakeSigningKey(*dir_, "ec384", KeyKind::kEc384);
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Jwk(const char* name, const char* kid) {
    return JwkOf(dir_->Path(absl::StrCat(name, ".pub")), kid);
  }

  static std::string Pem(const char* name) {
    return ReadFileOrFail(dir_->Path(absl::StrCat(name, ".pub")));
  }

  static std::string JwksError(absl::string_view jwks) {
    return std::string(JwtKeySet::FromJwks(jwks).status().message());
  }

  static ScratchDir* dir_;
};

ScratchDir* JwtKeysTest::dir_ = nullptr;

TEST_F(JwtKeysTest, ReadsRsaAndEcKeysByKid) {
  const absl::StatusOr<JwtKeySet> keys = JwtKeySet::FromJwks(
      absl::StrCat(R"({"keys":[)", Jwk("rsa", "r1"), ",", Jwk("ec", "e1"), ",",
                   Jwk("ec384", "e2"), "]}"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->keys().size(), 3u);
  const JwtKey* rsa = keys->Find("r1");
  ASSERT_NE(rsa, nullptr);
  EXPECT_EQ(rsa->type, JwtKey::Type::kRsa);
  EXPECT_THAT(rsa->pem, HasSubstr("-----BEGIN PUBLIC KEY-----"));
  // The PEM made from n and e is the key openssl wrote.
  EXPECT_EQ(rsa->pem, Pem("rsa"));
  const JwtKey* ec = keys->Find("e1");
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->type, JwtKey::Type::kEc);
  EXPECT_EQ(ec->curve, "P-256");
  EXPECT_EQ(ec->pem, Pem("ec"));
  EXPECT_EQ(keys->Find("e2")->curve, "P-384");
  EXPECT_EQ(keys->Find("nope"), nullptr);
  EXPECT_EQ(keys->Find(""), nullptr);  // several keys: a kid is needed
}

TEST_F(JwtKeysTest, ASingleKeyAnswersAnEmptyKid) {
  const absl::StatusOr<JwtKeySet> keys =
      JwtKeySet::FromJwks(absl::StrCat(R"({"keys":[)", Jwk("ec", "e1"), "]}"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_NE(keys->Find(""), nullptr);
  EXPECT_EQ(keys->Find("other"), nullptr);
}

TEST_F(JwtKeysTest, KeepsTheAlgAJwkIsLimitedTo) {
  std::string jwk = Jwk("rsa", "r1");
  jwk.insert(1, R"("alg":"RS256",)");
  EXPECT_EQ(JwtKeySet::FromJwks(absl::StrCat(R"({"keys":[)", jwk, "]}"))
                ->Find("r1")
                ->alg,
            "RS256");
}

// What an OpenID provider publishes may hold keys that do not sign.
TEST_F(JwtKeysTest, SkipsEncryptionAndUnsupportedKeys) {
  const std::string encryption = absl::StrReplaceAll(
      Jwk("rsa", "enc-1"), {{R"("use":"sig")", R"("use":"enc")"}});
  const absl::StatusOr<JwtKeySet> keys = JwtKeySet::FromJwks(
      absl::StrCat(R"({"keys":[)", encryption,
                   R"(,{"kty":"oct","kid":"hmac","k":"c2VjcmV0"},)",
                   R"({"kty":"OKP","crv":"Ed25519","kid":"ed","x":"AAAA"},)",
                   Jwk("ec", "e1"), "]}"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->keys().size(), 1u);
  EXPECT_EQ(keys->keys()[0].kid, "e1");
}

TEST_F(JwtKeysTest, RefusesADocumentThatIsNotAJwks) {
  for (const char* text : {"", "{", "[]", R"({"keys":{}})", R"({"kid":"x"})"}) {
    EXPECT_THAT(JwksError(text), HasSubstr("a JWKS must be a JSON object with "
                                           "a \"keys\" array"))
        << text;
  }
  EXPECT_THAT(JwksError(R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})"),
              HasSubstr("holds no RSA or EC signing key"));
  EXPECT_THAT(JwksError(R"({"keys":[7]})"), HasSubstr("key 0: not an object"));
}

TEST_F(JwtKeysTest, NamesTheKeyWithBadParameters) {
  EXPECT_THAT(JwksError(R"({"keys":[{"kty":"RSA","kid":"r","n":"AQAB"}]})"),
              HasSubstr("key 0 (kid \"r\"): \"e\" must be a non-empty "
                        "base64url string"));
  EXPECT_THAT(
      JwksError(R"({"keys":[{"kty":"RSA","kid":"r","n":"!!","e":"AQAB"}]})"),
      HasSubstr("\"n\" must be a non-empty base64url string"));
  EXPECT_THAT(JwksError(R"({"keys":[{"kty":"RSA","n":7,"e":"AQAB"}]})"),
              HasSubstr("key 0: \"n\" must be"));
  EXPECT_THAT(JwksError(R"({"keys":[{"kty":"EC","kid":"e","crv":"P-192",)"
                        R"("x":"AAAA","y":"AAAA"}]})"),
              HasSubstr("\"crv\" must be P-256, P-384 or P-521"));
  EXPECT_THAT(JwksError(R"({"keys":[{"kty":"EC","kid":"e","crv":"P-256",)"
                        R"("x":"AAAA","y":"AAAA"}]})"),
              HasSubstr("\"x\" and \"y\" must be 32 bytes on P-256"));
}

TEST_F(JwtKeysTest, RefusesAPointNotOnTheCurve) {
  // 32 bytes of 0x01 each way: not a point of P-256.
  const std::string coordinate = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE";
  EXPECT_THAT(JwksError(absl::StrCat(
                  R"({"keys":[{"kty":"EC","kid":"e","crv":"P-256","x":")",
                  coordinate, R"(","y":")", coordinate, R"("}]})")),
              HasSubstr("key 0 (kid \"e\"): not a valid EC public key"));
}

TEST_F(JwtKeysTest, RefusesAShortRsaKey) {
  ScratchDir dir;
  const std::string key = dir.Path("short.key");
  MustRun("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " +
          key);
  MustRun("openssl pkey -in " + key + " -pubout -out " + dir.Path("short.pub"));
  const std::string jwk = JwkOf(dir.Path("short.pub"), "short");
  EXPECT_THAT(JwksError(absl::StrCat(R"({"keys":[)", jwk, "]}")),
              HasSubstr("RSA keys must have at least 2048 bits; this one has "
                        "1024"));
  EXPECT_THAT(JwtKeySet::FromPem(ReadFileOrFail(dir.Path("short.pub")))
                  .status()
                  .message(),
              HasSubstr("at least 2048 bits"));
}

TEST_F(JwtKeysTest, RefusesTwoKeysWithOneKid) {
  EXPECT_THAT(JwksError(absl::StrCat(R"({"keys":[)", Jwk("rsa", "k"), ",",
                                     Jwk("ec", "k"), "]}")),
              HasSubstr("key 1 (kid \"k\"): another key has the same kid"));
}

TEST_F(JwtKeysTest, ReadsAPemKeyOfEitherType) {
  const absl::StatusOr<JwtKeySet> rsa = JwtKeySet::FromPem(Pem("rsa"));
  ASSERT_TRUE(rsa.ok()) << rsa.status();
  EXPECT_EQ(rsa->keys()[0].type, JwtKey::Type::kRsa);
  EXPECT_NE(rsa->Find("anything"), nullptr);
  const absl::StatusOr<JwtKeySet> ec = JwtKeySet::FromPem(Pem("ec384"));
  ASSERT_TRUE(ec.ok()) << ec.status();
  EXPECT_EQ(ec->keys()[0].curve, "P-384");
}

TEST_F(JwtKeysTest, RefusesAPemThatIsNotAPublicKeyOfAUsableType) {
  EXPECT_THAT(JwtKeySet::FromPem("not a key").status().message(),
              HasSubstr("expected a PEM public key"));
  // A private key is not what a verifier should be given.
  EXPECT_THAT(JwtKeySet::FromPem(ReadFileOrFail(dir_->Path("ec.key")))
                  .status()
                  .message(),
              HasSubstr("expected a PEM public key"));
  ScratchDir dir;
  MustRun("openssl genpkey -algorithm ED25519 -out " + dir.Path("ed.key"));
  MustRun("openssl pkey -in " + dir.Path("ed.key") + " -pubout -out " +
          dir.Path("ed.pub"));
  EXPECT_THAT(
      JwtKeySet::FromPem(ReadFileOrFail(dir.Path("ed.pub"))).status().message(),
      HasSubstr("must be an RSA or EC public key"));
  MustRun(
      "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1"
      " -out " +
      dir.Path("k1.key"));
  MustRun("openssl pkey -in " + dir.Path("k1.key") + " -pubout -out " +
          dir.Path("k1.pub"));
  EXPECT_THAT(
      JwtKeySet::FromPem(ReadFileOrFail(dir.Path("k1.pub"))).status().message(),
      HasSubstr("EC keys must be on P-256, P-384 or P-521"));
}

TEST_F(JwtKeysTest, FromFileTellsJwksFromPem) {
  ScratchDir dir;
  const std::string jwks = dir.Write(
      "jwks.json", absl::StrCat("\n  {\"keys\":[", Jwk("ec", "e1"), "]}"));
  const absl::StatusOr<JwtKeySet> from_jwks = JwtKeySet::FromFile(jwks);
  ASSERT_TRUE(from_jwks.ok()) << from_jwks.status();
  EXPECT_NE(from_jwks->Find("e1"), nullptr);
  const absl::StatusOr<JwtKeySet> from_pem =
      JwtKeySet::FromFile(dir_->Path("rsa.pub"));
  ASSERT_TRUE(from_pem.ok()) << from_pem.status();
  const std::string bad = dir.Write("bad.json", "{\"keys\": 1}");
  EXPECT_THAT(JwtKeySet::FromFile(bad).status().message(),
              HasSubstr(bad + ": a JWKS must be"));
  EXPECT_THAT(JwtKeySet::FromFile(dir.Path("absent")).status().message(),
              HasSubstr("cannot read the JWT key file"));
}

}  // namespace
}  // namespace trustfit::server::auth
