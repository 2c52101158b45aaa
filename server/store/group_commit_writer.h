// GroupCommitWriter: the store's one writer connection, the queue of records
// waiting for it, the writer thread that commits everything queued in one
// transaction (one fsync), and the completion thread that calls each caller
// back. gRPC threads never wait on the disk, and throughput stays high with
// every commit durable. With a record log the records' bytes go there,
// synced just before the rows that point at them (record_log.h).
//
//   GroupCommitWriter writer(std::move(connection), log.get(), observer,
//                            [&](const absl::Status& s) { note(s); });
//   writer.Create(PrepareRecord(record, hash),
//                 [](absl::StatusOr<CreateOutcome> outcome) {
//                   // On the completion thread, once durable or failed.
//                   if (outcome.ok() && outcome->reused) { /* a retry */ }
//                 });

#ifndef TRUSTFIT_SERVER_STORE_GROUP_COMMIT_WRITER_H_
#define TRUSTFIT_SERVER_STORE_GROUP_COMMIT_WRITER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/store/record_log.h"
#include "server/store/sql.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

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

class GroupCommitWriter {
 public:
  using CreateDone = std::function<void(absl::StatusOr<CreateOutcome>)>;

  // Starts the threads. `record_log` (may be null) outlives the writer;
  // `observer` (may be null) hears of each transaction, `note_outcome` of
  // whether each group's commit found the database working.
  GroupCommitWriter(std::unique_ptr<SqlConnection> connection,
                    RecordLog* record_log, CommitObserver observer,
                    std::function<void(const absl::Status&)> note_outcome);

  // Commits what is queued, calls its callers back, then stops.
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Stores `record` unless its request_id was used before: the same id with
  // the same request gives the first record, with a different request
  // ALREADY_EXISTS. `done` runs on the completion thread once the record is
  // durable, or with the error.
  void Create(NewRecord record, CreateDone done);

 private:
  struct PendingWrite {
    NewRecord record;
    CreateDone done;
  };
  using Results = std::vector<absl::StatusOr<CreateOutcome>>;

  void WriterLoop();
  // Up to a batch of what is queued; empty when stopping with none left.
  std::vector<PendingWrite> TakeBatch();
  // Commits `batch` in one transaction or, when that fails, each write on
  // its own to find the one at fault; the result of each and whether the
  // group was retried.
  Results CommitGroup(std::vector<PendingWrite>& batch, absl::Status* status,
                      bool* retried);
  void Report(size_t records, const absl::Status& status,
              const Results& results, bool retried, double seconds);
  void Complete(std::vector<PendingWrite>& batch, const absl::Status& status,
                Results& results);
  // Commits `batch` in one transaction; fills `results` on success.
  absl::Status CommitBatch(std::vector<PendingWrite>& batch, Results* results);
  // Inserts `record`, its bytes at `log_offset` in the record log, inside
  // CommitBatch's transaction and adds its result to `results`; an error
  // when the transaction must roll back.
  absl::Status Insert(const NewRecord& record, int64_t log_offset,
                      Results* results);

  // Callers are called back on their own thread, so that the writer moves on
  // to the next batch while they answer their clients.
  void CompletionLoop();

  const std::unique_ptr<SqlConnection> connection_;  // The writer's only.
  RecordLog* const record_log_;  // Appended to by the writer thread only.
  const CommitObserver observer_;
  const std::function<void(const absl::Status&)> note_outcome_;

  absl::Mutex queue_mu_;
  absl::CondVar queue_changed_;
  std::deque<PendingWrite> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;

  absl::Mutex completions_mu_;
  absl::CondVar completions_changed_;
  std::deque<std::function<void()>> completions_
      ABSL_GUARDED_BY(completions_mu_);
  bool writer_done_ ABSL_GUARDED_BY(completions_mu_) = false;

  std::thread writer_;
  std::thread completer_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_GROUP_COMMIT_WRITER_H_
