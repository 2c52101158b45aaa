// SqlConnection: the little the assessment store needs from a database, with
// one implementation per backend (sqlite_connection.cc,
// postgres_connection.cc).
//
// Statements use $1, $2, ... for parameters in both backends (SQLite reads
// them as named parameters), so the store's queries are written once. Every
// result value comes back as text or bytes; the store knows the types.

#ifndef TRUSTFIT_SERVER_STORE_SQL_H_
#define TRUSTFIT_SERVER_STORE_SQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace trustfit::server {

// Raw bytes, bound as a BLOB / BYTEA.
struct SqlBytes {
  std::string data;
};

using SqlParam = std::variant<std::nullptr_t, int64_t, std::string, SqlBytes>;
using SqlRow = std::vector<std::optional<std::string>>;  // nullopt for NULL.

enum class SqlDialect { kSqlite, kPostgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  // Runs statements without parameters or results (DDL, BEGIN, COMMIT).
  virtual absl::Status Exec(absl::string_view sql) = 0;

  // Runs one statement with parameters; its rows, if any.
  virtual absl::StatusOr<std::vector<SqlRow>> Query(
      absl::string_view sql, const std::vector<SqlParam>& params) = 0;

  virtual SqlDialect dialect() const = 0;
};

// Opens connections to one database.
class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  virtual absl::StatusOr<std::unique_ptr<SqlConnection>> Connect() = 0;
  // For logs: the address with any password removed.
  virtual std::string Describe() const = 0;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_SQL_H_
