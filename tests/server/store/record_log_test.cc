#include "server/store/record_log.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;

class RecordLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/record_log_test_",
                         getpid(), "-records");
    std::remove(path_.c_str());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  std::string path_;
};

TEST_F(RecordLogTest, AppendsOneAfterAnotherAndReadsBack) {
  auto log = RecordLog::Open(path_);
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ((*log)->end(), 0);
  const std::string a = "first record", b(100000, 'b'), c = "c";
  const auto first = (*log)->AppendAndSync({&a, &b});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 0);
  const auto second = (*log)->AppendAndSync({&c});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, static_cast<int64_t>(a.size() + b.size()));
  EXPECT_EQ(*(*log)->Read(0, a.size()), a);
  EXPECT_EQ(*(*log)->Read(a.size(), b.size()), b);
  EXPECT_EQ(*(*log)->Read(*second, 1), c);
}

TEST_F(RecordLogTest, ReopenedAppendsAfterWhatIsThere) {
  const std::string a = "abc";
  {
    auto log = RecordLog::Open(path_);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->AppendAndSync({&a}).ok());
  }
  auto log = RecordLog::Open(path_);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->end(), 3);
  EXPECT_EQ(*(*log)->AppendAndSync({&a}), 3);
  EXPECT_EQ(*(*log)->Read(0, 6), "abcabc");
}

TEST_F(RecordLogTest, ReadingPastTheEndIsDataLoss) {
  auto log = RecordLog::Open(path_);
  ASSERT_TRUE(log.ok());
  const std::string a = "abc";
  ASSERT_TRUE((*log)->AppendAndSync({&a}).ok());
  const auto past = (*log)->Read(2, 5);
  EXPECT_EQ(past.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(past.status().message(), HasSubstr(path_));
  EXPECT_THAT(past.status().message(), HasSubstr("ends before"));
  EXPECT_EQ((*log)->Read(-1, 2).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(RecordLogTest, AnUnopenablePathNamesItself) {
  const auto log = RecordLog::Open("/nonexistent-dir/x-records");
  EXPECT_EQ(log.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(log.status().message(), HasSubstr("/nonexistent-dir/x-records"));
}

}  // namespace
}  // namespace trustfit::server
