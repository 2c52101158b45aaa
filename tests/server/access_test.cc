// Access control as the server's options configure it: which methods are
// on, where an unauthenticated server may listen, and errors that name the
// option they come from.

#include "server/access.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/token_store.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::ScratchDir;

AccessConfig Quiet() {
  AccessConfig config;
  config.audit_log = "off";
  return config;
}

TEST(IsLoopbackAddressTest, OnlyThisMachineCanReachThem) {
  for (const char* listen :
       {"127.0.0.1:50051", "127.8.9.10:1", "localhost:50051", "[::1]:50051",
        "unix:/run/trustfit.sock", "unix-abstract:trustfit",
        "ipv4:127.0.0.1:50051", "dns:localhost:50051"}) {
    EXPECT_TRUE(IsLoopbackAddress(listen)) << listen;
  }
  for (const char* listen :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.7:50051", "128.0.0.1:50051",
        "127.0.0:50051", "trustfit.internal:50051", "[::2]:50051"}) {
    EXPECT_FALSE(IsLoopbackAddress(listen)) << listen;
  }
}

TEST(AccessTest, WithNoOptionsNothingIsOnAndOnlyLoopbackIsServed) {
  const absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(Quiet());
  ASSERT_TRUE(access.ok()) << access.status();
  EXPECT_EQ((*access)->Describe(), "none");
  EXPECT_FALSE((*access)->tls());
  EXPECT_TRUE((*access)->CheckExposure("127.0.0.1:50051").ok());
  const absl::Status open = (*access)->CheckExposure("0.0.0.0:50051");
  EXPECT_EQ(open.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(open.message(), HasSubstr("refusing to serve 0.0.0.0:50051"));
  EXPECT_THAT(open.message(), HasSubstr("--allow-unauthenticated"));
}

TEST(AccessTest, AllowUnauthenticatedServesAnyAddress) {
  AccessConfig config = Quiet();
  config.allow_unauthenticated = true;
  const absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(config);
  ASSERT_TRUE(access.ok()) << access.status();
  EXPECT_TRUE((*access)->CheckExposure("0.0.0.0:50051").ok());
}

TEST(AccessTest, BearerTokensTurnAuthenticationOnForEveryAddress) {
  const ScratchDir dir;
  AccessConfig config = Quiet();
  config.tokens_file = dir.Write(
      "tokens", absl::StrCat(auth::TokenHash("a-long-enough-secret-token-1234"),
                             " ci viewer\n"));
  const absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(config);
  ASSERT_TRUE(access.ok()) << access.status();
  EXPECT_EQ((*access)->Describe(), "token");
  EXPECT_TRUE((*access)->CheckExposure("0.0.0.0:50051").ok());
}

TEST(AccessTest, AnUnreadableTokensFileNamesItsOption) {
  AccessConfig config = Quiet();
  config.tokens_file = "/no/such/tokens";
  const absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(config);
  EXPECT_EQ(access.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(access.status().message(),
              HasSubstr("--auth-tokens: cannot read the tokens file "
                        "/no/such/tokens: No such file or directory"));
}

TEST(AccessTest, OptionsThatNeedEachOtherSaySo) {
  const struct {
    void (*set)(AccessConfig*);
    const char* says;
  } cases[] = {
      {[](AccessConfig* c) { c->tls_cert = "/x/cert.pem"; },
       "--tls-cert and --tls-key go together"},
      {[](AccessConfig* c) { c->tls_client_ca = "/x/ca.pem"; },
       "--tls-client-ca needs TLS"},
      {[](AccessConfig* c) {
         c->jwks_file = "/x/jwks.json";
         c->jwt_public_key_file = "/x/key.pem";
       },
       "give one source of the keys"},
      {[](AccessConfig* c) { c->jwt_issuer = "https://login.example"; },
       "need the keys that sign the tokens"},
  };
  for (const auto& c : cases) {
    AccessConfig config = Quiet();
    c.set(&config);
    const absl::StatusOr<std::unique_ptr<Access>> access =
        Access::Build(config);
    EXPECT_EQ(access.status().code(), absl::StatusCode::kInvalidArgument)
        << c.says;
    EXPECT_THAT(access.status().message(), HasSubstr(c.says));
  }
}

TEST(AccessTest, AnAuditLogThatCannotBeOpenedNamesItsOption) {
  AccessConfig config = Quiet();
  config.audit_log = "/no/such/dir/audit.log";
  const absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(config);
  EXPECT_FALSE(access.ok());
  EXPECT_THAT(access.status().message(), HasSubstr("--audit-log: "));
}

}  // namespace
}  // namespace trustfit::server
