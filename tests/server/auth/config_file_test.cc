#include "server/auth/config_file.h"

#include <sys/stat.h>
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

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/config_file_test_",
                         getpid());
    std::remove(path_.c_str());
  }
  void TearDown() override {
    std::remove(path_.c_str());
    rmdir(path_.c_str());
  }
  std::string path_;
};

TEST_F(ConfigFileTest, ReadsAWholeFile) {
  std::ofstream(path_) << "a b\nc\n";
  const auto text = ReadConfigFile(path_, "tokens file");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "a b\nc\n");
}

TEST_F(ConfigFileTest, AMissingFileIsNotFoundAndNamed) {
  const auto text = ReadConfigFile(path_, "tokens file");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(text.status().message(),
              HasSubstr(absl::StrCat("cannot read the tokens file ", path_)));
}

TEST_F(ConfigFileTest, ADirectoryIsNotARegularFile) {
  ASSERT_EQ(mkdir(path_.c_str(), 0700), 0);
  const auto text = ReadConfigFile(path_, "role bindings file");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("is not a regular file"));
}

TEST_F(ConfigFileTest, AFifoFailsAtOnceInsteadOfWaitingForAWriter) {
  ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
  const auto text = ReadConfigFile(path_, "tokens file");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("is not a regular file"));
}

TEST_F(ConfigFileTest, AFileLargerThanTheBoundIsRefused) {
  std::ofstream(path_) << std::string(kMaxConfigFileBytes + 1, '#');
  const auto text = ReadConfigFile(path_, "tokens file");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("is larger than"));
}

TEST_F(ConfigFileTest, AFileAtTheBoundIsRead) {
  std::ofstream(path_) << std::string(kMaxConfigFileBytes, '#');
  const auto text = ReadConfigFile(path_, "tokens file");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size(), kMaxConfigFileBytes);
}

TEST(SplitConfigLinesTest, SkipsBlankAndCommentLinesAndKeepsLineNumbers) {
  const auto lines =
      SplitConfigLines("# header\n\n a\tb  c # note\r\n   \nd\n#e f\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].number, 3);
  EXPECT_THAT(lines[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(lines[1].number, 5);
  EXPECT_THAT(lines[1].fields, ElementsAre("d"));
}

TEST(LineErrorTest, NamesTheSourceLineAndField) {
  const absl::Status status = LineError("tokens", 7, "roles", "is missing");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "tokens line 7, field roles: is missing");
}

TEST(PrincipalFieldTest, AcceptsANameAndTheWildcardOnlyWhenAllowed) {
  const ConfigLine line{4, {"mtls", "*"}};
  const auto any = PrincipalField("f", line, 1, true);
  ASSERT_TRUE(any.ok()) << any.status();
  EXPECT_EQ(*any, "*");
  const ConfigLine named{4, {"mtls", "alice"}};
  const auto alice = PrincipalField("f", named, 1, false);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(*alice, "alice");
}

TEST(PrincipalFieldTest, RefusesAMissingOrInvalidName) {
  const ConfigLine short_line{2, {"mtls"}};
  EXPECT_THAT(PrincipalField("f", short_line, 1, true).status().message(),
              HasSubstr("f line 2, field principal: is missing"));
  const ConfigLine control{3, {"mtls", "a\x01"}};
  EXPECT_THAT(PrincipalField("f", control, 1, true).status().message(),
              HasSubstr("f line 3, field principal:"));
  const std::string too_long(300, 'x');
  const ConfigLine long_line{4, {"mtls", too_long}};
  EXPECT_FALSE(PrincipalField("f", long_line, 1, true).ok());
}

TEST(RolesFieldTest, ParsesCommaSeparatedRolesInTheLastField) {
  const ConfigLine line{1, {"jwt", "alice", "viewer,admin"}};
  const auto roles = RolesField("f", line, 2);
  ASSERT_TRUE(roles.ok()) << roles.status();
  EXPECT_EQ(roles->ToString(), "viewer,admin");
}

TEST(RolesFieldTest, RefusesMissingExtraOrUnknownRoles) {
  EXPECT_THAT(
      RolesField("f", ConfigLine{1, {"jwt", "a"}}, 2).status().message(),
      HasSubstr("f line 1, field roles: is missing"));
  EXPECT_THAT(RolesField("f", ConfigLine{2, {"jwt", "a", "viewer", "admin"}}, 2)
                  .status()
                  .message(),
              HasSubstr("is followed by more fields"));
  EXPECT_THAT(RolesField("f", ConfigLine{3, {"jwt", "a", "root"}}, 2)
                  .status()
                  .message(),
              HasSubstr("f line 3, field roles:"));
}

}  // namespace
}  // namespace trustfit::server::auth
