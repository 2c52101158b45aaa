#include "server/store/assessment_store.h"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "scoring/dates.h"
#include "scoring/proto_bytes.h"
#include "server/store/decision_store.h"
#include "server/store/postgres_connection.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

// A step of the schema. Each has its SQL for both dialects and may have a
// backfill that rewrites existing rows. Never change a released migration:
// add the next one.
struct Migration {
  int version;
  const char* sqlite;
  const char* postgres;
  absl::Status (*backfill)(SqlConnection*);
};

// Version 2 records the recommendation in its own column for filtering;
// rows written by version 1 get it from their stored record.
absl::Status BackfillRecommendation(SqlConnection* connection) {
  absl::StatusOr<std::vector<SqlRow>> rows = connection->Query(
      "SELECT seq, record FROM assessments WHERE recommendation = 0", {});
  if (!rows.ok()) return rows.status();
  for (const SqlRow& row : *rows) {
    v1::AssessmentRecord record;
    int64_t seq;
    if (!row[0] || !row[1] || !absl::SimpleAtoi(*row[0], &seq) ||
        !record.ParseFromString(*row[1])) {
      return absl::DataLossError("migration 2: a stored record cannot be read");
    }
    absl::StatusOr<std::vector<SqlRow>> updated = connection->Query(
        "UPDATE assessments SET recommendation = $1 WHERE seq = $2",
        {int64_t{record.assessment().recommendation().arrangement()}, seq});
    if (!updated.ok()) return updated.status();
  }
  return absl::OkStatus();
}

constexpr Migration kMigrations[] = {
    {1,
     R"sql(
      CREATE TABLE assessments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        request_id TEXT UNIQUE,
        request_hash TEXT,
        urn TEXT NOT NULL,
        cluster_id TEXT NOT NULL,
        create_time_us INTEGER NOT NULL,
        record BLOB NOT NULL);
      CREATE INDEX assessments_by_urn ON assessments (urn, seq);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
     )sql",
     R"sql(
      CREATE TABLE assessments (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        request_id TEXT UNIQUE,
        request_hash TEXT,
        urn TEXT NOT NULL,
        cluster_id TEXT NOT NULL,
        create_time_us BIGINT NOT NULL,
        record BYTEA NOT NULL);
      CREATE INDEX assessments_by_urn ON assessments (urn, seq);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
     )sql",
     nullptr},
    {2,
     R"sql(
      ALTER TABLE assessments ADD COLUMN recommendation INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX assessments_by_cluster ON assessments (cluster_id, seq);
      CREATE INDEX assessments_by_recommendation ON assessments (recommendation, seq);
     )sql",
     R"sql(
      ALTER TABLE assessments ADD COLUMN recommendation INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX assessments_by_cluster ON assessments (cluster_id, seq);
      CREATE INDEX assessments_by_recommendation ON assessments (recommendation, seq);
     )sql",
     BackfillRecommendation},
    // Version 3: on SQLite a record's bytes may live in the record log
    // (record_log.h), the row holding where; `record` is then empty.
    // Earlier rows keep their bytes in `record`. A future backfill that
    // reads records must read them with RecordBytes().
    {3,
     R"sql(
      ALTER TABLE assessments ADD COLUMN record_offset INTEGER;
      ALTER TABLE assessments ADD COLUMN record_length INTEGER;
     )sql",
     R"sql(
      ALTER TABLE assessments ADD COLUMN record_offset BIGINT;
      ALTER TABLE assessments ADD COLUMN record_length BIGINT;
     )sql",
     nullptr},
    // Version 4 writes fewer index pages a commit: every commit rewrites a
    // page of each b-tree it touches, however little it adds. request_id's
    // unique index leaves out the rows without one (most), and on SQLite
    // seq loses AUTOINCREMENT, which updated sqlite_sequence on every
    // insert: SQLite gives a new row one more than the largest seq, and
    // records are never deleted, so seq still only grows. SQLite changes a
    // column's constraints only by copying the table.
    {4,
     R"sql(
      CREATE TABLE assessments_v4 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        request_id TEXT,
        request_hash TEXT,
        urn TEXT NOT NULL,
        cluster_id TEXT NOT NULL,
        create_time_us INTEGER NOT NULL,
        record BLOB NOT NULL,
        recommendation INTEGER NOT NULL DEFAULT 0,
        record_offset INTEGER,
        record_length INTEGER);
      INSERT INTO assessments_v4 SELECT seq, id, request_id, request_hash, urn,
        cluster_id, create_time_us, record, recommendation, record_offset,
        record_length FROM assessments;
      DROP TABLE assessments;
      DELETE FROM sqlite_sequence WHERE name = 'assessments';
      ALTER TABLE assessments_v4 RENAME TO assessments;
      CREATE INDEX assessments_by_urn ON assessments (urn, seq);
      CREATE INDEX assessments_by_cluster ON assessments (cluster_id, seq);
      CREATE INDEX assessments_by_recommendation ON assessments (recommendation, seq);
      CREATE UNIQUE INDEX assessments_by_request_id ON assessments (request_id)
        WHERE request_id IS NOT NULL;
     )sql",
     R"sql(
      ALTER TABLE assessments DROP CONSTRAINT assessments_request_id_key;
      CREATE UNIQUE INDEX assessments_by_request_id ON assessments (request_id)
        WHERE request_id IS NOT NULL;
     )sql",
     nullptr},
    // Version 5: board decisions and arrangements (decision_store.h).
    {5, kDecisionSchemaSqlite, kDecisionSchemaPostgres, nullptr},
};

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at_us BIGINT NOT NULL)";

