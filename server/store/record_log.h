// RecordLog: an append-only file of record bytes beside a SQLite store.
//
// The SQLite store keeps each record's bytes here and only their offset and
// length in its table: written once, in one write a group commit, instead of
// through SQLite's pages, its WAL and its checkpoints (there a 6.6 KB record
// cost about 20 KB of writes; with the log, about 10 KB in all).
//
// Durability without recovery: the writer appends a group's records and
// syncs the file before it commits the rows that point at them, so every
// committed row points at synced bytes. A crash can only leave bytes at the
// end that no row points at; they are never read and new records go after
// them. Nothing here is ever rewritten.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(auto log, RecordLog::Open("/data/t.db-records"));
//   absl::StatusOr<int64_t> at = log->AppendAndSync({&a, &b});  // a at *at
//   absl::StatusOr<std::string> bytes = log->Read(*at, a.size());

#ifndef TRUSTFIT_SERVER_STORE_RECORD_LOG_H_
#define TRUSTFIT_SERVER_STORE_RECORD_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/sql.h"

namespace trustfit::server {

class RecordLog {
 public:
  // Opens the log at `path`, creating it (and syncing its directory) if
  // missing.
  static absl::StatusOr<std::unique_ptr<RecordLog>> Open(std::string path);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Writes `records` one after the other at the end, in one write, and
  // syncs them; the offset of the first. Only the writer thread appends.
  absl::StatusOr<int64_t> AppendAndSync(
      const std::vector<const std::string*>& records);

  // The `length` bytes at `offset`. Safe from any thread.
  absl::StatusOr<std::string> Read(int64_t offset, int64_t length) const;

  // Where the next record will go: the file's size when opened, then past
  // each append.
  int64_t end() const { return end_; }
  const std::string& path() const { return path_; }

 private:
  RecordLog(std::string path, int fd, int64_t end)
      : path_(std::move(path)), fd_(fd), end_(end) {}

  const std::string path_;
  const int fd_;
  int64_t end_;  // Used by the writer thread only.
};

// The bytes of the record in `row`, whose columns from `column` on are
// record, record_offset and record_length: inline in `record` when
// record_offset is NULL (rows from before schema version 3, and every row on
// PostgreSQL), else in `log`.
absl::StatusOr<std::string> RecordBytes(const SqlRow& row, int column,
                                        const RecordLog* log);

// Refuses a record log (or none, when `log` is null) shorter than the
// assessments table of `connection` says: one restored without its
// database, or the database without its log.
absl::Status CheckRecordLog(SqlConnection* connection, const RecordLog* log);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_RECORD_LOG_H_
