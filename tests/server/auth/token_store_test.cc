// The tokens file, the role bindings file and how both are read.

#include "server/auth/token_store.h"

#include <sys/stat.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/auth_status.h"
#include "server/auth/config_file.h"
#include "server/auth/role_bindings.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server::auth {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::trustfit::testing::MustRun;
using ::trustfit::testing::ScratchDir;
using ::trustfit::v1::ROLE_ADMIN;
using ::trustfit::v1::ROLE_ASSESSOR;
using ::trustfit::v1::ROLE_VIEWER;

constexpr char kCiToken[] = "ci-3q2+vP9_kT0yWm8dE4rXbN7aL1sH6uJg";
constexpr char kAliceToken[] = "alice-Zx5cV8bN2mQ4wE7rT1yU9iO3pA6sD0fG";

std::string TokensFile() {
  return absl::StrCat("# TrustFit bearer tokens\n\n", TokenHash(kCiToken),
                      "  ci-pipeline  viewer   # nightly batch\n",
                      TokenHash(kAliceToken), "\talice@trust.example\t",
                      "assessor,admin\n");
}

TEST(TokenHash, IsWhatTheDocumentedShellCommandPrints) {
  const std::string hash = MustRun(
      absl::StrCat("printf %s '", kCiToken, "' | sha256sum | cut -d' ' -f1"));
  EXPECT_EQ(TokenHash(kCiToken), absl::StrCat("sha256:", hash.substr(0, 64)));
}

TEST(TokenStore, AuthenticatesAKnownToken) {
  const absl::StatusOr<TokenStore> store =
      TokenStore::FromText(TokensFile(), "tokens");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->size(), 2u);
  const absl::StatusOr<Principal> ci = store->Authenticate(kCiToken);
  ASSERT_TRUE(ci.ok()) << ci.status();
  EXPECT_EQ(ci->name, "ci-pipeline");
  EXPECT_EQ(ci->roles, RoleSet{ROLE_VIEWER});
  EXPECT_EQ(ci->method, AuthMethod::kToken);
  const absl::StatusOr<Principal> alice = store->Authenticate(kAliceToken);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->name, "alice@trust.example");
  EXPECT_EQ(alice->roles, (RoleSet{ROLE_ASSESSOR, ROLE_ADMIN}));
}

// Unknown, nearly right, the stored hash itself, empty: all refused alike,
// so the answer never tells whether a token exists.
TEST(TokenStore, RefusesEveryOtherTokenTheSameWay) {
  const TokenStore store = *TokenStore::FromText(TokensFile(), "tokens");
  std::string one_off = kCiToken;
  one_off.back() ^= 1;
  const std::string hash = TokenHash(kCiToken);
  for (const std::string& token :
       {std::string("unknown"), one_off, hash, hash.substr(7),
        std::string(kCiToken) + " ", std::string()}) {
    const absl::StatusOr<Principal> principal = store.Authenticate(token);
    ASSERT_FALSE(principal.ok()) << token;
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(principal.status().message(), kTokenInvalidMessage);
    EXPECT_EQ(scoring::ErrorReasonOf(principal.status()).reason,
              "TOKEN_INVALID");
  }
}

TEST(TokenStore, AnEmptyFileAuthenticatesNobody) {
  const TokenStore store = *TokenStore::FromText("# none yet\n", "tokens");
  EXPECT_EQ(store.size(), 0u);
  EXPECT_FALSE(store.Authenticate(kCiToken).ok());
}

TEST(TokenStore, ReadsAFile) {
  ScratchDir dir;
  const std::string path = dir.Write("tokens", TokensFile());
  const absl::StatusOr<TokenStore> store = TokenStore::FromFile(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(store->Authenticate(kCiToken).ok());
}

struct Malformed {
  const char* line;
  const char* error;

  friend void PrintTo(const Malformed& malformed, std::ostream* out) {
    *out << malformed.line;
  }
};

class MalformedTokensFile : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedTokensFile, NamesTheLineAndTheField) {
  const std::string text = absl::StrCat(
      "# header\n", TokenHash(kCiToken), " ci viewer\n",
      absl::StrReplaceAll(GetParam().line, {{"HASH", TokenHash(kAliceToken)},
                                            {"CI", TokenHash(kCiToken)}}),
      "\n");
  const absl::StatusOr<TokenStore> store =
      TokenStore::FromText(text, "/etc/trustfit/tokens");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.status().message(),
            absl::StrCat("/etc/trustfit/tokens line 3, ", GetParam().error));
  // The error never repeats a hash (nor, so, anything derived from a token).
  EXPECT_THAT(std::string(store.status().message()),
              Not(ContainsRegex("[0-9a-f]{64}")));
}

INSTANTIATE_TEST_SUITE_P(
    Lines, MalformedTokensFile,
    ::testing::Values(
        Malformed{"alice-token alice viewer",
                  "field hash: expected \"sha256:\" and 64 hex digits (the "
                  "token's SHA-256, never the token)"},
        Malformed{"sha256:abc alice viewer",
                  "field hash: expected \"sha256:\" and 64 hex digits (the "
                  "token's SHA-256, never the token)"},
        Malformed{"sha512:0000 alice viewer",
                  "field hash: expected \"sha256:\" and 64 hex digits (the "
                  "token's SHA-256, never the token)"},
        Malformed{"HASH", "field principal: is missing"},
        Malformed{"HASH alice",
                  "field roles: is missing (viewer, assessor or admin, "
                  "comma-separated)"},
        Malformed{"HASH alice viewer, admin",
                  "field roles: is followed by more fields (separate roles "
                  "with commas, no spaces)"},
        Malformed{"HASH alice admn",
                  "field roles: unknown role \"admn\" (the roles are viewer, "
                  "assessor and admin)"},
        Malformed{"CI ci-again viewer",
                  "field hash: the same token is listed on an earlier line"}));

