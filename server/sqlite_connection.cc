#include "server/sqlite_connection.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"

namespace trustfit::server {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  absl::Status Exec(absl::string_view sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) !=
        SQLITE_OK) {
      absl::Status status =
          absl::InternalError(absl::StrCat("sqlite: ", error ? error : "?"));
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
    const int code = sqlite3_extended_errcode(db_);
    const std::string message =
        absl::StrCat("sqlite ", what, ": ", sqlite3_errmsg(db_));
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      return absl::UnavailableError(message);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
      return absl::AlreadyExistsError(message);
    return absl::InternalError(message);
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public SqlDatabase {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}

  absl::StatusOr<std::unique_ptr<SqlConnection>> Connect() override {
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
    auto connection = std::make_unique<SqliteConnection>(db);
    // page_size first: it only takes on a new database. 16 KB pages hold a
    // whole record (about 10 KB), so a record costs one page write, not
    // several; profiling showed the writer's time going to one syscall per
    // page. WAL: readers do not block the writer nor it them.
    // synchronous=FULL: the WAL is synced at every commit, so a commit
    // survives power loss. A 64 MB page cache and memory-mapped reads spare
    // read syscalls; checkpoints every 4,000 pages (64 MB) rather than 1,000
    // spare writes. temp_store=MEMORY keeps statement journals in memory:
    // each insert of a group commit may abort alone (a unique id), so SQLite
    // saves the pages it touches first, and on a temporary file that cost a
    // 16 KB write per page, some 2 MB a commit.
    for (const char* pragma :
         {"PRAGMA page_size=16384", "PRAGMA journal_mode=WAL",
          "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000",
          "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536",
          "PRAGMA mmap_size=268435456", "PRAGMA wal_autocheckpoint=4000",
          "PRAGMA temp_store=MEMORY"}) {
      if (absl::Status s = connection->Exec(pragma); !s.ok()) return s;
    }
    return connection;
  }

  std::string Describe() const override {
    return absl::StrCat("sqlite://", path_);
  }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<SqlDatabase> OpenSqliteDatabase(std::string path) {
  return std::make_unique<SqliteDatabase>(std::move(path));
}

}  // namespace trustfit::server
