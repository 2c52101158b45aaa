#include "server/store/group_commit_writer.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "scoring/dates.h"
#include "scoring/proto_bytes.h"
#include "scoring/status_macros.h"
#include "server/store/reader_pool.h"

namespace trustfit::server {

namespace v1 = ::trustfit::v1;

NewRecord PrepareRecord(const v1::AssessmentRecord& record,
                        std::string request_hash) {
  NewRecord row;
  row.id = std::string(absl::StripPrefix(record.name(), "assessments/"));
  row.request_id = record.request_id();
  row.request_hash = std::move(request_hash);
  row.urn = record.candidate().identity().urn();
  row.cluster_id = record.cluster_id();
  row.create_time_us =
      absl::ToUnixMicros(scoring::TimeOf(record.create_time()));
  row.recommendation = record.assessment().recommendation().arrangement();
  row.bytes = scoring::SerializeDeterministic(record);
  return row;
}

GroupCommitWriter::GroupCommitWriter(
    std::unique_ptr<SqlConnection> connection, RecordLog* record_log,
    CommitObserver observer,
    std::function<void(const absl::Status&)> note_outcome)
    : connection_(std::move(connection)),
      record_log_(record_log),
      observer_(std::move(observer)),
      note_outcome_(std::move(note_outcome)) {
  completer_ = std::thread([this] { CompletionLoop(); });
  writer_ = std::thread([this] { WriterLoop(); });
}

GroupCommitWriter::~GroupCommitWriter() {
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  queue_changed_.SignalAll();
  writer_.join();
  {
    absl::MutexLock lock(&completions_mu_);
    writer_done_ = true;
  }
  completions_changed_.SignalAll();
  completer_.join();
}

void GroupCommitWriter::Create(NewRecord record, CreateDone done) {
  {
    absl::MutexLock lock(&queue_mu_);
    queue_.push_back({std::move(record), std::move(done)});
  }
  queue_changed_.Signal();
}

void GroupCommitWriter::CompletionLoop() {
  for (;;) {
    std::deque<std::function<void()>> ready;
    {
      absl::MutexLock lock(&completions_mu_);
      while (!writer_done_ && completions_.empty()) {
        completions_changed_.Wait(&completions_mu_);
      }
      if (completions_.empty()) return;  // The writer has stopped; all called.
      ready.swap(completions_);
    }
    for (auto& completion : ready) completion();
  }
}

std::vector<GroupCommitWriter::PendingWrite> GroupCommitWriter::TakeBatch() {
  constexpr size_t kMaxBatch = 512;
  std::vector<PendingWrite> batch;
  absl::MutexLock lock(&queue_mu_);
  while (!stopping_ && queue_.empty()) queue_changed_.Wait(&queue_mu_);
  // Empty only when stopping, and everything is committed.
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitWriter::WriterLoop() {
  for (;;) {
    std::vector<PendingWrite> batch = TakeBatch();
    if (batch.empty()) return;
    const auto start = std::chrono::steady_clock::now();
    absl::Status status;
    bool retried = false;
    Results results = CommitGroup(batch, &status, &retried);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    Report(batch.size(), status, results, retried, seconds);
    Complete(batch, status, results);
  }
}

GroupCommitWriter::Results GroupCommitWriter::CommitGroup(
    std::vector<PendingWrite>& batch, absl::Status* status, bool* retried) {
  Results results;
  *status = CommitBatch(batch, &results);
  *retried = !status->ok() && batch.size() > 1;
  if (!*retried) return results;
  // Find the write at fault: commit each on its own.
  results.clear();
  for (auto& write : batch) {
    std::vector<PendingWrite> one;
    one.push_back(std::move(write));
    Results result;
    const absl::Status single = CommitBatch(one, &result);
    results.push_back(single.ok() ? std::move(result[0])
                                  : absl::StatusOr<CreateOutcome>(single));
    write = std::move(one[0]);
  }
  *status = absl::OkStatus();
  return results;
}

void GroupCommitWriter::Report(size_t records, const absl::Status& status,
                               const Results& results, bool retried,
                               double seconds) {
  // Every transaction is counted: a failed group and then each of its
  // records committed alone, so that failures are not undercounted.
  bool all_ok = status.ok();
  for (const auto& result : results) {
    if (!result.ok()) all_ok = all_ok && IsRequestsFault(result.status());
  }
  if (observer_) {
    if (retried) {
      observer_(static_cast<int>(records), seconds, false);
      for (const auto& result : results) observer_(1, 0, result.ok());
    } else {
      observer_(static_cast<int>(records), seconds, status.ok());
    }
  }
  note_outcome_(all_ok ? absl::OkStatus() : absl::UnavailableError("commit"));
}

void GroupCommitWriter::Complete(std::vector<PendingWrite>& batch,
                                 const absl::Status& status, Results& results) {
  {
    absl::MutexLock lock(&completions_mu_);
    for (size_t i = 0; i < batch.size(); ++i) {
      absl::StatusOr<CreateOutcome> result =
          status.ok() ? std::move(results[i])
                      : absl::StatusOr<CreateOutcome>(status);
      // Taken only now: a failed group is committed again record by record.
      if (result.ok() && !result->reused) {
        result->bytes = std::move(batch[i].record.bytes);
      }
      completions_.push_back(
          [done = std::move(batch[i].done),
           result = std::move(result)]() mutable { done(std::move(result)); });
    }
  }
  completions_changed_.Signal();
}

absl::Status GroupCommitWriter::CommitBatch(std::vector<PendingWrite>& batch,
                                            Results* results) {
  SqlConnection* c = connection_.get();
  const bool postgres = c->dialect() == SqlDialect::kPostgres;
  // The bytes first, synced, so that the rows committed below point only at
  // durable bytes (see record_log.h). The writer is the log's only appender.
  int64_t log_offset = 0;
  if (record_log_ != nullptr) {
    std::vector<const std::string*> bytes;
    bytes.reserve(batch.size());
    for (const PendingWrite& write : batch)
      bytes.push_back(&write.record.bytes);
    TRUSTFIT_ASSIGN_OR_RETURN(log_offset, record_log_->AppendAndSync(bytes));
  }
  TRUSTFIT_RETURN_IF_ERROR(c->Exec(postgres ? "BEGIN" : "BEGIN IMMEDIATE"));
  absl::Status status;
  for (const PendingWrite& write : batch) {
    status = Insert(write.record, log_offset, results);
    if (!status.ok()) break;
    log_offset += static_cast<int64_t>(write.record.bytes.size());
  }
  if (status.ok()) status = c->Exec("COMMIT");
  if (!status.ok()) (void)c->Exec("ROLLBACK");
  return status;
}

absl::Status GroupCommitWriter::Insert(const NewRecord& r, int64_t log_offset,
                                       Results* results) {
  SqlConnection* c = connection_.get();
  const SqlParam request_id =
      r.request_id.empty() ? SqlParam(nullptr) : SqlParam(r.request_id);
  const int64_t size = static_cast<int64_t>(r.bytes.size());
  const bool in_log = record_log_ != nullptr;
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> inserted,
      c->Query(
          "INSERT INTO assessments (id, request_id, request_hash, urn, "
          "cluster_id, create_time_us, recommendation, record, record_offset, "
          "record_length) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
          "ON CONFLICT (request_id) WHERE request_id IS NOT NULL DO NOTHING "
          "RETURNING seq",
          {r.id, request_id, r.request_hash, r.urn, r.cluster_id,
           r.create_time_us, r.recommendation,
           SqlBytes{in_log ? std::string() : r.bytes},
           in_log ? SqlParam(log_offset) : SqlParam(nullptr),
           in_log ? SqlParam(size) : SqlParam(nullptr)}));
  if (!inserted.empty()) {
    results->push_back(CreateOutcome{});
    return absl::OkStatus();
  }
  // The request_id was used before: the same request gets the same record.
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> earlier,
      c->Query("SELECT request_hash, id, record, record_offset, record_length "
               "FROM assessments WHERE request_id = $1",
               {request_id}));
  if (earlier.empty()) {
    return absl::InternalError("request_id conflict without a row");
  }
  const SqlRow& row = earlier[0];
  if (row[0].value_or("") == r.request_hash) {
    TRUSTFIT_ASSIGN_OR_RETURN(std::string bytes,
                              RecordBytes(row, 2, record_log_));
    results->push_back(CreateOutcome{true, std::move(bytes)});
  } else {
    results->push_back(absl::AlreadyExistsError(absl::StrCat(
        "request_id \"", r.request_id,
        "\" was already used for a different request (", "assessments/",
        row[1].value_or("?"), "); use a new request_id for a new record")));
  }
  return absl::OkStatus();
}

}  // namespace trustfit::server
