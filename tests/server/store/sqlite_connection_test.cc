// The SQLite backend's own behaviour: checkpoints on a background thread.

#include "server/store/sqlite_connection.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

int64_t FileSize(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? info.st_size : -1;
}

class SqliteCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/checkpoint_", getpid(), ".db");
    RemoveFiles();
  }
  void TearDown() override {
    connection_.reset();
    database_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path_ + suffix).c_str());
  }

  // Opens the database with the given threshold and one connection to it,
  // with an empty table `t`; the size of the file then.
  void Open(int checkpoint_pages) {
    database_ = OpenSqliteDatabase(path_, checkpoint_pages);
    absl::StatusOr<std::unique_ptr<SqlConnection>> connection =
        database_->Connect();
    ASSERT_TRUE(connection.ok()) << connection.status();
    connection_ = *std::move(connection);
    ASSERT_TRUE(connection_->Exec("CREATE TABLE t (b BLOB NOT NULL)").ok());
    empty_size_ = FileSize(path_);
  }

  // Commits `rows` transactions of one 64 KB row each.
  void Write(int rows) {
    const std::string blob(64 * 1024, 'x');
    for (int i = 0; i < rows; ++i) {
      ASSERT_TRUE(connection_->Exec("BEGIN IMMEDIATE").ok());
      ASSERT_TRUE(
          connection_->Query("INSERT INTO t (b) VALUES ($1)", {SqlBytes{blob}})
              .ok());
      ASSERT_TRUE(connection_->Exec("COMMIT").ok());
    }
  }

  std::string path_;
  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<SqlConnection> connection_;
  int64_t empty_size_ = 0;
};

TEST_F(SqliteCheckpointTest, CopiesTheWalIntoTheDatabaseInTheBackground) {
  // 40 pages (640 KB) wake the checkpointer; 30 rows of 64 KB pass that
  // but stay far below SQLite's own default of 1,000 pages, so only the
  // background checkpointer can move them into the database file.
  Open(/*checkpoint_pages=*/40);
  Write(30);

  // The last commits after the last checkpoint (under 40 pages) may stay in
  // the WAL; at least 20 of the 30 rows must have reached the file.
  const int64_t expected = empty_size_ + 20 * 64 * 1024;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (FileSize(path_) < expected && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_GE(FileSize(path_), expected) << "the rows are still only in the WAL";
}

TEST_F(SqliteCheckpointTest, NoCheckpointBelowTheThreshold) {
  Open(/*checkpoint_pages=*/4000);
  Write(30);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_LT(FileSize(path_), empty_size_ + 64 * 1024);
}

TEST_F(SqliteCheckpointTest, TheWalStaysBoundedUnderAFastWriter) {
  // Whether the background thread keeps up or the committing connection
  // checkpoints itself (at four times the threshold), the WAL is reused
  // rather than grown: without checkpoints it would hold all 12.5 MB.
  Open(/*checkpoint_pages=*/10);
  Write(200);  // 200 x 64 KB.
  // Measured with the connection open: closing the last one removes the WAL.
  EXPECT_GT(FileSize(path_ + "-wal"), 0);
  EXPECT_LT(FileSize(path_ + "-wal"), 4 * 1024 * 1024);
}

}  // namespace
}  // namespace trustfit::server
