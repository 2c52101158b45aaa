#include "server/store/record_names.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

using ::testing::MatchesRegex;

constexpr char kNamePattern[] = "assessments/[0-9a-f]{16}";

TEST(RecordNames, RandomNamesAreSixteenHexDigitsAndDiffer) {
  RecordNames names(/*time_ordered=*/false);
  const std::string a = names.NewName(), b = names.NewName();
  EXPECT_THAT(a, MatchesRegex(kNamePattern));
  EXPECT_THAT(b, MatchesRegex(kNamePattern));
  EXPECT_NE(a, b);
}

TEST(RecordNames, TimeOrderedNamesStrictlyIncrease) {
  RecordNames names(/*time_ordered=*/true);
  std::string last = names.NewName();
  EXPECT_THAT(last, MatchesRegex(kNamePattern));
  for (int i = 0; i < 1000; ++i) {
    const std::string next = names.NewName();
    ASSERT_LT(last, next);
    last = next;
  }
}

TEST(RecordNames, TimeOrderedNamesAreUniqueAcrossThreads) {
  RecordNames names(/*time_ordered=*/true);
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& mine : made) {
    threads.emplace_back([&names, &mine] {
      for (int i = 0; i < 500; ++i) mine.push_back(names.NewName());
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& mine : made) all.insert(mine.begin(), mine.end());
  EXPECT_EQ(all.size(), 2000u);
}

TEST(RecordNames, TimeOrderedNamesContinueAboveTheNewestStored) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/record_names_", getpid(), ".db");
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((path + suffix).c_str());
  {
    std::unique_ptr<SqlDatabase> database = OpenSqliteDatabase(path);
    absl::StatusOr<std::unique_ptr<SqlConnection>> connection =
        database->Connect();
    ASSERT_TRUE(connection.ok()) << connection.status();
    ASSERT_TRUE(Migrate(connection->get()).ok());
    // A name made an hour ahead, as by a clock that has since stepped back.
    const uint64_t ahead =
        static_cast<uint64_t>(absl::ToUnixMicros(absl::Now() + absl::Hours(1)))
        << 8;
    const std::string stored = absl::StrCat(absl::Hex(ahead, absl::kZeroPad16));
    ASSERT_TRUE((*connection)
                    ->Query("INSERT INTO assessments (id, urn, cluster_id, "
                            "create_time_us, record) VALUES ($1, 'u', 'c', 0, "
                            "$2)",
                            {stored, SqlBytes{"x"}})
                    .ok());
    RecordNames names(/*time_ordered=*/true);
    ASSERT_TRUE(names.ContinueNames(connection->get()).ok());
    EXPECT_GT(names.NewName(), "assessments/" + stored);
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((path + suffix).c_str());
}

}  // namespace
}  // namespace trustfit::server