std::string RandomBytes(int n) {
  std::string bytes(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), n);
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> AssessmentStore::RecordBytes(const SqlRow& row,
                                                         int column) const {
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
  if (record_log_ == nullptr) {
    return absl::DataLossError(
        "a stored record is in a record log, and this store has none");
  }
  return record_log_->Read(at, size);
}

absl::StatusOr<v1::AssessmentRecord> AssessmentStore::ReadRecord(
    const SqlRow& row, int column) const {
  absl::StatusOr<std::string> bytes = RecordBytes(row, column);
  if (!bytes.ok()) return bytes.status();
  v1::AssessmentRecord record;
  if (!record.ParseFromString(*bytes)) {
    return absl::DataLossError("a stored record cannot be read");
  }
  return record;
}

int AssessmentStore::LatestSchemaVersion() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

absl::StatusOr<int> AssessmentStore::SchemaVersion(SqlConnection* connection) {
  if (absl::Status s = connection->Exec(kCreateMigrationsTable); !s.ok())
    return s;
  absl::StatusOr<std::vector<SqlRow>> rows = connection->Query(
      "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
  if (!rows.ok()) return rows.status();
  int version = 0;
  if (rows->empty() || !(*rows)[0][0] ||
      !absl::SimpleAtoi(*(*rows)[0][0], &version)) {
    return absl::InternalError("cannot read the schema version");
  }
  return version;
}

absl::Status AssessmentStore::Migrate(SqlConnection* connection,
                                      int target_version) {
  if (target_version < 0) target_version = LatestSchemaVersion();
  const bool postgres = connection->dialect() == SqlDialect::kPostgres;
  // One transaction for all of it; replicas starting together queue on the
  // lock rather than racing to create the same tables.
  if (absl::Status s = connection->Exec(postgres ? "BEGIN" : "BEGIN IMMEDIATE");
      !s.ok())
    return s;
  auto fail = [&](absl::Status status) {
    (void)connection->Exec("ROLLBACK");
    return status;
  };
  if (postgres) {
    if (absl::Status s =
            connection->Exec("SELECT pg_advisory_xact_lock(7316012)");
        !s.ok()) {
      return fail(s);
    }
  }
  absl::StatusOr<int> current = SchemaVersion(connection);
  if (!current.ok()) return fail(current.status());
  if (*current > LatestSchemaVersion()) {
    return fail(absl::FailedPreconditionError(
        absl::StrCat("the store's schema is version ", *current,
                     ", newer than this server's ", LatestSchemaVersion(),
                     ": upgrade the server")));
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= *current || m.version > target_version) continue;
    if (absl::Status s = connection->Exec(postgres ? m.postgres : m.sqlite);
        !s.ok()) {
      return fail(absl::InternalError(absl::StrCat(
          "schema migration ", m.version, " failed: ", s.message())));
    }
    if (m.backfill != nullptr) {
      if (absl::Status s = m.backfill(connection); !s.ok()) return fail(s);
    }
    absl::StatusOr<std::vector<SqlRow>> recorded = connection->Query(
        "INSERT INTO schema_migrations (version, applied_at_us) VALUES ($1, "
        "$2)",
        {int64_t{m.version}, absl::ToUnixMicros(absl::Now())});
    if (!recorded.ok()) return fail(recorded.status());
  }
  return connection->Exec("COMMIT");
}

