#include "server/store/decision_store.h"

#include <openssl/rand.h>

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "scoring/arrangements.h"
#include "scoring/dates.h"
#include "scoring/proto_bytes.h"
#include "scoring/status_macros.h"
#include "server/store/paged_query.h"

namespace trustfit::server {

namespace v1 = ::trustfit::v1;

// Version 5: decisions and arrangements (decision_store.h). Rows are never
// deleted, so on SQLite seq needs no AUTOINCREMENT to only grow.
const char kDecisionSchemaSqlite[] = R"sql(
  CREATE TABLE decisions (
    assessment_id TEXT PRIMARY KEY,
    outcome INTEGER NOT NULL,
    request_id TEXT,
    request_hash TEXT,
    arrangement_id TEXT,
    record_time_us INTEGER NOT NULL,
    decision BLOB NOT NULL);
  CREATE TABLE arrangements (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    urn TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    events INTEGER NOT NULL,
    arrangement BLOB NOT NULL);
  CREATE INDEX arrangements_by_cluster ON arrangements (cluster_id, state, seq);
  CREATE INDEX arrangements_by_urn ON arrangements (urn, seq);
  CREATE INDEX arrangements_by_state ON arrangements (state, seq);
  CREATE TABLE arrangement_events (
    arrangement_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    record_time_us INTEGER NOT NULL,
    event BLOB NOT NULL,
    PRIMARY KEY (arrangement_id, position));
)sql";

const char kDecisionSchemaPostgres[] = R"sql(
  CREATE TABLE decisions (
    assessment_id TEXT PRIMARY KEY,
    outcome INTEGER NOT NULL,
    request_id TEXT,
    request_hash TEXT,
    arrangement_id TEXT,
    record_time_us BIGINT NOT NULL,
    decision BYTEA NOT NULL);
  CREATE TABLE arrangements (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    urn TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    events INTEGER NOT NULL,
    arrangement BYTEA NOT NULL);
  CREATE INDEX arrangements_by_cluster ON arrangements (cluster_id, state, seq);
  CREATE INDEX arrangements_by_urn ON arrangements (urn, seq);
  CREATE INDEX arrangements_by_state ON arrangements (state, seq);
  CREATE TABLE arrangement_events (
    arrangement_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    record_time_us BIGINT NOT NULL,
    event BYTEA NOT NULL,
    PRIMARY KEY (arrangement_id, position));
)sql";

namespace {

constexpr absl::string_view kArrangementPrefix = "arrangements/";

int64_t Micros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000 + t.nanos() / 1000;
}

template <typename Message>
absl::StatusOr<Message> Parse(const std::optional<std::string>& bytes,
                              absl::string_view what) {
  Message message;
  if (!bytes || !message.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("a stored ", what, " cannot be read"));
  }
  return message;
}

std::string IdOf(const std::string& name) {
  return name.substr(kArrangementPrefix.size());
}

// The earlier decision, in words, for the refusal of a second one.
std::string Describe(const v1::Decision& d) {
  std::string text = absl::StrCat(scoring::OutcomeName(d.outcome()), " on ",
                                  scoring::FormatDate(d.decision_date()));
  if (!d.meeting_reference().empty()) {
    absl::StrAppend(&text, " (", d.meeting_reference(), ")");
  }
  if (!d.decided_by().empty()) absl::StrAppend(&text, " by ", d.decided_by());
  return text;
}

// Inserts arrangement `a` and its events on `writer`, in the caller's
// transaction.
absl::Status InsertArrangement(SqlConnection* writer,
                               const v1::ArrangementRecord& a) {
  TRUSTFIT_RETURN_IF_ERROR(
      writer
          ->Query("INSERT INTO arrangements (id, urn, cluster_id, state, "
                  "events, arrangement) VALUES ($1, $2, $3, $4, $5, $6)",
                  {IdOf(a.name()), a.urn(), a.cluster_id(), int64_t{a.state()},
                   int64_t{a.events_size()},
                   SqlBytes{scoring::SerializeDeterministic(a)}})
          .status());
  for (int i = 0; i < a.events_size(); ++i) {
    const v1::ArrangementEvent& e = a.events(i);
    TRUSTFIT_RETURN_IF_ERROR(
        writer
            ->Query("INSERT INTO arrangement_events (arrangement_id, position, "
                    "kind, record_time_us, event) VALUES ($1, $2, $3, $4, $5)",
                    {IdOf(a.name()), int64_t{i}, int64_t{e.kind()},
                     Micros(e.record_time()),
                     SqlBytes{scoring::SerializeDeterministic(e)}})
            .status());
  }
  return absl::OkStatus();
}

