#include "server/store/reader_pool.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

using ::testing::ElementsAre;

class ReaderPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        absl::StrCat(::testing::TempDir(), "/reader_pool_", getpid(), ".db");
    RemoveFiles();
    database_ = OpenSqliteDatabase(path_);
  }
  void TearDown() override {
    database_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path_ + suffix).c_str());
  }
  std::unique_ptr<ReaderPool> Open(int readers) {
    absl::StatusOr<std::unique_ptr<ReaderPool>> pool =
        ReaderPool::Open(database_.get(), readers);
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  std::string path_;
  std::unique_ptr<SqlDatabase> database_;
};

TEST_F(ReaderPoolTest, ReadsRunOnThePoolsThreadsWithItsConnections) {
  std::unique_ptr<ReaderPool> pool = Open(2);
  ASSERT_NE(pool, nullptr);
  std::promise<std::thread::id> ran_on;
  std::promise<bool> read_ok;
  ASSERT_TRUE(pool->Enqueue([&] {
    ran_on.set_value(std::this_thread::get_id());
    ReaderPool::Connection reader(pool.get());
    read_ok.set_value(reader->Query("SELECT 1", {}).ok());
  }));
  EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
  EXPECT_TRUE(read_ok.get_future().get());
}

TEST_F(ReaderPoolTest, RefusesReadsBeyondTheBoundAndRunsTheQueuedOnStop) {
  std::unique_ptr<ReaderPool> pool = Open(1);
  ASSERT_NE(pool, nullptr);
  absl::Notification started, release;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool->Enqueue([&] {
    started.Notify();
    release.WaitForNotification();
    ++ran;
  }));
  started.WaitForNotification();  // The one thread is busy.
  for (size_t i = 0; i < ReaderPool::kMaxQueuedReads; ++i) {
    ASSERT_TRUE(pool->Enqueue([&] { ++ran; })) << i;
  }
  EXPECT_FALSE(pool->Enqueue([&] { ++ran; }));
  release.Notify();
  pool->Stop();
  EXPECT_EQ(ran.load(), static_cast<int>(ReaderPool::kMaxQueuedReads) + 1);
}

TEST_F(ReaderPoolTest, HealthIsReportedOnlyOnAChangeAndNotForBadRequests) {
  std::unique_ptr<ReaderPool> pool = Open(0);  // No prober to interfere.
  ASSERT_NE(pool, nullptr);
  std::vector<bool> heard;
  pool->SetHealthObserver([&heard](bool healthy) { heard.push_back(healthy); });
  pool->NoteOutcome(absl::OkStatus());
  pool->NoteOutcome(absl::NotFoundError("no such record"));
  pool->NoteOutcome(absl::InvalidArgumentError("bad filter"));
  pool->NoteOutcome(absl::UnavailableError("database down"));
  pool->NoteOutcome(absl::InternalError("still down"));
  pool->NoteOutcome(absl::OkStatus());
  EXPECT_THAT(heard, ElementsAre(false, true));
}

TEST_F(ReaderPoolTest, WhileUnhealthyAnIdleReaderTriesTheDatabase) {
  std::unique_ptr<ReaderPool> pool = Open(1);
  ASSERT_NE(pool, nullptr);
  absl::Notification recovered;
  pool->SetHealthObserver([&recovered](bool healthy) {
    if (healthy) recovered.Notify();
  });
  pool->NoteOutcome(absl::UnavailableError("database down"));
  // The database is in fact fine: the probe, every 2 s, finds it so.
  EXPECT_TRUE(recovered.WaitForNotificationWithTimeout(absl::Seconds(10)));
}

}  // namespace
}  // namespace trustfit::server
