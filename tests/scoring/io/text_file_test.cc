#include "scoring/io/text_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::io {
namespace {

using ::testing::HasSubstr;

class TextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/text_file_test_",
                         getpid());
    std::remove(path_.c_str());
  }
  void TearDown() override {
    std::remove(path_.c_str());
    rmdir(path_.c_str());
  }
  static TextFileOptions Holding(absl::string_view what) {
    TextFileOptions options;
    options.what = what;
    return options;
  }
  std::string path_;
};

TEST_F(TextFileTest, ReadsAWholeFileByteForByte) {
  const std::string bytes("a b\r\n\0c\xff", 8);
  std::ofstream(path_, std::ios::binary) << bytes;
  const absl::StatusOr<std::string> text = ReadTextFile(path_);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, bytes);
}

TEST_F(TextFileTest, AnEmptyFileIsEmptyText) {
  std::ofstream(path_).flush();
  const absl::StatusOr<std::string> text = ReadTextFile(path_);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "");
}

TEST_F(TextFileTest, AMissingFileIsNotFoundWithWhatItHoldsAndTheReason) {
  const absl::StatusOr<std::string> text =
      ReadTextFile(path_, Holding("the tokens file"));
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(text.status().message(),
            absl::StrCat("cannot read the tokens file ", path_,
                         ": No such file or directory"));
}

TEST_F(TextFileTest, WithoutWhatTheMessageNamesOnlyThePath) {
  const absl::StatusOr<std::string> text = ReadTextFile(path_);
  EXPECT_EQ(text.status().message(),
            absl::StrCat("cannot read ", path_, ": No such file or directory"));
}

TEST_F(TextFileTest, ADirectoryIsNotARegularFile) {
  ASSERT_EQ(mkdir(path_.c_str(), 0700), 0);
  const absl::StatusOr<std::string> text = ReadTextFile(path_);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("is not a regular file"));
}

TEST_F(TextFileTest, ADirectoryIsRefusedWithItsReasonWhenPipesAreAllowed) {
  ASSERT_EQ(mkdir(path_.c_str(), 0700), 0);
  TextFileOptions options;
  options.regular_only = false;
  const absl::StatusOr<std::string> text = ReadTextFile(path_, options);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr(": Is a directory"));
}

TEST_F(TextFileTest, AFifoFailsAtOnceInsteadOfWaitingForAWriter) {
  ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
  const absl::StatusOr<std::string> text = ReadTextFile(path_);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("is not a regular file"));
}

TEST_F(TextFileTest, AFifoIsReadToItsEndWhenPipesAreAllowed) {
  ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
  std::thread writer([this] { std::ofstream(path_) << "from a pipe\n"; });
  TextFileOptions options;
  options.regular_only = false;
  const absl::StatusOr<std::string> text = ReadTextFile(path_, options);
  writer.join();
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "from a pipe\n");
}

TEST_F(TextFileTest, AFileLargerThanTheBoundIsRefused) {
  TextFileOptions options = Holding("the policy file");
  options.max_bytes = 1000;
  std::ofstream(path_) << std::string(1001, '#');
  const absl::StatusOr<std::string> text = ReadTextFile(path_, options);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      text.status().message(),
      absl::StrCat("the policy file ", path_, " is larger than 1000 bytes"));
}

TEST_F(TextFileTest, AFileAtTheBoundIsRead) {
  TextFileOptions options;
  options.max_bytes = 1000;
  std::ofstream(path_) << std::string(1000, '#');
  const absl::StatusOr<std::string> text = ReadTextFile(path_, options);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size(), 1000u);
}

}  // namespace
}  // namespace trustfit::io