// The decision already on `assessment_id`, which refused a new one: given
// back for a retry of the same request (with its arrangement, if any),
// refused for anything else.
absl::Status TakeEarlierDecision(SqlConnection* writer,
                                 absl::string_view assessment_id,
                                 const std::string& request_id,
                                 const std::string& request_hash,
                                 DecisionOutcomeRow* out) {
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> earlier,
      writer->Query("SELECT request_id, request_hash, decision, "
                    "arrangement_id FROM decisions WHERE assessment_id = $1",
                    {std::string(assessment_id)}));
  if (earlier.empty()) return absl::InternalError("decision conflict");
  const SqlRow& row = earlier[0];
  TRUSTFIT_ASSIGN_OR_RETURN(v1::Decision before,
                            Parse<v1::Decision>(row[2], "decision"));
  if (request_id.empty() || row[0].value_or("") != request_id ||
      row[1].value_or("") != request_hash) {
    return scoring::Refusal(
        scoring::kRefusalAlreadyDecided,
        absl::StrCat("assessments/", assessment_id,
                     " was decided: ", Describe(before),
                     "; a decision is final: a changed mind needs a new "
                     "assessment of the school"));
  }
  out->decision = std::move(before);
  out->reused = true;
  if (!row[3]) return absl::OkStatus();
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> opened,
      writer->Query("SELECT arrangement FROM arrangements WHERE id = $1",
                    {*row[3]}));
  if (opened.empty())
    return absl::DataLossError("a decision's arrangement is missing");
  TRUSTFIT_ASSIGN_OR_RETURN(out->arrangement, Parse<v1::ArrangementRecord>(
                                                  opened[0][0], "arrangement"));
  return absl::OkStatus();
}

}  // namespace

DecisionStore::DecisionStore(std::unique_ptr<SqlConnection> writer,
                             std::unique_ptr<SqlConnection> reader)
    : writer_(std::move(writer)), reader_(std::move(reader)) {}

absl::StatusOr<std::unique_ptr<DecisionStore>> DecisionStore::Open(
    SqlDatabase* database, absl::Duration refresh_every) {
  TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> writer,
                            database->Connect());
  TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> reader,
                            database->Connect());
  std::unique_ptr<DecisionStore> store(
      new DecisionStore(std::move(writer), std::move(reader)));
  TRUSTFIT_ASSIGN_OR_RETURN(
      store->portfolio_,
      ActivePortfolio::Start([s = store.get()] { return s->Active(""); },
                             refresh_every));
  return store;
}

std::string DecisionStore::NewArrangementName() {
  // Random, like assessment names on PostgreSQL: replicas share the table.
  uint64_t value = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value));
  return absl::StrCat(kArrangementPrefix, absl::Hex(value, absl::kZeroPad16));
}

absl::Status DecisionStore::InTransaction(
    const std::function<absl::Status(SqlConnection*)>& body) {
  absl::MutexLock lock(&writer_mu_);
  SqlConnection* writer = writer_.get();
  const bool postgres = writer->dialect() == SqlDialect::kPostgres;
  // IMMEDIATE: take SQLite's write lock now, not at the first write, so a
  // read-then-write step never sees its snapshot go stale.
  TRUSTFIT_RETURN_IF_ERROR(
      writer->Exec(postgres ? "BEGIN" : "BEGIN IMMEDIATE"));
  absl::Status status = body(writer);
  if (status.ok()) status = writer->Exec("COMMIT");
  if (!status.ok()) (void)writer->Exec("ROLLBACK");
  return status;
}

absl::StatusOr<std::vector<SqlRow>> DecisionStore::Read(
    absl::string_view sql, const std::vector<SqlParam>& params) {
  absl::MutexLock lock(&reader_mu_);
  return reader_->Query(sql, params);
}

absl::StatusOr<DecisionOutcomeRow> DecisionStore::RecordDecision(
    absl::string_view assessment_id, const v1::Decision& decision,
    const std::string& request_id, const std::string& request_hash,
    const std::optional<v1::ArrangementRecord>& arrangement) {
  DecisionOutcomeRow out;
  TRUSTFIT_RETURN_IF_ERROR(InTransaction([&](SqlConnection* writer)
                                             -> absl::Status {
    TRUSTFIT_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        writer->Query(
            "INSERT INTO decisions (assessment_id, outcome, request_id, "
            "request_hash, arrangement_id, record_time_us, decision) VALUES "
            "($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (assessment_id) DO "
            "NOTHING RETURNING assessment_id",
            {std::string(assessment_id), int64_t{decision.outcome()},
             request_id.empty() ? SqlParam(nullptr) : SqlParam(request_id),
             request_hash,
             arrangement ? SqlParam(IdOf(arrangement->name()))
                         : SqlParam(nullptr),
             Micros(decision.record_time()),
             SqlBytes{scoring::SerializeDeterministic(decision)}}));
    if (inserted.empty()) {
      // Decided before: a retry of the same request, or a second decision.
      return TakeEarlierDecision(writer, assessment_id, request_id,
                                 request_hash, &out);
    }
    out.decision = decision;
    if (arrangement) {
      TRUSTFIT_RETURN_IF_ERROR(InsertArrangement(writer, *arrangement));
      out.arrangement = *arrangement;
    }
    return absl::OkStatus();
  }));
  if (out.arrangement && !out.reused) portfolio_->Remember(*out.arrangement);
  return out;
}

absl::StatusOr<v1::Decision> DecisionStore::GetDecision(
    absl::string_view assessment_id) {
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      Read("SELECT decision FROM decisions WHERE assessment_id = $1",
           {std::string(assessment_id)}));
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("assessments/", assessment_id, " has no decision"));
  }
  return Parse<v1::Decision>(rows[0][0], "decision");
}

