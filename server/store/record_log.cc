#include "server/store/record_log.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "scoring/status_macros.h"

namespace trustfit::server {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat("record log ", path, ": ", what,
                                             ": ", std::strerror(errno)));
}

std::string Directory(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecordLog>> RecordLog::Open(std::string path) {
  const bool existed = access(path.c_str(), F_OK) == 0;
  // 0600: the records hold schools' finances and notes on named staff.
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("cannot open", path);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    absl::Status status = ErrnoError("cannot stat", path);
    close(fd);
    return status;
  }
  if (!existed) {
    // A new file's name must survive a crash as well as its bytes.
    const int dir = open(Directory(path).c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = dir >= 0 && fsync(dir) == 0;
    if (dir >= 0) close(dir);
    if (!synced) {
      absl::Status status = ErrnoError("cannot sync its directory", path);
      close(fd);
      return status;
    }
  }
  return std::unique_ptr<RecordLog>(
      new RecordLog(std::move(path), fd, st.st_size));
}

RecordLog::~RecordLog() { close(fd_); }

absl::StatusOr<int64_t> RecordLog::AppendAndSync(
    const std::vector<const std::string*>& records) {
  std::vector<iovec> pieces;
  pieces.reserve(records.size());
  int64_t total = 0;
  for (const std::string* record : records) {
    pieces.push_back({const_cast<char*>(record->data()), record->size()});
    total += static_cast<int64_t>(record->size());
  }
  // pwritev may write less than asked: carry on from where it stopped. On
  // failure end_ stays, so the next append writes over what no row points
  // at.
  size_t first = 0;
  int64_t written = 0;
  while (first < pieces.size()) {
    const int count =
        static_cast<int>(std::min<size_t>(pieces.size() - first, IOV_MAX));
    const ssize_t n = pwritev(fd_, &pieces[first], count, end_ + written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path_);
    }
    if (n == 0 && written < total) {
      errno = EIO;  // A regular file never takes nothing; do not spin.
      return ErrnoError("cannot write", path_);
    }
    written += n;
    for (size_t left = static_cast<size_t>(n); left > 0;) {
      const size_t step = std::min(left, pieces[first].iov_len);
      pieces[first].iov_base =
          static_cast<char*>(pieces[first].iov_base) + step;
      pieces[first].iov_len -= step;
      left -= step;
      if (pieces[first].iov_len == 0) ++first;
    }
    while (first < pieces.size() && pieces[first].iov_len == 0) ++first;
  }
  if (fdatasync(fd_) != 0) return ErrnoError("cannot sync", path_);
  const int64_t at = end_;
  end_ += total;
  return at;
}

absl::StatusOr<std::string> RecordLog::Read(int64_t offset,
                                            int64_t length) const {
  if (offset < 0 || length < 0) {
    return absl::DataLossError(absl::StrCat("record log ", path_,
                                            ": a row points at offset ", offset,
                                            ", length ", length));
  }
  std::string bytes(static_cast<size_t>(length), '\0');
  int64_t done = 0;
  while (done < length) {
    const ssize_t n =
        pread(fd_, bytes.data() + done, length - done, offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot read", path_);
    }
    if (n == 0) {
      return absl::DataLossError(absl::StrCat(
          "record log ", path_, " ends before the record at offset ", offset,
          " (", length, " bytes): was it restored without its database?"));
    }
    done += n;
  }
  return bytes;
}

absl::StatusOr<std::string> RecordBytes(const SqlRow& row, int column,
                                        const RecordLog* log) {
  const std::optional<std::string>& inline_bytes = row[column];
  const std::optional<std::string>& offset = row[column + 1];
  const std::optional<std::string>& length = row[column + 2];
  if (!offset) {
    if (!inline_bytes) return absl::DataLossError("a stored record is empty");
    return *inline_bytes;
  }
  int64_t at = 0, size = 0;
  if (!length || !absl::SimpleAtoi(*offset, &at) ||
      !absl::SimpleAtoi(*length, &size)) {
    return absl::DataLossError("a stored record's place cannot be read");
  }
  if (log == nullptr) {
    return absl::DataLossError(
        "a stored record is in a record log, and this store has none");
  }
  return log->Read(at, size);
}

absl::Status CheckRecordLog(SqlConnection* connection, const RecordLog* log) {
  // The newest row reaches furthest into the log. Once a SQLite store has a
  // log every new row is in it, so a newest row with its bytes inline means
  // that none is (servers without the log refuse schema version 3).
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> rows,
      connection->Query("SELECT record_offset + record_length FROM assessments "
                        "ORDER BY seq DESC LIMIT 1",
                        {}));
  if (rows.empty() || !rows[0][0]) return absl::OkStatus();
  int64_t needed = 0;
  if (!absl::SimpleAtoi(*rows[0][0], &needed)) {
    return absl::DataLossError("a stored record's place cannot be read");
  }
  if (log == nullptr) {
    return absl::FailedPreconditionError(
        "the store's records are in a record log, and it has none");
  }
  if (log->end() < needed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the record log ", log->path(), " holds ", log->end(),
        " bytes but the database's records reach ", needed,
        ": it is missing or older than the database; restore the database "
        "and its record log together"));
  }
  return absl::OkStatus();
}

}  // namespace trustfit::server
