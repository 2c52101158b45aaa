// The schema's steps on their own; from an older schema through a whole
// store, see MigrationTest in assessment_store_test.cc.

#include "server/store/migrations.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrCat(::testing::TempDir(), "/migrations_", getpid(), ".db");
    RemoveFiles();
    database_ = OpenSqliteDatabase(path_);
    absl::StatusOr<std::unique_ptr<SqlConnection>> connection =
        database_->Connect();
    ASSERT_TRUE(connection.ok()) << connection.status();
    connection_ = *std::move(connection);
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

  std::string path_;
  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<SqlConnection> connection_;
};

TEST_F(MigrationsTest, TheLatestVersionHasDecisionsAndArrangements) {
  EXPECT_GE(LatestSchemaVersion(), 5);
}

TEST_F(MigrationsTest, StepsOneVersionAtATime) {
  for (int version = 1; version <= LatestSchemaVersion(); ++version) {
    ASSERT_TRUE(Migrate(connection_.get(), version).ok());
    EXPECT_EQ(*SchemaVersion(connection_.get()), version);
  }
}

TEST_F(MigrationsTest, ATargetBelowTheCurrentVersionChangesNothing) {
  ASSERT_TRUE(Migrate(connection_.get()).ok());
  ASSERT_TRUE(Migrate(connection_.get(), 1).ok());
  EXPECT_EQ(*SchemaVersion(connection_.get()), LatestSchemaVersion());
}

TEST_F(MigrationsTest, RefusesASchemaNewerThanTheServerAndLeavesIt) {
  ASSERT_TRUE(Migrate(connection_.get()).ok());
  ASSERT_TRUE(connection_
                  ->Query("INSERT INTO schema_migrations (version, "
                          "applied_at_us) VALUES ($1, 0)",
                          {int64_t{LatestSchemaVersion() + 1}})
                  .ok());
  const absl::Status refused = Migrate(connection_.get());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_EQ(*SchemaVersion(connection_.get()), LatestSchemaVersion() + 1);
  // The transaction was rolled back: the connection takes a new one.
  EXPECT_TRUE(connection_->Exec("BEGIN").ok());
  EXPECT_TRUE(connection_->Exec("ROLLBACK").ok());
}

}  // namespace
}  // namespace trustfit::server