namespace {

// A failure that says nothing about the database: the request was bad, a
// repeat, or for a record that is not there.
bool IsRequestsFault(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kAlreadyExists ||
         status.code() == absl::StatusCode::kNotFound;
}

}  // namespace

AssessmentStore::AssessmentStore(std::unique_ptr<SqlDatabase> database)
    : database_(std::move(database)) {}

absl::StatusOr<std::unique_ptr<AssessmentStore>> AssessmentStore::Open(
    std::unique_ptr<SqlDatabase> database, int readers, CommitObserver observer,
    std::unique_ptr<RecordLog> record_log) {
  std::unique_ptr<AssessmentStore> store(
      new AssessmentStore(std::move(database)));
  store->observer_ = std::move(observer);
  store->record_log_ = std::move(record_log);
  absl::StatusOr<std::unique_ptr<SqlConnection>> writer =
      store->database_->Connect();
  if (!writer.ok()) return writer.status();
  store->writer_connection_ = *std::move(writer);
  store->time_ordered_names_ =
      store->writer_connection_->dialect() == SqlDialect::kSqlite;
  if (absl::Status s = Migrate(store->writer_connection_.get()); !s.ok())
    return s;
  if (store->time_ordered_names_) {
    if (absl::Status s = store->ContinueNames(); !s.ok()) return s;
  }
  if (absl::Status s = store->CheckRecordLog(); !s.ok()) return s;

  // The page-token key: made once, by whichever replica gets there first.
  absl::StatusOr<std::vector<SqlRow>> inserted =
      store->writer_connection_->Query(
          "INSERT INTO settings (key, value) VALUES ('page_token_key', $1) "
          "ON CONFLICT (key) DO NOTHING",
          {SqlBytes{RandomBytes(32)}});
  if (!inserted.ok()) return inserted.status();
  absl::StatusOr<std::vector<SqlRow>> key = store->writer_connection_->Query(
      "SELECT value FROM settings WHERE key = 'page_token_key'", {});
  if (!key.ok()) return key.status();
  if (key->empty() || !(*key)[0][0])
    return absl::InternalError("no page token key");
  store->page_token_key_ = *(*key)[0][0];

  for (int i = 0; i < readers; ++i) {
    absl::StatusOr<std::unique_ptr<SqlConnection>> reader =
        store->database_->Connect();
    if (!reader.ok()) return reader.status();
    store->readers_.push_back(*std::move(reader));
  }
  absl::StatusOr<std::unique_ptr<DecisionStore>> decisions =
      DecisionStore::Open(store->database_.get());
  if (!decisions.ok()) return decisions.status();
  store->decisions_ = *std::move(decisions);
  for (int i = 0; i < readers; ++i)
    store->read_threads_.emplace_back([s = store.get(), i] { s->ReadLoop(i); });
  store->completer_ = std::thread([s = store.get()] { s->CompletionLoop(); });
  store->writer_ = std::thread([s = store.get()] { s->WriterLoop(); });
  return store;
}

AssessmentStore::~AssessmentStore() {
  {
    std::lock_guard<std::mutex> lock(reads_mu_);
    reads_stopping_ = true;
  }
  reads_changed_.notify_all();
  for (std::thread& reader : read_threads_) reader.join();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (writer_.joinable()) writer_.join();
  {
    std::lock_guard<std::mutex> lock(completions_mu_);
    writer_done_ = true;
  }
  completions_changed_.notify_all();
  if (completer_.joinable()) completer_.join();
}

