#include "server/store/assessment_store.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scoring/status_macros.h"
#include "server/store/migrations.h"
#include "server/store/paged_query.h"
#include "server/store/postgres_connection.h"
#include "server/store/reader_pool.h"
#include "server/store/record_names.h"
#include "server/store/sqlite_connection.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

// The page-token key: made once, by whichever replica gets there first.
absl::StatusOr<std::string> LoadPageTokenKey(SqlConnection* connection) {
  TRUSTFIT_RETURN_IF_ERROR(
      connection
          ->Query(
              "INSERT INTO settings (key, value) VALUES ('page_token_key', $1) "
              "ON CONFLICT (key) DO NOTHING",
              {SqlBytes{RandomBytes(32)}})
          .status());
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::vector<SqlRow> key,
      connection->Query(
          "SELECT value FROM settings WHERE key = 'page_token_key'", {}));
  if (key.empty() || !key[0][0])
    return absl::InternalError("no page token key");
  return *std::move(key[0][0]);
}

absl::Status Busy() {
  return absl::UnavailableError(
      absl::StrCat("the store is busy: ", ReaderPool::kMaxQueuedReads,
                   " reads are waiting"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<AssessmentStore>> AssessmentStore::Open(
    std::unique_ptr<SqlDatabase> database, int readers, CommitObserver observer,
    std::unique_ptr<RecordLog> record_log) {
  std::unique_ptr<AssessmentStore> store(new AssessmentStore());
  store->database_ = std::move(database);
  store->record_log_ = std::move(record_log);
  TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> writer,
                            store->database_->Connect());
  store->names_ = std::make_unique<RecordNames>(
      /*time_ordered=*/writer->dialect() == SqlDialect::kSqlite);
  TRUSTFIT_RETURN_IF_ERROR(Migrate(writer.get()));
  TRUSTFIT_RETURN_IF_ERROR(store->names_->ContinueNames(writer.get()));
  TRUSTFIT_RETURN_IF_ERROR(
      CheckRecordLog(writer.get(), store->record_log_.get()));
  TRUSTFIT_ASSIGN_OR_RETURN(store->page_token_key_,
                            LoadPageTokenKey(writer.get()));
  TRUSTFIT_ASSIGN_OR_RETURN(store->readers_,
                            ReaderPool::Open(store->database_.get(), readers));
  TRUSTFIT_ASSIGN_OR_RETURN(store->decisions_,
                            DecisionStore::Open(store->database_.get()));
  ReaderPool* pool = store->readers_.get();
  store->writer_ = std::make_unique<GroupCommitWriter>(
      std::move(writer), store->record_log_.get(), std::move(observer),
      [pool](const absl::Status& status) { pool->NoteOutcome(status); });
  return store;
}

AssessmentStore::~AssessmentStore() {
  // Reads first, as they may be queued behind nothing else; then the writer
  // commits what is queued and calls its callers back.
  if (readers_ != nullptr) readers_->Stop();
  writer_.reset();
}

std::string AssessmentStore::NewName() { return names_->NewName(); }

void AssessmentStore::Create(NewRecord record, CreateDone done) {
  writer_->Create(std::move(record), std::move(done));
}

absl::StatusOr<v1::AssessmentRecord> AssessmentStore::ReadRecord(
    const SqlRow& row, int column) const {
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string bytes,
                            RecordBytes(row, column, record_log_.get()));
  v1::AssessmentRecord record;
  if (!record.ParseFromString(bytes)) {
    return absl::DataLossError("a stored record cannot be read");
  }
  return record;
}

absl::StatusOr<v1::AssessmentRecord> AssessmentStore::Get(
    absl::string_view id) {
  ReaderPool::Connection reader(readers_.get());
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> rows,
      reader->Query("SELECT record, record_offset, record_length FROM "
                    "assessments WHERE id = $1",
                    {std::string(id)}));
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("no assessment assessments/", id));
  }
  return ReadRecord(rows[0], 0);
}

absl::StatusOr<ListPage> AssessmentStore::List(const ListQuery& query) {
  PagedQuery select(
      "SELECT seq, record, record_offset, record_length FROM assessments");
  if (!query.urn.empty()) select.Where("urn =", query.urn);
  if (!query.cluster_id.empty()) select.Where("cluster_id =", query.cluster_id);
  if (query.recommendation != v1::ARRANGEMENT_UNSPECIFIED) {
    select.Where("recommendation =", int64_t{query.recommendation});
  }
  if (query.created_after_us)
    select.Where("create_time_us >=", *query.created_after_us);
  if (query.created_before_us)
    select.Where("create_time_us <", *query.created_before_us);
  const PagedQuery::Statement statement =
      std::move(select).NewestFirst(query.after_seq, query.limit);

  ReaderPool::Connection reader(readers_.get());
  TRUSTFIT_ASSIGN_OR_RETURN(const std::vector<SqlRow> rows,
                            reader->Query(statement.sql, statement.params));
  ListPage page;
  // A page ends early rather than outgrow max_bytes (always holding one
  // record, so that paging moves on).
  size_t bytes = 0, kept = 0;
  for (; kept < rows.size() && static_cast<int>(kept) < query.limit; ++kept) {
    TRUSTFIT_ASSIGN_OR_RETURN(v1::AssessmentRecord record,
                              ReadRecord(rows[kept], 1));
    bytes += record.ByteSizeLong();
    if (kept > 0 && bytes > query.max_bytes) break;
    page.records.push_back(std::move(record));
  }
  if (kept < rows.size()) {
    int64_t last_seq;
    if (!absl::SimpleAtoi(rows[kept - 1][0].value_or(""), &last_seq)) {
      return absl::InternalError("bad sequence number");
    }
    page.next_after_seq = last_seq;
  }
  return page;
}

void AssessmentStore::GetAsync(
    std::string id,
    std::function<void(absl::StatusOr<v1::AssessmentRecord>)> done) {
  auto shared = std::make_shared<decltype(done)>(std::move(done));
  if (!readers_->Enqueue([this, id = std::move(id), shared] {
        absl::StatusOr<v1::AssessmentRecord> record = Get(id);
        if (record.status().code() != absl::StatusCode::kNotFound)
          readers_->NoteOutcome(record.status());
        (*shared)(std::move(record));
      })) {
    (*shared)(Busy());
  }
}

void AssessmentStore::ListAsync(
    ListQuery query, std::function<void(absl::StatusOr<ListPage>)> done) {
  auto shared = std::make_shared<decltype(done)>(std::move(done));
  if (!readers_->Enqueue([this, query = std::move(query), shared] {
        absl::StatusOr<ListPage> page = List(query);
        readers_->NoteOutcome(page.status());
        (*shared)(std::move(page));
      })) {
    (*shared)(Busy());
  }
}

void AssessmentStore::SetHealthObserver(std::function<void(bool)> observer) {
  readers_->SetHealthObserver(std::move(observer));
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
    TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<RecordLog> log,
                              RecordLog::Open(SqliteStoreFiles(path).back()));
    return AssessmentStore::Open(OpenSqliteDatabase(path), 4,
                                 std::move(observer), std::move(log));
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
