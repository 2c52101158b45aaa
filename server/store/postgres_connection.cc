#include "server/store/postgres_connection.h"

#include <libpq-fe.h>

#include <regex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace trustfit::server {
namespace {

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  absl::Status Exec(absl::string_view sql) override {
    if (absl::Status s = EnsureConnected(); !s.ok()) return s;
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error(result);
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<SqlRow>> Query(
      absl::string_view sql, const std::vector<SqlParam>& params) override {
    if (absl::Status s = EnsureConnected(); !s.ok()) return s;
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::nullptr_t>(params[i])) continue;
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        storage[i] = absl::StrCat(*n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        storage[i] = *s;
      } else {
        storage[i] = std::get<SqlBytes>(params[i]).data;
        formats[i] = 1;  // Binary: bytes go as they are.
      }
      values[i] = storage[i].data();
      lengths[i] = static_cast<int>(storage[i].size());
    }
    PGresult* result =
        PQexecParams(conn_, std::string(sql).c_str(),
                     static_cast<int>(params.size()), nullptr, values.data(),
                     lengths.data(), formats.data(), /*resultFormat=*/0);
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error(result);
    std::vector<SqlRow> rows(PQntuples(result));
    for (int r = 0; r < PQntuples(result); ++r) {
      rows[r].resize(PQnfields(result));
      for (int c = 0; c < PQnfields(result); ++c) {
        if (PQgetisnull(result, r, c)) continue;
        const char* text = PQgetvalue(result, r, c);
        if (PQftype(result, c) == kByteaOid) {
          size_t size = 0;
          unsigned char* bytes = PQunescapeBytea(
              reinterpret_cast<const unsigned char*>(text), &size);
          rows[r][c] = std::string(reinterpret_cast<char*>(bytes), size);
          PQfreemem(bytes);
        } else {
          rows[r][c] = std::string(text, PQgetlength(result, r, c));
        }
      }
    }
    return rows;
  }

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }

 private:
  static constexpr Oid kByteaOid = 17;

  // After a broken connection (a restarted database), try once to reconnect.
  absl::Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
    PQreset(conn_);
    if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", PQerrorMessage(conn_)));
  }

  absl::Status Error(PGresult* result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string message(absl::StripTrailingAsciiWhitespace(
        absl::StrCat("postgresql: ", PQresultErrorMessage(result))));
    if (state != nullptr && std::string(state) == "23505") {
      return absl::AlreadyExistsError(message);  // unique_violation
    }
    if (PQstatus(conn_) != CONNECTION_OK ||
        (state != nullptr && state[0] == '0' && state[1] == '8')) {
      return absl::UnavailableError(message);  // connection exceptions
    }
    return absl::InternalError(message);
  }

  PGconn* conn_;
};

class PostgresDatabase final : public SqlDatabase {
 public:
  explicit PostgresDatabase(std::string uri) : uri_(std::move(uri)) {}

  absl::StatusOr<std::unique_ptr<SqlConnection>> Connect() override {
    PGconn* conn = PQconnectdb(uri_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      const std::string message(
          absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn)));
      PQfinish(conn);
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", Describe(), ": ", message));
    }
    auto connection = std::make_unique<PostgresConnection>(conn);
    if (absl::Status s = connection->Exec("SET client_min_messages = warning");
        !s.ok())
      return s;
    return connection;
  }

  std::string Describe() const override { return RedactPassword(uri_); }

 private:
  std::string uri_;
};

}  // namespace

std::string RedactPassword(const std::string& uri) {
  static const std::regex kPassword("(://[^:/@]+:)[^@]*@");
  return std::regex_replace(uri, kPassword, "$1***@");
}

std::unique_ptr<SqlDatabase> OpenPostgresDatabase(std::string uri) {
  return std::make_unique<PostgresDatabase>(std::move(uri));
}

}  // namespace trustfit::server