void AssessmentStore::CompletionLoop() {
  for (;;) {
    std::deque<std::function<void()>> ready;
    {
      std::unique_lock<std::mutex> lock(completions_mu_);
      completions_changed_.wait(
          lock, [this] { return writer_done_ || !completions_.empty(); });
      if (completions_.empty())
        return;  // The writer has stopped and all are called.
      ready.swap(completions_);
    }
    for (auto& completion : ready) completion();
  }
}

namespace {

std::string NameDigits(uint64_t name) {
  return absl::StrCat(absl::Hex(name, absl::kZeroPad16));
}

uint64_t TimeOrderedName(absl::Time time) {
  return static_cast<uint64_t>(absl::ToUnixMicros(time)) << 8;
}

}  // namespace

absl::Status AssessmentStore::ContinueNames() {
  // Names are fixed-width lowercase hex, so text order is number order. The
  // bound leaves out random names (from servers before time-ordered ones),
  // which are spread over all 64 bits.
  absl::StatusOr<std::vector<SqlRow>> rows = writer_connection_->Query(
      "SELECT MAX(id) FROM assessments WHERE id < $1",
      {NameDigits(TimeOrderedName(absl::Now() + absl::Hours(24)))});
  if (!rows.ok()) return rows.status();
  if (rows->empty() || !(*rows)[0][0]) return absl::OkStatus();  // None yet.
  uint64_t newest = 0;
  if (!absl::SimpleHexAtoi(*(*rows)[0][0], &newest)) {
    return absl::DataLossError(
        absl::StrCat("a stored record name is not hex: ", *(*rows)[0][0]));
  }
  std::lock_guard<std::mutex> lock(name_mu_);
  last_name_ = newest;
  return absl::OkStatus();
}

absl::Status AssessmentStore::CheckRecordLog() {
  // The newest row reaches furthest into the log. Once a SQLite store has a
  // log every new row is in it, so a newest row with its bytes inline means
  // that none is (servers without the log refuse schema version 3).
  absl::StatusOr<std::vector<SqlRow>> rows = writer_connection_->Query(
      "SELECT record_offset + record_length FROM assessments "
      "ORDER BY seq DESC LIMIT 1",
      {});
  if (!rows.ok()) return rows.status();
  if (rows->empty() || !(*rows)[0][0]) return absl::OkStatus();
  int64_t needed = 0;
  if (!absl::SimpleAtoi(*(*rows)[0][0], &needed)) {
    return absl::DataLossError("a stored record's place cannot be read");
  }
  if (record_log_ == nullptr) {
    return absl::FailedPreconditionError(
        "the store's records are in a record log, and it has none");
  }
  if (record_log_->end() < needed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the record log ", record_log_->path(), " holds ", record_log_->end(),
        " bytes but the database's records reach ", needed,
        ": it is missing or older than the database; restore the database "
        "and its record log together"));
  }
  return absl::OkStatus();
}

std::string AssessmentStore::NewName() {
  if (!time_ordered_names_) {
    return absl::StrCat("assessments/", absl::BytesToHexString(RandomBytes(8)));
  }
  const uint64_t now =
      TimeOrderedName(absl::Now()) | static_cast<uint8_t>(RandomBytes(1)[0]);
  uint64_t name;
  {
    std::lock_guard<std::mutex> lock(name_mu_);
    // The clock may stand still or step back; the names still increase.
    name = last_name_ = std::max(now, last_name_ + 1);
  }
  return absl::StrCat("assessments/", NameDigits(name));
}

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

void AssessmentStore::Create(NewRecord record, CreateDone done) {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    queue_.push_back({std::move(record), std::move(done)});
  }
  queue_changed_.notify_one();
}

