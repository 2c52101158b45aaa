#include "server/store/postgres_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <regex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scoring/status_macros.h"

namespace trustfit::server {
namespace {

// How long a statement may take, and a connection attempt: a database that
// hangs (frozen, or a network that drops packets) fails the call with
// DEADLINE_EXCEEDED after this rather than holding its thread for ever.
constexpr std::chrono::seconds kStatementTimeout{5};
constexpr char kConnectTimeoutSeconds[] = "5";

// Opens a connection to `uri` that gives up after kConnectTimeoutSeconds
// unless the URI says otherwise (its own connect_timeout comes later and
// wins).
PGconn* ConnectTo(const std::string& uri) {
  const char* const keys[] = {"connect_timeout", "dbname", nullptr};
  const char* const values[] = {kConnectTimeoutSeconds, uri.c_str(), nullptr};
  return PQconnectdbParams(keys, values, /*expand_dbname=*/1);
}

class PostgresConnection final : public SqlConnection {
 public:
  PostgresConnection(PGconn* conn, std::string uri)
      : conn_(conn), uri_(std::move(uri)) {}
  ~PostgresConnection() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  absl::Status Exec(absl::string_view sql) override {
    TRUSTFIT_RETURN_IF_ERROR(EnsureConnected());
    if (!PQsendQuery(conn_, std::string(sql).c_str())) return SendFailed();
    TRUSTFIT_ASSIGN_OR_RETURN(PGresult * result, AwaitResult());
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error(result);
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<SqlRow>> Query(
      absl::string_view sql, const std::vector<SqlParam>& params) override {
    TRUSTFIT_RETURN_IF_ERROR(EnsureConnected());
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::nullptr_t>(params[i])) continue;
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        storage[i] = absl::StrCat(*n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        // Text goes as a C string: a NUL would silently cut it short (two
        // request ids differing after one would match). Validation refuses
        // NULs first; this is the last line.
        if (s->find('\0') != std::string::npos) {
          return absl::InvalidArgumentError(
              "text for PostgreSQL must not contain NUL bytes");
        }
        storage[i] = *s;
      } else {
        storage[i] = std::get<SqlBytes>(params[i]).data;
        formats[i] = 1;  // Binary: bytes go as they are.
      }
      values[i] = storage[i].data();
      lengths[i] = static_cast<int>(storage[i].size());
    }
    if (!PQsendQueryParams(conn_, std::string(sql).c_str(),
                           static_cast<int>(params.size()), nullptr,
                           values.data(), lengths.data(), formats.data(),
                           /*resultFormat=*/0)) {
      return SendFailed();
    }
    TRUSTFIT_ASSIGN_OR_RETURN(PGresult * result, AwaitResult());
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error(result);
    return Rows(result);
  }

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }

  // Settings of every new connection.
  absl::Status Configure() {
    const std::string settings = absl::StrCat(
        "SET client_min_messages = warning; SET statement_timeout = ",
        std::chrono::milliseconds(kStatementTimeout).count());
    PGresult* result = PQexec(conn_, settings.c_str());
    std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) return Error(result);
    return absl::OkStatus();
  }

 private:
  static constexpr Oid kByteaOid = 17;

  static std::vector<SqlRow> Rows(PGresult* result) {
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

  // The result of the statement just sent, waiting at most
  // kStatementTimeout. The server enforces the same statement_timeout, but
  // a server that is frozen (SIGSTOP, a hung disk) enforces nothing, so the
  // wait is bounded here too; after it the connection is dropped, since
  // its state is unknown, and the next statement reconnects.
  absl::StatusOr<PGresult*> AwaitResult() {
    const auto deadline = std::chrono::steady_clock::now() + kStatementTimeout +
                          std::chrono::seconds(1);
    PGresult* last = nullptr;
    for (;;) {
      while (PQisBusy(conn_)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd fd{PQsocket(conn_), POLLIN, 0};
        const int ready =
            left.count() > 0 ? poll(&fd, 1, static_cast<int>(left.count())) : 0;
        if (ready == 0) {
          if (last != nullptr) PQclear(last);
          Drop();
          return absl::DeadlineExceededError(absl::StrCat(
              "postgresql: no answer within ",
              (kStatementTimeout + std::chrono::seconds(1)).count(),
              " s; the connection was dropped"));
        }
        if (ready < 0 && errno != EINTR) break;
        if (!PQconsumeInput(conn_)) break;
      }
      PGresult* next = PQgetResult(conn_);
      if (next == nullptr) break;
      if (last != nullptr) PQclear(last);
      last = next;
    }
    if (last == nullptr) {
      return absl::UnavailableError(
          absl::StrCat("postgresql: ", PQerrorMessage(conn_)));
    }
    return last;
  }

  absl::Status SendFailed() {
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", PQerrorMessage(conn_)));
  }

  void Drop() {
    PQfinish(conn_);
    conn_ = nullptr;
  }

  // After a broken or dropped connection (a restarted or hung database),
  // try once to reconnect.
  absl::Status EnsureConnected() {
    if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK)
      return absl::OkStatus();
    if (conn_ == nullptr) {
      conn_ = ConnectTo(uri_);
    } else {
      PQreset(conn_);
    }
    if (PQstatus(conn_) == CONNECTION_OK) return Configure();
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", PQerrorMessage(conn_)));
  }

 private:
  absl::Status Error(PGresult* result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string message(absl::StripTrailingAsciiWhitespace(
        absl::StrCat("postgresql: ", PQresultErrorMessage(result))));
    if (state != nullptr && std::string(state) == "23505") {
      return absl::AlreadyExistsError(message);  // unique_violation
    }
    if (state != nullptr && std::string(state) == "57014") {
      return absl::DeadlineExceededError(message);  // statement timeout
    }
    if (PQstatus(conn_) != CONNECTION_OK ||
        (state != nullptr && state[0] == '0' && state[1] == '8')) {
      return absl::UnavailableError(message);  // connection exceptions
    }
    return absl::InternalError(message);
  }

  PGconn* conn_;
  const std::string uri_;
};

class PostgresDatabase final : public SqlDatabase {
 public:
  explicit PostgresDatabase(std::string uri) : uri_(std::move(uri)) {}

  absl::StatusOr<std::unique_ptr<SqlConnection>> Connect() override {
    PGconn* conn = ConnectTo(uri_);
    if (PQstatus(conn) != CONNECTION_OK) {
      const std::string message(
          absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn)));
      PQfinish(conn);
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", Describe(), ": ", message));
    }
    auto connection = std::make_unique<PostgresConnection>(conn, uri_);
    TRUSTFIT_RETURN_IF_ERROR(connection->Configure());
    return connection;
  }

  std::string Describe() const override { return RedactPassword(uri_); }

 private:
  std::string uri_;
};

}  // namespace

std::string RedactPassword(const std::string& uri) {
  // postgresql://user:SECRET@host/...
  static const std::regex kUserInfo("(://[^:/@]*:)[^@]*@");
  // ...?password=SECRET&... in a URI, or password=SECRET (quoted or not) in
  // a key=value connection string.
  static const std::regex kParameter(
      "((?:^|[?&\\s])password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^&\\s]*)",
      std::regex::icase);
  return std::regex_replace(std::regex_replace(uri, kUserInfo, "$1***@"),
                            kParameter, "$1***");
}

std::unique_ptr<SqlDatabase> OpenPostgresDatabase(std::string uri) {
  return std::make_unique<PostgresDatabase>(std::move(uri));
}

}  // namespace trustfit::server