TEST(TokenStore, RefusesAPrincipalThatIsNotAName) {
  const std::string text = absl::StrCat(TokenHash(kCiToken), " ",
                                        std::string(300, 'x'), " viewer\n");
  EXPECT_THAT(TokenStore::FromText(text, "tokens").status().message(),
              HasSubstr("tokens line 1, field principal: is longer than 256"));
}

TEST(TokenStore, AcceptsUpperCaseHex) {
  std::string hash = TokenHash(kCiToken);
  for (char& c : hash.replace(0, 7, "")) c = absl::ascii_toupper(c);
  const absl::StatusOr<TokenStore> store =
      TokenStore::FromText(absl::StrCat("sha256:", hash, " ci viewer"), "t");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(store->Authenticate(kCiToken).ok());
}

TEST(ReadConfigFile, SaysWhatIsMissingAndWhere) {
  ScratchDir dir;
  const absl::StatusOr<TokenStore> missing =
      TokenStore::FromFile(dir.Path("absent"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(),
              HasSubstr("cannot read the tokens file " + dir.Path("absent")));
  const absl::StatusOr<std::string> directory =
      ReadConfigFile(dir.Path(""), "tokens file");
  EXPECT_THAT(directory.status().message(), HasSubstr("not a regular file"));
}

TEST(ReadConfigFile, RefusesAFileTooLargeToBeOne) {
  ScratchDir dir;
  const std::string path =
      dir.Write("huge", std::string(kMaxConfigFileBytes + 1, '#'));
  EXPECT_THAT(ReadConfigFile(path, "tokens file").status().message(),
              HasSubstr("is larger than"));
}

TEST(ReadConfigFile, RefusesAFifoWithoutWaitingForAWriter) {
  ScratchDir dir;
  const std::string path = dir.Path("fifo");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  EXPECT_THAT(ReadConfigFile(path, "tokens file").status().message(),
              HasSubstr("is not a regular file"));
}

TEST(ReadConfigFile, RefusesAnUnreadableFile) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  ScratchDir dir;
  const std::string path = dir.Write("secret", "x");
  chmod(path.c_str(), 0);
  EXPECT_EQ(ReadConfigFile(path, "tokens file").status().code(),
            absl::StatusCode::kPermissionDenied);
}

constexpr char kBindings[] = R"(# method principal roles
mtls spiffe://trust.example/ns/trustfit/sa/batch assessor
mtls *                                          viewer
jwt  system:serviceaccount:trustfit:reporter     viewer
jwt  system:serviceaccount:trustfit:reporter     admin
)";

TEST(RoleBindings, GivesTheRolesBoundToAPrincipalAndToAny) {
  const absl::StatusOr<RoleBindings> bindings =
      RoleBindings::FromText(kBindings, "roles");
  ASSERT_TRUE(bindings.ok()) << bindings.status();
  EXPECT_EQ(bindings->size(), 4u);
  EXPECT_EQ(bindings->RolesFor(AuthMethod::kMtls,
                               "spiffe://trust.example/ns/trustfit/sa/batch"),
            (RoleSet{ROLE_VIEWER, ROLE_ASSESSOR}));
  EXPECT_EQ(bindings->RolesFor(AuthMethod::kMtls, "anyone"),
            RoleSet{ROLE_VIEWER});
  EXPECT_EQ(bindings->RolesFor(AuthMethod::kJwt,
                               "system:serviceaccount:trustfit:reporter"),
            (RoleSet{ROLE_VIEWER, ROLE_ADMIN}));
  // A binding is for one method: a JWT cannot borrow a certificate's roles.
  EXPECT_TRUE(bindings
                  ->RolesFor(AuthMethod::kJwt,
                             "spiffe://trust.example/ns/trustfit/sa/batch")
                  .empty());
  EXPECT_TRUE(RoleBindings().RolesFor(AuthMethod::kMtls, "x").empty());
}

TEST(RoleBindings, ReadsAFile) {
  ScratchDir dir;
  const absl::StatusOr<RoleBindings> bindings =
      RoleBindings::FromFile(dir.Write("roles", kBindings));
  ASSERT_TRUE(bindings.ok()) << bindings.status();
  EXPECT_EQ(bindings->size(), 4u);
  EXPECT_THAT(RoleBindings::FromFile(dir.Path("absent")).status().message(),
              HasSubstr("cannot read the role bindings file"));
}

TEST(RoleBindings, NamesTheLineAndTheFieldOfAnError) {
  const std::pair<const char*, const char*> cases[] = {
      {"token ci viewer",
       "roles line 1, field method: expected mtls or jwt (bearer tokens have "
       "their roles in the tokens file)"},
      {"mtls", "roles line 1, field principal: is missing"},
      {"mtls alice", "roles line 1, field roles: is missing"},
      {"jwt alice viewer extra", "roles line 1, field roles: is followed"},
      {"jwt alice root", "roles line 1, field roles: unknown role \"root\""},
  };
  for (const auto& [text, error] : cases) {
    EXPECT_THAT(RoleBindings::FromText(text, "roles").status().message(),
                HasSubstr(error))
        << text;
  }
}

TEST(SplitConfigLines, SkipsCommentsAndBlankLinesKeepingLineNumbers) {
  const std::vector<ConfigLine> lines =
      SplitConfigLines("# c\n\n  a b # c\r\n\t\nc\td");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].number, 3);
  EXPECT_THAT(lines[0].fields, ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(lines[1].number, 5);
  EXPECT_THAT(lines[1].fields, ::testing::ElementsAre("c", "d"));
}

}  // namespace
}  // namespace trustfit::server::auth
