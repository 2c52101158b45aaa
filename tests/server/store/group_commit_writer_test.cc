#include "server/store/group_commit_writer.h"

#include <unistd.h>

#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

class GroupCommitWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        absl::StrCat(::testing::TempDir(), "/group_commit_", getpid(), ".db");
    RemoveFiles();
    database_ = OpenSqliteDatabase(path_);
    reader_ = Connect();
    ASSERT_NE(reader_, nullptr);
    ASSERT_TRUE(Migrate(reader_.get()).ok());
  }
  void TearDown() override {
    reader_.reset();
    database_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path_ + suffix).c_str());
  }
  std::unique_ptr<SqlConnection> Connect() {
    absl::StatusOr<std::unique_ptr<SqlConnection>> connection =
        database_->Connect();
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? *std::move(connection) : nullptr;
  }
  // A writer whose observer adds up the records of each transaction, and
  // whose outcomes are kept.
  std::unique_ptr<GroupCommitWriter> Start() {
    return std::make_unique<GroupCommitWriter>(
        Connect(), nullptr,
        [this](int records, double, bool ok) {
          absl::MutexLock lock(&mu_);
          (ok ? committed_ : failed_) += records;
        },
        [this](const absl::Status& status) {
          absl::MutexLock lock(&mu_);
          outcomes_.push_back(status);
        });
  }
  int64_t Rows() {
    auto rows = reader_->Query("SELECT COUNT(*) FROM assessments", {});
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? std::stoll((*rows)[0][0].value_or("-1")) : -1;
  }
  static NewRecord Record(const std::string& id) {
    NewRecord record;
    record.id = id;
    record.urn = "137001";
    record.cluster_id = "north";
    record.bytes = "bytes of " + id;
    return record;
  }

  std::string path_;
  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<SqlConnection> reader_;
  absl::Mutex mu_;
  int committed_ ABSL_GUARDED_BY(mu_) = 0;
  int failed_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<absl::Status> outcomes_ ABSL_GUARDED_BY(mu_);
};

TEST(PrepareRecord, TakesTheColumnsFromTheRecord) {
  v1::AssessmentRecord record;
  record.set_name("assessments/00000000000000ab");
  record.set_request_id("req-1");
  record.set_cluster_id("north");
  record.mutable_candidate()->mutable_identity()->set_urn("137001");
  record.mutable_create_time()->set_seconds(1'700'000'000);
  record.mutable_assessment()->mutable_recommendation()->set_arrangement(
      v1::ARRANGEMENT_PARTNER);
  const NewRecord row = PrepareRecord(record, "hash");
  EXPECT_EQ(row.id, "00000000000000ab");
  EXPECT_EQ(row.request_id, "req-1");
  EXPECT_EQ(row.request_hash, "hash");
  EXPECT_EQ(row.urn, "137001");
  EXPECT_EQ(row.cluster_id, "north");
  EXPECT_EQ(row.create_time_us, int64_t{1'700'000'000'000'000});
  EXPECT_EQ(row.recommendation, int64_t{v1::ARRANGEMENT_PARTNER});
  v1::AssessmentRecord parsed;
  ASSERT_TRUE(parsed.ParseFromString(row.bytes));
  EXPECT_EQ(parsed.name(), record.name());
}

TEST_F(GroupCommitWriterTest, CommitsEveryQueuedRecordAndCallsEachBack) {
  constexpr int kRecords = 50;
  std::vector<std::promise<absl::StatusOr<CreateOutcome>>> done(kRecords);
  {
    std::unique_ptr<GroupCommitWriter> writer = Start();
    for (int i = 0; i < kRecords; ++i) {
      writer->Create(Record(absl::StrCat("id", i)),
                     [&done, i](absl::StatusOr<CreateOutcome> outcome) {
                       done[i].set_value(std::move(outcome));
                     });
    }
    for (int i = 0; i < kRecords; ++i) {
      absl::StatusOr<CreateOutcome> outcome = done[i].get_future().get();
      ASSERT_TRUE(outcome.ok()) << outcome.status();
      EXPECT_FALSE(outcome->reused);
      EXPECT_EQ(outcome->bytes, absl::StrCat("bytes of id", i));
    }
  }
  EXPECT_EQ(Rows(), kRecords);
  absl::MutexLock lock(&mu_);
  EXPECT_EQ(committed_, kRecords);
  EXPECT_EQ(failed_, 0);
}

TEST_F(GroupCommitWriterTest, StoppingCommitsWhatIsQueued) {
  constexpr int kRecords = 20;
  int called = 0;  // The writer's completion thread is joined below.
  {
    std::unique_ptr<GroupCommitWriter> writer = Start();
    for (int i = 0; i < kRecords; ++i) {
      writer->Create(Record(absl::StrCat("id", i)),
                     [&called](absl::StatusOr<CreateOutcome> outcome) {
                       EXPECT_TRUE(outcome.ok()) << outcome.status();
                       ++called;
                     });
    }
  }
  EXPECT_EQ(called, kRecords);
  EXPECT_EQ(Rows(), kRecords);
}

TEST_F(GroupCommitWriterTest, AFailingRecordFailsAloneAndIsCounted) {
  std::promise<absl::Status> first, second;
  {
    std::unique_ptr<GroupCommitWriter> writer = Start();
    // The same name twice: the second breaks the names' unique index.
    writer->Create(Record("same"), [&first](absl::StatusOr<CreateOutcome> r) {
      first.set_value(r.status());
    });
    writer->Create(Record("same"), [&second](absl::StatusOr<CreateOutcome> r) {
      second.set_value(r.status());
    });
  }
  EXPECT_TRUE(first.get_future().get().ok());
  EXPECT_FALSE(second.get_future().get().ok());
  EXPECT_EQ(Rows(), 1);
  absl::MutexLock lock(&mu_);
  EXPECT_GE(failed_, 1);
  EXPECT_FALSE(outcomes_.empty());
}

}  // namespace
}  // namespace trustfit::server