void AssessmentStore::WriterLoop() {
  constexpr size_t kMaxBatch = 512;
  for (;;) {
    std::vector<PendingWrite> batch;
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_changed_.wait(lock,
                          [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping, and everything is committed.
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<absl::StatusOr<CreateOutcome>> results;
    absl::Status status = CommitBatch(batch, &results);
    const bool retried = !status.ok() && batch.size() > 1;
    if (retried) {
      // Find the write at fault: commit each on its own.
      results.clear();
      for (auto& write : batch) {
        std::vector<PendingWrite> one;
        one.push_back(std::move(write));
        std::vector<absl::StatusOr<CreateOutcome>> result;
        const absl::Status single = CommitBatch(one, &result);
        results.push_back(single.ok() ? std::move(result[0])
                                      : absl::StatusOr<CreateOutcome>(single));
        write = std::move(one[0]);
      }
      status = absl::OkStatus();
    }
    // Every transaction is counted: a failed group and then each of its
    // records committed alone, so that failures are not undercounted.
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    bool all_ok = status.ok();
    for (const auto& result : results) {
      if (!result.ok()) all_ok = all_ok && IsRequestsFault(result.status());
    }
    if (observer_) {
      if (retried) {
        observer_(static_cast<int>(batch.size()), seconds, false);
        for (const auto& result : results) observer_(1, 0, result.ok());
      } else {
        observer_(static_cast<int>(batch.size()), seconds, status.ok());
      }
    }
    NoteOutcome(all_ok ? absl::OkStatus() : absl::UnavailableError("commit"));
    {
      std::lock_guard<std::mutex> lock(completions_mu_);
      for (size_t i = 0; i < batch.size(); ++i) {
        absl::StatusOr<CreateOutcome> result =
            status.ok() ? std::move(results[i])
                        : absl::StatusOr<CreateOutcome>(status);
        // Taken only now: a failed group is committed again record by record.
        if (result.ok() && !result->reused) {
          result->bytes = std::move(batch[i].record.bytes);
        }
        completions_.push_back([done = std::move(batch[i].done),
                                result = std::move(result)]() mutable {
          done(std::move(result));
        });
      }
    }
    completions_changed_.notify_one();
  }
}

absl::Status AssessmentStore::CommitBatch(
    std::vector<PendingWrite>& batch,
    std::vector<absl::StatusOr<CreateOutcome>>* results) {
  SqlConnection* c = writer_connection_.get();
  const bool postgres = c->dialect() == SqlDialect::kPostgres;
  // The bytes first, synced, so that the rows committed below point only at
  // durable bytes (see record_log.h).
  int64_t log_offset = 0;
  if (record_log_ != nullptr) {
    std::vector<const std::string*> bytes;
    bytes.reserve(batch.size());
    for (const PendingWrite& write : batch)
      bytes.push_back(&write.record.bytes);
    absl::StatusOr<int64_t> appended = record_log_->AppendAndSync(bytes);
    if (!appended.ok()) return appended.status();
    log_offset = *appended;
  }
  if (absl::Status s = c->Exec(postgres ? "BEGIN" : "BEGIN IMMEDIATE"); !s.ok())
    return s;
  auto fail = [&](absl::Status status) {
    (void)c->Exec("ROLLBACK");
    return status;
  };
  for (PendingWrite& write : batch) {
    const NewRecord& r = write.record;
    const SqlParam request_id =
        r.request_id.empty() ? SqlParam(nullptr) : SqlParam(r.request_id);
    const int64_t size = static_cast<int64_t>(r.bytes.size());
    const bool in_log = record_log_ != nullptr;
    absl::StatusOr<std::vector<SqlRow>> inserted = c->Query(
        "INSERT INTO assessments (id, request_id, request_hash, urn, "
        "cluster_id, create_time_us, recommendation, record, record_offset, "
        "record_length) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
        "ON CONFLICT (request_id) WHERE request_id IS NOT NULL DO NOTHING "
        "RETURNING seq",
        {r.id, request_id, r.request_hash, r.urn, r.cluster_id,
         r.create_time_us, r.recommendation,
         SqlBytes{in_log ? std::string() : r.bytes},
         in_log ? SqlParam(log_offset) : SqlParam(nullptr),
         in_log ? SqlParam(size) : SqlParam(nullptr)});
    log_offset += size;
    if (!inserted.ok()) return fail(inserted.status());
    if (!inserted->empty()) {
      results->push_back(CreateOutcome{});
      continue;
    }
    // The request_id was used before: the same request gets the same record.
    absl::StatusOr<std::vector<SqlRow>> earlier = c->Query(
        "SELECT request_hash, id, record, record_offset, record_length "
        "FROM assessments WHERE request_id = $1",
        {request_id});
    if (!earlier.ok()) return fail(earlier.status());
    if (earlier->empty()) {
      return fail(absl::InternalError("request_id conflict without a row"));
    }
    const SqlRow& row = (*earlier)[0];
    if (row[0].value_or("") == r.request_hash) {
      absl::StatusOr<std::string> bytes = RecordBytes(row, 2);
      if (!bytes.ok()) return fail(bytes.status());
      results->push_back(CreateOutcome{true, *std::move(bytes)});
    } else {
      results->push_back(absl::AlreadyExistsError(absl::StrCat(
          "request_id \"", r.request_id,
          "\" was already used for a different request (", "assessments/",
          row[1].value_or("?"), "); use a new request_id for a new record")));
    }
  }
  if (absl::Status s = c->Exec("COMMIT"); !s.ok()) return fail(s);
  return absl::OkStatus();
}

std::unique_ptr<SqlConnection> AssessmentStore::AcquireReader() {
  std::unique_lock<std::mutex> lock(readers_mu_);
  reader_free_.wait(lock, [this] { return !readers_.empty(); });
  std::unique_ptr<SqlConnection> connection = std::move(readers_.back());
  readers_.pop_back();
  return connection;
}

void AssessmentStore::ReleaseReader(std::unique_ptr<SqlConnection> connection) {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    readers_.push_back(std::move(connection));
  }
  reader_free_.notify_one();
}

// Borrows a reader connection and returns it on scope exit.
class AssessmentStore::Reader {
 public:
  explicit Reader(AssessmentStore* store)
      : store_(store), connection_(store->AcquireReader()) {}
  ~Reader() { store_->ReleaseReader(std::move(connection_)); }
  SqlConnection* operator->() { return connection_.get(); }

 private:
  AssessmentStore* store_;
  std::unique_ptr<SqlConnection> connection_;
};

absl::StatusOr<v1::AssessmentRecord> AssessmentStore::Get(
    absl::string_view id) {
  Reader reader(this);
  absl::StatusOr<std::vector<SqlRow>> rows = reader->Query(
      "SELECT record, record_offset, record_length FROM assessments "
      "WHERE id = $1",
      {std::string(id)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::NotFoundError(absl::StrCat("no assessment assessments/", id));
  }
  return ReadRecord((*rows)[0], 0);
}

absl::StatusOr<ListPage> AssessmentStore::List(const ListQuery& query) {
  std::string sql =
      "SELECT seq, record, record_offset, record_length FROM assessments "
      "WHERE 1 = 1";
  std::vector<SqlParam> params;
  auto where = [&](absl::string_view condition, SqlParam value) {
    params.push_back(std::move(value));
    absl::StrAppend(&sql, " AND ", condition, " $", params.size());
  };
  if (!query.urn.empty()) where("urn =", query.urn);
  if (!query.cluster_id.empty()) where("cluster_id =", query.cluster_id);
  if (query.recommendation != v1::ARRANGEMENT_UNSPECIFIED) {
    where("recommendation =", int64_t{query.recommendation});
  }
  if (query.created_after_us)
    where("create_time_us >=", *query.created_after_us);
  if (query.created_before_us)
    where("create_time_us <", *query.created_before_us);
  if (query.after_seq) where("seq <", *query.after_seq);
  // One more than asked for tells whether there is another page.
  params.push_back(int64_t{query.limit + 1});
  absl::StrAppend(&sql, " ORDER BY seq DESC LIMIT $", params.size());

  Reader reader(this);
  absl::StatusOr<std::vector<SqlRow>> rows = reader->Query(sql, params);
  if (!rows.ok()) return rows.status();
  ListPage page;
  // A page ends early rather than outgrow max_bytes (always holding one
  // record, so that paging moves on).
  size_t bytes = 0, kept = 0;
  for (; kept < rows->size() && static_cast<int>(kept) < query.limit; ++kept) {
    absl::StatusOr<v1::AssessmentRecord> record = ReadRecord((*rows)[kept], 1);
    if (!record.ok()) return record.status();
    bytes += record->ByteSizeLong();
    if (kept > 0 && bytes > query.max_bytes) break;
    page.records.push_back(*std::move(record));
  }
  if (kept < rows->size()) {
    int64_t last_seq;
    if (!absl::SimpleAtoi((*rows)[kept - 1][0].value_or(""), &last_seq)) {
      return absl::InternalError("bad sequence number");
    }
    page.next_after_seq = last_seq;
  }
  return page;
}

bool AssessmentStore::EnqueueRead(std::function<void()> read) {
  {
    std::lock_guard<std::mutex> lock(reads_mu_);
    if (reads_.size() >= kMaxQueuedReads) return false;
    reads_.push_back(std::move(read));
  }
  reads_changed_.notify_one();
  return true;
}

void AssessmentStore::GetAsync(
    std::string id,
    std::function<void(absl::StatusOr<v1::AssessmentRecord>)> done) {
  auto shared = std::make_shared<decltype(done)>(std::move(done));
  if (!EnqueueRead([this, id = std::move(id), shared] {
        absl::StatusOr<v1::AssessmentRecord> record = Get(id);
        if (record.status().code() != absl::StatusCode::kNotFound)
          NoteOutcome(record.status());
        (*shared)(std::move(record));
      })) {
    (*shared)(absl::UnavailableError(absl::StrCat(
        "the store is busy: ", kMaxQueuedReads, " reads are waiting")));
  }
}

void AssessmentStore::ListAsync(
    ListQuery query, std::function<void(absl::StatusOr<ListPage>)> done) {
  auto shared = std::make_shared<decltype(done)>(std::move(done));
  if (!EnqueueRead([this, query = std::move(query), shared] {
        absl::StatusOr<ListPage> page = List(query);
        NoteOutcome(page.status());
        (*shared)(std::move(page));
      })) {
    (*shared)(absl::UnavailableError(absl::StrCat(
        "the store is busy: ", kMaxQueuedReads, " reads are waiting")));
  }
}

void AssessmentStore::ReadLoop(int reader) {
  for (;;) {
    std::function<void()> read;
    {
      std::unique_lock<std::mutex> lock(reads_mu_);
      const bool woken = reads_changed_.wait_for(
          lock, std::chrono::seconds(2),
          [this] { return reads_stopping_ || !reads_.empty(); });
      if (!woken) {
        lock.unlock();
        // Idle: while the database is failing, one reader looks again.
        bool healthy;
        {
          std::lock_guard<std::mutex> health(health_mu_);
          healthy = healthy_;
        }
        if (!healthy && reader == 0) {
          Reader connection(this);
          NoteOutcome(connection->Exec("SELECT 1"));
        }
        continue;
      }
      if (reads_.empty()) return;  // Stopping, and every read is done.
      read = std::move(reads_.front());
      reads_.pop_front();
    }
    read();
  }
}

void AssessmentStore::SetHealthObserver(std::function<void(bool)> observer) {
  std::lock_guard<std::mutex> lock(health_mu_);
  health_observer_ = std::move(observer);
}

void AssessmentStore::NoteOutcome(const absl::Status& status) {
  // Only the database's own failures count, not a bad or repeated request.
  if (!status.ok() && IsRequestsFault(status)) return;
  std::lock_guard<std::mutex> lock(health_mu_);
  if (healthy_ == status.ok()) return;
  healthy_ = status.ok();
  if (health_observer_) health_observer_(healthy_);
}

std::vector<std::string> SqliteStoreFiles(const std::string& path) {
  return {path, path + "-wal", path + "-shm", path + "-records"};
}

absl::StatusOr<std::unique_ptr<AssessmentStore>> OpenStore(
    const std::string& url, CommitObserver observer) {
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "sqlite://")) {
    if (rest.empty())
      return absl::InvalidArgumentError("--store: sqlite:// needs a file path");
    const std::string path(rest);
    absl::StatusOr<std::unique_ptr<RecordLog>> log =
        RecordLog::Open(SqliteStoreFiles(path).back());
    if (!log.ok()) return log.status();
    return AssessmentStore::Open(OpenSqliteDatabase(path), 4,
                                 std::move(observer), *std::move(log));
  }
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    return AssessmentStore::Open(OpenPostgresDatabase(url), 4,
                                 std::move(observer));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--store: \"", RedactPassword(url),
                   "\" is not sqlite://PATH, postgresql://... or none"));
}

}  // namespace trustfit::server