absl::StatusOr<v1::ArrangementRecord> DecisionStore::GetArrangement(
    absl::string_view id) {
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      Read("SELECT arrangement FROM arrangements WHERE id = $1",
           {std::string(id)}));
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no arrangement ", kArrangementPrefix, id));
  }
  return Parse<v1::ArrangementRecord>(rows[0][0], "arrangement");
}

absl::StatusOr<ArrangementPage> DecisionStore::ListArrangements(
    const ArrangementQuery& query) {
  PagedQuery select("SELECT seq, arrangement FROM arrangements");
  if (!query.urn.empty()) select.Where("urn =", query.urn);
  if (!query.cluster_id.empty()) select.Where("cluster_id =", query.cluster_id);
  if (query.state != v1::ARRANGEMENT_STATE_UNSPECIFIED) {
    select.Where("state =", int64_t{query.state});
  }
  const PagedQuery::Statement statement =
      std::move(select).NewestFirst(query.after_seq, query.limit);
  TRUSTFIT_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                            Read(statement.sql, statement.params));
  ArrangementPage page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < query.limit;
       ++i) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        v1::ArrangementRecord a,
        Parse<v1::ArrangementRecord>(rows[i][1], "arrangement"));
    page.arrangements.push_back(std::move(a));
  }
  if (static_cast<int>(rows.size()) > query.limit) {
    int64_t last = 0;
    if (!absl::SimpleAtoi(rows[query.limit - 1][0].value_or(""), &last)) {
      return absl::InternalError("bad sequence number");
    }
    page.next_after_seq = last;
  }
  return page;
}

absl::StatusOr<std::vector<v1::ArrangementRecord>> DecisionStore::Active(
    const std::string& cluster_id) {
  std::string sql = "SELECT arrangement FROM arrangements WHERE state = $1";
  std::vector<SqlParam> params = {int64_t{v1::ARRANGEMENT_STATE_ACTIVE}};
  if (!cluster_id.empty()) {
    sql += " AND cluster_id = $2";
    params.push_back(cluster_id);
  }
  sql += " ORDER BY seq";
  TRUSTFIT_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Read(sql, params));
  std::vector<v1::ArrangementRecord> out;
  out.reserve(rows.size());
  for (const SqlRow& row : rows) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        v1::ArrangementRecord a,
        Parse<v1::ArrangementRecord>(row[0], "arrangement"));
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

// One step of an arrangement, inside UpdateArrangement's transaction.
absl::StatusOr<v1::ArrangementRecord> StepArrangement(
    SqlConnection* writer, absl::string_view id,
    const DecisionStore::Step& step) {
  const bool postgres = writer->dialect() == SqlDialect::kPostgres;
  // The row's lock (PostgreSQL) or the database's (SQLite, taken by BEGIN
  // IMMEDIATE) holds off any other step until this one commits.
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      writer->Query(
          absl::StrCat("SELECT arrangement FROM arrangements WHERE id = $1",
                       postgres ? " FOR UPDATE" : ""),
          {std::string(id)}));
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no arrangement ", kArrangementPrefix, id));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(
      v1::ArrangementRecord current,
      Parse<v1::ArrangementRecord>(rows[0][0], "arrangement"));
  TRUSTFIT_ASSIGN_OR_RETURN(v1::ArrangementRecord stepped, step(current));
  const int position = current.events_size();
  if (stepped.events_size() != position + 1) {
    return absl::InternalError("a step must add exactly one event");
  }
  const v1::ArrangementEvent& event = stepped.events(position);
  TRUSTFIT_RETURN_IF_ERROR(
      writer
          ->Query("INSERT INTO arrangement_events (arrangement_id, position, "
                  "kind, record_time_us, event) VALUES ($1, $2, $3, $4, $5)",
                  {std::string(id), int64_t{position}, int64_t{event.kind()},
                   Micros(event.record_time()),
                   SqlBytes{scoring::SerializeDeterministic(event)}})
          .status());
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> updated,
      writer->Query(
          "UPDATE arrangements SET state = $1, events = $2, arrangement = $3 "
          "WHERE id = $4 AND events = $5 RETURNING seq",
          {int64_t{stepped.state()}, int64_t{position + 1},
           SqlBytes{scoring::SerializeDeterministic(stepped)}, std::string(id),
           int64_t{position}}));
  if (updated.empty()) {
    return absl::AbortedError("the arrangement changed meanwhile; retry");
  }
  return stepped;
}

}  // namespace

absl::StatusOr<v1::ArrangementRecord> DecisionStore::UpdateArrangement(
    absl::string_view id, const Step& step) {
  v1::ArrangementRecord next;
  TRUSTFIT_RETURN_IF_ERROR(
      InTransaction([&](SqlConnection* writer) -> absl::Status {
        TRUSTFIT_ASSIGN_OR_RETURN(next, StepArrangement(writer, id, step));
        return absl::OkStatus();
      }));
  portfolio_->Remember(next);
  return next;
}

}  // namespace trustfit::server
