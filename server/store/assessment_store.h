// AssessmentStore: recorded assessments in SQLite or PostgreSQL.
//
// One implementation over SqlConnection, so both backends behave the same.
// It puts together parts with one job each:
// - the schema, migrated to the latest version at start-up (migrations.h);
// - record names, time-ordered on SQLite and random on PostgreSQL
//   (record_names.h);
// - group commit: Create() queues the record and returns; a writer thread
//   commits everything queued in one transaction (one fsync), then a
//   completion thread calls each caller back (group_commit_writer.h). On
//   SQLite the records' bytes go to a record log beside the database,
//   synced just before (record_log.h);
// - reads on the store's own reader threads (reader_pool.h).
// Idempotency is by request_id: the same id with the same request returns
// the first record, with a different request ALREADY_EXISTS. Listing is
// newest first by keyset on the record's sequence number, so pages never
// repeat or skip records while new ones arrive.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       std::unique_ptr<AssessmentStore> store,
//       OpenStore("sqlite:///var/lib/trustfit/trustfit.db"));
//   record.set_name(store->NewName());
//   store->Create(PrepareRecord(record, request_hash),
//                 [](absl::StatusOr<CreateOutcome> outcome) {
//                   // On the completion thread, once durable or failed.
//                   if (outcome.ok() && outcome->reused) { /* a retry */ }
//                 });
//   TRUSTFIT_ASSIGN_OR_RETURN(ListPage page, store->List(ListQuery{}));

#ifndef TRUSTFIT_SERVER_STORE_ASSESSMENT_STORE_H_
#define TRUSTFIT_SERVER_STORE_ASSESSMENT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/decision_store.h"
#include "server/store/group_commit_writer.h"
#include "server/store/record_log.h"
#include "server/store/sql.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

class ReaderPool;
class RecordNames;

struct ListQuery {
  std::string urn;
  std::string cluster_id;
  trustfit::v1::Arrangement recommendation =
      trustfit::v1::ARRANGEMENT_UNSPECIFIED;
  std::optional<int64_t> created_after_us;   // Inclusive.
  std::optional<int64_t> created_before_us;  // Exclusive.
  std::optional<int64_t> after_seq;          // Continue below this position.
  int limit = 50;
  // At most this many bytes of records a page (but always one record).
  size_t max_bytes = 4 << 20;
};

struct ListPage {
  std::vector<trustfit::v1::AssessmentRecord> records;
  // The position to continue from, when there is more.
  std::optional<int64_t> next_after_seq;
};

class AssessmentStore {
 public:
  using CreateDone = GroupCommitWriter::CreateDone;

  // Connects (one writer, `readers` readers), migrates the schema to the
  // latest version and starts the writer thread. With `record_log`, new
  // records' bytes go there rather than into the database (record_log.h).
  static absl::StatusOr<std::unique_ptr<AssessmentStore>> Open(
      std::unique_ptr<SqlDatabase> database, int readers = 4,
      CommitObserver observer = nullptr,
      std::unique_ptr<RecordLog> record_log = nullptr);

  // Commits what is queued, then stops.
  ~AssessmentStore();
  AssessmentStore(const AssessmentStore&) = delete;
  AssessmentStore& operator=(const AssessmentStore&) = delete;

  // A fresh record name: "assessments/" and 16 hex digits (record_names.h).
  std::string NewName();

  // Stores `record` unless its request_id was used before (see above).
  // `done` runs on the store's completion thread once the record is
  // durable, or with the error.
  void Create(NewRecord record, CreateDone done);

  // The record "assessments/{id}" has `id`; NOT_FOUND when there is none.
  absl::StatusOr<trustfit::v1::AssessmentRecord> Get(absl::string_view id);

  absl::StatusOr<ListPage> List(const ListQuery& query);

  // Get and List on one of the store's reader threads, never the caller's:
  // a slow or hung database then holds those threads, not gRPC's, and
  // scoring and health go on answering. `done` runs on the reader thread;
  // at once with UNAVAILABLE when ReaderPool::kMaxQueuedReads (256) are
  // already waiting.
  void GetAsync(
      std::string id,
      std::function<void(absl::StatusOr<trustfit::v1::AssessmentRecord>)> done);
  void ListAsync(ListQuery query,
                 std::function<void(absl::StatusOr<ListPage>)> done);

  // Called with false when a read or a commit fails because of the database
  // (not the request), and with true when one succeeds again; only on a
  // change. While failing, the reader threads try the database every 2 s.
  void SetHealthObserver(std::function<void(bool healthy)> observer);

  // The key page tokens are signed with, kept in the database so that every
  // replica shares it.
  const std::string& page_token_key() const { return page_token_key_; }
  std::string Describe() const { return database_->Describe(); }
  // Decisions and arrangements, in the same database.
  DecisionStore* decisions() const { return decisions_.get(); }

 private:
  AssessmentStore() = default;

  // The record in `row`, whose columns from `column` on are record,
  // record_offset and record_length.
  absl::StatusOr<trustfit::v1::AssessmentRecord> ReadRecord(const SqlRow& row,
                                                            int column) const;

  // Destroyed last: the parts below use its connections.
  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<RecordLog> record_log_;  // SQLite only.
  std::unique_ptr<RecordNames> names_;
  std::string page_token_key_;
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<DecisionStore> decisions_;
  std::unique_ptr<GroupCommitWriter> writer_;
};

// The files of a SQLite store at `path`: the database, its WAL and
// shared-memory index, and the record log. Back them up together.
std::vector<std::string> SqliteStoreFiles(const std::string& path);

// Opens the store named by `url`: "sqlite:///absolute/path.db" (with its
// record log beside it, "path.db-records"), "sqlite://relative/path.db", or a
// "postgresql://..." connection URI.
absl::StatusOr<std::unique_ptr<AssessmentStore>> OpenStore(
    const std::string& url, CommitObserver observer = nullptr);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_ASSESSMENT_STORE_H_
