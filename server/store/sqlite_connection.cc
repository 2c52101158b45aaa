#include "server/store/sqlite_connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "scoring/status_macros.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {
namespace {

// Copies the WAL back into the database file on its own thread and
// connection, so that a commit never waits for a checkpoint (inline
// checkpoints had doubled the p99 of a create, to about 32 ms). Commits
// report the WAL's size through SQLite's WAL hook: past `wake_pages` the
// checkpointer is woken; past four times that it is falling behind, and the
// committing connection checkpoints itself, as SQLite would by default, so
// that the WAL stays bounded.
class Checkpointer {
 public:
  Checkpointer(std::string path, int wake_pages)
      : path_(std::move(path)), wake_pages_(wake_pages) {}

  ~Checkpointer() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    wanted_.Signal();
    if (thread_.joinable()) thread_.join();
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }

  // Replaces SQLite's own automatic checkpoints on `db`.
  void Watch(sqlite3* db) {
    sqlite3_wal_hook(db, &Checkpointer::OnCommit, this);
  }

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema,
                      int wal_pages) {
    auto* checkpointer = static_cast<Checkpointer*>(self);
    if (wal_pages >= 4 * checkpointer->wake_pages_) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
    } else if (wal_pages >= checkpointer->wake_pages_) {
      checkpointer->Wake();
    }
    return SQLITE_OK;
  }

  void Wake() {
    {
      absl::MutexLock lock(&mu_);
      if (thread_.get_id() == std::thread::id()) {
        thread_ = std::thread([this] { Run(); });
      }
      wanted_flag_ = true;
    }
    wanted_.Signal();
  }

  void Run() {
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        while (!stopping_ && !wanted_flag_) wanted_.Wait(&mu_);
        if (stopping_) return;
        wanted_flag_ = false;
      }
      Checkpoint();
    }
  }

  void Checkpoint() {
    if (db_ == nullptr) {
      if (sqlite3_open_v2(path_.c_str(), &db_,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                          nullptr) != SQLITE_OK) {
        spdlog::warn("sqlite checkpointer: cannot open {}: {}", path_,
                     db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close_v2(db_);
        db_ = nullptr;
        return;
      }
      // The database file is synced before the WAL is reused.
      sqlite3_exec(db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    }
    // PASSIVE: copies what no reader still needs and never blocks writers.
    const int rc = sqlite3_wal_checkpoint_v2(
        db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("sqlite checkpointer: checkpoint of {} failed: {}", path_,
                   sqlite3_errmsg(db_));
    }
  }

  const std::string path_;
  const int wake_pages_;
  sqlite3* db_ = nullptr;  // Used on thread_ only.
  absl::Mutex mu_;
  absl::CondVar wanted_;
  bool wanted_flag_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Started by the first Wake(); joined by the destructor, when no commit
  // can wake it any more.
  std::thread thread_ ABSL_GUARDED_BY(mu_);
};

class SqliteConnection final : public SqlConnection {
 public:
  // `checkpointer` outlives the connection: every connection shares it.
  SqliteConnection(sqlite3* db, std::shared_ptr<Checkpointer> checkpointer)
      : db_(db), checkpointer_(std::move(checkpointer)) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  void WatchWal() { checkpointer_->Watch(db_); }

  absl::Status Exec(absl::string_view sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) !=
        SQLITE_OK) {
      absl::Status status =
          StatusOf(sqlite3_extended_errcode(db_),
                   absl::StrCat("sqlite: ", error ? error : "?"));
      sqlite3_free(error);
      return status;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<SqlRow>> Query(
      absl::string_view sql, const std::vector<SqlParam>& params) override {
    // Statements are prepared once per connection and reused: the store runs
    // the same few over and over.
    sqlite3_stmt*& stmt = statements_[std::string(sql)];
    if (stmt == nullptr &&
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt,
                           nullptr) != SQLITE_OK) {
      statements_.erase(std::string(sql));
      return Error("prepare");
    }
    // Ready for the next use however this one ends.
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{stmt};
    for (size_t i = 0; i < params.size(); ++i) {
      const int index =
          sqlite3_bind_parameter_index(stmt, absl::StrCat("$", i + 1).c_str());
      if (index == 0) continue;  // The statement does not use this parameter.
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(params[i])) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(stmt, index, s->data(),
                               static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        const std::string& b = std::get<SqlBytes>(params[i]).data;
        rc = sqlite3_bind_blob(stmt, index, b.data(),
                               static_cast<int>(b.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return Error("bind");
    }
    std::vector<SqlRow> rows;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Error("step");
      SqlRow row(sqlite3_column_count(stmt));
      for (int c = 0; c < static_cast<int>(row.size()); ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
        const void* data = sqlite3_column_blob(stmt, c);
        const int size = sqlite3_column_bytes(stmt, c);
        row[c] = std::string(static_cast<const char*>(data), size);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

 private:
  absl::Status Error(absl::string_view what) {
    return StatusOf(sqlite3_extended_errcode(db_),
                    absl::StrCat("sqlite ", what, ": ", sqlite3_errmsg(db_)));
  }

  // The status for SQLite's (extended) result `code`: what the caller can do
  // about it. A full disk is the operator's to fix, not a server fault.
  static absl::Status StatusOf(int code, const std::string& message) {
    switch (code & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_IOERR:
        return absl::UnavailableError(message);
      case SQLITE_FULL:
        return absl::ResourceExhaustedError(message);
      case SQLITE_CONSTRAINT:
        return absl::AlreadyExistsError(message);
      default:
        return absl::InternalError(message);
    }
  }

  sqlite3* db_;
  std::shared_ptr<Checkpointer> checkpointer_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public SqlDatabase {
 public:
  SqliteDatabase(std::string path, int checkpoint_pages)
      : path_(std::move(path)),
        checkpointer_(std::make_shared<Checkpointer>(path_, checkpoint_pages)) {
  }

  absl::StatusOr<std::unique_ptr<SqlConnection>> Connect() override {
    // Created here with mode 0600 when missing, so that the records (and
    // the -wal and -shm files, which SQLite gives the database's mode) are
    // private from the start; SQLite's own default is 0644.
    if (path_.rfind(":memory:", 0) != 0 && path_.rfind("file:", 0) != 0) {
      const int fd = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd >= 0) close(fd);
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path_.c_str(), &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    if (rc != SQLITE_OK) {
      const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return absl::UnavailableError(
          absl::StrCat("cannot open ", path_, ": ", message));
    }
    auto connection = std::make_unique<SqliteConnection>(db, checkpointer_);
    // page_size first: it only takes on a new database. Each commit rewrites
    // at least a page of the table and of each index its rows go into,
    // however little it adds, so small pages write least: with time-ordered
    // names 4 KB pages wrote 20 KB a record where 16 KB pages wrote 29 KB,
    // for the same CPU (tests/bench/store_bench). WAL: readers do not block
    // the writer nor it them.
    // synchronous=FULL: the WAL is synced at every commit, so a commit
    // survives power loss. A 64 MB page cache and memory-mapped reads spare
    // read syscalls. temp_store=MEMORY keeps statement journals in memory:
    // each insert of a group commit may abort alone (a unique id), so SQLite
    // saves the pages it touches first, and on a temporary file that cost a
    // write per page, some 2 MB a commit with 16 KB pages.
    for (const char* pragma :
         {"PRAGMA page_size=4096", "PRAGMA journal_mode=WAL",
          "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000",
          "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536",
          "PRAGMA mmap_size=268435456", "PRAGMA temp_store=MEMORY"}) {
      TRUSTFIT_RETURN_IF_ERROR(connection->Exec(pragma));
    }
    connection->WatchWal();
    return connection;
  }

  std::string Describe() const override {
    return absl::StrCat("sqlite://", path_);
  }

 private:
  std::string path_;
  std::shared_ptr<Checkpointer> checkpointer_;
};

}  // namespace

std::unique_ptr<SqlDatabase> OpenSqliteDatabase(std::string path,
                                                int checkpoint_pages) {
  return std::make_unique<SqliteDatabase>(std::move(path), checkpoint_pages);
}

}  // namespace trustfit::server
