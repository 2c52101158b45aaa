#include "server/ops/policy_holder.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;

// The default policy under another version: a second valid policy.
std::string PolicyVersion(absl::string_view version) {
  return absl::StrReplaceAll(
      scoring::DefaultPolicyYaml(),
      {{"version: \"2026.12.1\"", absl::StrCat("version: \"", version, "\"")}});
}

class PolicyHolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/policy_holder_test_",
                         getpid(), ".yaml");
    std::remove(path_.c_str());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  // Replaces the file whole (a new inode), as an editor or ConfigMap does.
  void WriteFile(const std::string& text) {
    const std::string tmp = path_ + ".tmp";
    std::ofstream(tmp, std::ios::binary) << text;
    ASSERT_EQ(std::rename(tmp.c_str(), path_.c_str()), 0);
  }

  std::string path_;
};

TEST_F(PolicyHolderTest, WithoutAPathItServesTheEmbeddedDefault) {
  PolicyHolder holder("");
  EXPECT_FALSE(holder.from_file());
  EXPECT_EQ(holder.source(), "embedded");
  EXPECT_EQ(holder.Current().ref().content_hash(),
            scoring::Policy::Default().ref().content_hash());
  EXPECT_TRUE(holder.Reload().ok());
  EXPECT_TRUE(holder.ReloadIfChanged().ok());
}

TEST_F(PolicyHolderTest, ReloadingAGoodFileSwapsThePolicy) {
  WriteFile(PolicyVersion("2027.1.1"));
  PolicyHolder holder(path_);
  EXPECT_TRUE(holder.from_file());
  EXPECT_EQ(holder.source(), path_);
  const scoring::Policy before = holder.Current();
  ASSERT_TRUE(holder.Reload().ok());
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.1");
  // A snapshot taken earlier is untouched by the swap.
  EXPECT_EQ(before.ref().version(), "2026.12.1");
}

TEST_F(PolicyHolderTest, ABadFileKeepsTheOldPolicyAndSaysWhy) {
  WriteFile(PolicyVersion("2027.1.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.Reload().ok());
  WriteFile(absl::StrCat(PolicyVersion("2027.1.2"), "\nnot_a_policy_key: 1\n"));
  const absl::Status status = holder.Reload();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("not_a_policy_key"));
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.1");
}

TEST_F(PolicyHolderTest, AMissingFileIsNotFoundAndKeepsTheOldPolicy) {
  PolicyHolder holder(path_);
  const absl::Status status = holder.Reload();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr(path_));
  EXPECT_EQ(holder.Current().ref().version(), "2026.12.1");
  // Not retried until it changes.
  EXPECT_TRUE(holder.ReloadIfChanged().ok());
}

TEST_F(PolicyHolderTest, ReloadIfChangedLoadsOnlyAChangedFile) {
  WriteFile(PolicyVersion("2027.1.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.ReloadIfChanged().ok());
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.1");
  EXPECT_TRUE(holder.ReloadIfChanged().ok());
  WriteFile(PolicyVersion("2027.1.22"));
  ASSERT_TRUE(holder.ReloadIfChanged().ok());
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.22");
}

TEST_F(PolicyHolderTest, ABadFileIsReportedOnceUntilItChangesAgain) {
  WriteFile(PolicyVersion("2027.1.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.Reload().ok());
  WriteFile("name: [");
  EXPECT_FALSE(holder.ReloadIfChanged().ok());
  EXPECT_TRUE(holder.ReloadIfChanged().ok());  // Unchanged: quiet.
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.1");
  WriteFile(PolicyVersion("2027.1.3"));
  ASSERT_TRUE(holder.ReloadIfChanged().ok());
  EXPECT_EQ(holder.Current().ref().version(), "2027.1.3");
}

}  // namespace
}  // namespace trustfit::server
