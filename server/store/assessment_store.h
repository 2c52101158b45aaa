// AssessmentStore: recorded assessments in SQLite or PostgreSQL.
//
// One implementation over SqlConnection, so both backends behave the same:
// - schema migrations, versioned here in the code and applied at start-up in
//   one transaction (under an advisory lock on PostgreSQL, so replicas
//   starting together do not race);
// - group commit: Create() queues the record and returns; a writer thread
//   commits everything queued in one transaction (one fsync), then calls
//   each caller back. gRPC threads never wait on the disk, and throughput
//   stays high with every commit durable. On SQLite the records' bytes go
//   to a record log beside the database, synced just before (record_log.h);
// - idempotency by request_id: the same id with the same request returns
//   the first record, with a different request ALREADY_EXISTS;
// - listing newest first by keyset on the record's sequence number, so
//   pages never repeat or skip records while new ones arrive.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(auto store,
//   OpenStore("sqlite:///var/lib/trustfit/trustfit.db")); store->Create(record,
//   request_hash, [](absl::StatusOr<AssessmentRecord> r) { ... });

#ifndef TRUSTFIT_SERVER_STORE_ASSESSMENT_STORE_H_
#define TRUSTFIT_SERVER_STORE_ASSESSMENT_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/decision_store.h"
#include "server/store/record_log.h"
#include "server/store/sql.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

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

// A record ready to store: its bytes and the columns it is found by. Made
// by PrepareRecord on the caller's thread, so the writer thread only writes.
struct NewRecord {
  std::string id;  // The name's last part.
  std::string request_id;
  std::string request_hash;
  std::string urn;
  std::string cluster_id;
  int64_t create_time_us = 0;
  int64_t recommendation = 0;
  std::string bytes;  // The serialised AssessmentRecord.
};

// `record` (whose name is set) as a row.
NewRecord PrepareRecord(const trustfit::v1::AssessmentRecord& record,
                        std::string request_hash);

// What Create did: stored the new record, or found an earlier one for the
// same request_id and request.
struct CreateOutcome {
  bool reused = false;
  // The stored record, serialised: the new one, or the earlier one.
  std::string bytes;
};

// Called after each group commit, for metrics.
using CommitObserver =
    std::function<void(int records, double seconds, bool ok)>;

class AssessmentStore {
 public:
  using CreateDone = std::function<void(absl::StatusOr<CreateOutcome>)>;

  // A fresh record name: "assessments/" and 16 hex digits.
  //
  // On SQLite the digits are time-ordered (microseconds since 1970, shifted
  // left 8 bits, plus 8 random bits), strictly increasing within the store,
  // so that each new name goes at the end of the unique index on names.
  // Random names sent each record of a group commit to its own index page:
  // a page write per record, most of the bytes a create wrote. One server
  // writes a SQLite file (the chart allows one replica), so increasing
  // within the store, and above the newest stored name when it opens,
  // makes them unique. PostgreSQL is shared by replicas,
  // whose clocks could give two the same name: there they are random.
  std::string NewName();

  // Connects (one writer, `readers` readers), migrates the schema to the
  // latest version and starts the writer thread. With `record_log`, new
  // records' bytes go there rather than into the database (record_log.h).
  static absl::StatusOr<std::unique_ptr<AssessmentStore>> Open(
      std::unique_ptr<SqlDatabase> database, int readers = 4,
      CommitObserver observer = nullptr,
      std::unique_ptr<RecordLog> record_log = nullptr);

  // Commits what is queued, then stops.
  ~AssessmentStore();

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
  // at once with UNAVAILABLE when kMaxQueuedReads are already waiting.
  static constexpr size_t kMaxQueuedReads = 256;
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

  // Brings the schema of `connection` to `target_version` (the latest when
  // -1). Exposed for the migration tests.
  static absl::Status Migrate(SqlConnection* connection,
                              int target_version = -1);
  static int LatestSchemaVersion();
  static absl::StatusOr<int> SchemaVersion(SqlConnection* connection);

 private:
  struct PendingWrite {
    NewRecord record;
    CreateDone done;
  };

  explicit AssessmentStore(std::unique_ptr<SqlDatabase> database);

  // Time-ordered names continue above the newest stored one, in case the
  // clock has stepped back since it was made.
  absl::Status ContinueNames();
  // Refuses a record log shorter than the rows say: one restored without
  // its database, or the database without its log.
  absl::Status CheckRecordLog();

  // The record bytes of `row`, whose columns from `column` on are record,
  // record_offset and record_length; and the record they hold.
  absl::StatusOr<std::string> RecordBytes(const SqlRow& row, int column) const;
  absl::StatusOr<trustfit::v1::AssessmentRecord> ReadRecord(const SqlRow& row,
                                                            int column) const;

  void WriterLoop();
  // Commits `batch` in one transaction; fills `results` on success.
  absl::Status CommitBatch(std::vector<PendingWrite>& batch,
                           std::vector<absl::StatusOr<CreateOutcome>>* results);

  // A reader connection for the life of one call.
  class Reader;
  std::unique_ptr<SqlConnection> AcquireReader();
  void ReleaseReader(std::unique_ptr<SqlConnection> connection);

  // The reader threads and the reads waiting for them.
  bool EnqueueRead(std::function<void()> read);
  void ReadLoop(int reader);
  // Notes whether the database served an operation (see SetHealthObserver).
  void NoteOutcome(const absl::Status& status);
  std::mutex reads_mu_;
  std::condition_variable reads_changed_;
  std::deque<std::function<void()>> reads_;  // Guarded by reads_mu_.
  bool reads_stopping_ = false;              // Guarded by reads_mu_.
  std::vector<std::thread> read_threads_;
  std::mutex health_mu_;
  std::function<void(bool)> health_observer_;  // Guarded by health_mu_.
  bool healthy_ = true;                        // Guarded by health_mu_.

  std::unique_ptr<SqlDatabase> database_;
  std::unique_ptr<SqlConnection> writer_connection_;
  std::unique_ptr<RecordLog> record_log_;  // SQLite only.
  std::unique_ptr<DecisionStore> decisions_;
  bool time_ordered_names_ = false;
  std::mutex name_mu_;
  uint64_t last_name_ = 0;  // Guarded by name_mu_.
  std::string page_token_key_;
  CommitObserver observer_;

  std::mutex readers_mu_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<SqlConnection>>
      readers_;  // Guarded by readers_mu_.

  std::mutex queue_mu_;
  std::condition_variable queue_changed_;
  std::deque<PendingWrite> queue_;  // Guarded by queue_mu_.
  bool stopping_ = false;           // Guarded by queue_mu_.
  std::thread writer_;

  // Callers are called back on their own thread, so that the writer moves on
  // to the next batch while they answer their clients.
  void CompletionLoop();
  std::mutex completions_mu_;
  std::condition_variable completions_changed_;
  std::deque<std::function<void()>>
      completions_;           // Guarded by completions_mu_.
  bool writer_done_ = false;  // Guarded by completions_mu_.
  std::thread completer_;
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
