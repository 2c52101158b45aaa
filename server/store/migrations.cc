#include "server/store/migrations.h"

#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "scoring/status_macros.h"
#include "server/store/decision_store.h"
#include "trustfit/v1/record.pb.h"

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
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> rows,
      connection->Query(
          "SELECT seq, record FROM assessments WHERE recommendation = 0", {}));
  for (const SqlRow& row : rows) {
    v1::AssessmentRecord record;
    int64_t seq;
    if (!row[0] || !row[1] || !absl::SimpleAtoi(*row[0], &seq) ||
        !record.ParseFromString(*row[1])) {
      return absl::DataLossError("migration 2: a stored record cannot be read");
    }
    TRUSTFIT_RETURN_IF_ERROR(
        connection
            ->Query(
                "UPDATE assessments SET recommendation = $1 WHERE seq = $2",
                {int64_t{record.assessment().recommendation().arrangement()},
                 seq})
            .status());
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
    // reads records must read them with RecordBytes() (record_log.h).
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

// Applies step `m` inside Migrate's transaction.
absl::Status ApplyMigration(SqlConnection* connection, const Migration& m) {
  const bool postgres = connection->dialect() == SqlDialect::kPostgres;
  if (absl::Status s = connection->Exec(postgres ? m.postgres : m.sqlite);
      !s.ok()) {
    return absl::InternalError(
        absl::StrCat("schema migration ", m.version, " failed: ", s.message()));
  }
  if (m.backfill != nullptr) TRUSTFIT_RETURN_IF_ERROR(m.backfill(connection));
  return connection
      ->Query(
          "INSERT INTO schema_migrations (version, applied_at_us) VALUES ($1, "
          "$2)",
          {int64_t{m.version}, absl::ToUnixMicros(absl::Now())})
      .status();
}

// Migrate's work once its transaction is open.
absl::Status MigrateLocked(SqlConnection* connection, int target_version) {
  if (connection->dialect() == SqlDialect::kPostgres) {
    TRUSTFIT_RETURN_IF_ERROR(
        connection->Exec("SELECT pg_advisory_xact_lock(7316012)"));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(const int current, SchemaVersion(connection));
  if (current > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the store's schema is version ", current,
                     ", newer than this server's ", LatestSchemaVersion(),
                     ": upgrade the server"));
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= current || m.version > target_version) continue;
    TRUSTFIT_RETURN_IF_ERROR(ApplyMigration(connection, m));
  }
  return absl::OkStatus();
}

}  // namespace

int LatestSchemaVersion() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

absl::StatusOr<int> SchemaVersion(SqlConnection* connection) {
  TRUSTFIT_RETURN_IF_ERROR(connection->Exec(kCreateMigrationsTable));
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> rows,
      connection->Query(
          "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  int version = 0;
  if (rows.empty() || !rows[0][0] || !absl::SimpleAtoi(*rows[0][0], &version)) {
    return absl::InternalError("cannot read the schema version");
  }
  return version;
}

absl::Status Migrate(SqlConnection* connection, int target_version) {
  if (target_version < 0) target_version = LatestSchemaVersion();
  const bool postgres = connection->dialect() == SqlDialect::kPostgres;
  // One transaction for all of it; replicas starting together queue on the
  // lock rather than racing to create the same tables.
  TRUSTFIT_RETURN_IF_ERROR(
      connection->Exec(postgres ? "BEGIN" : "BEGIN IMMEDIATE"));
  if (absl::Status s = MigrateLocked(connection, target_version); !s.ok()) {
    (void)connection->Exec("ROLLBACK");
    return s;
  }
  return connection->Exec("COMMIT");
}

}  // namespace trustfit::server
