// The assessment store, run identically against SQLite and PostgreSQL.

#include "server/store/assessment_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/status_macros.h"
#include "server/service/page_token.h"
#include "server/store/migrations.h"
#include "server/store/sqlite_connection.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Backend;
using ::trustfit::testing::MakeRecord;
using ::trustfit::testing::ScratchStore;

// Stores `record` under a new name (unless it has one), as the service does;
// the stored record, or the earlier one for a repeated request.
absl::StatusOr<v1::AssessmentRecord> CreateAndWait(
    AssessmentStore* store, v1::AssessmentRecord record,
    const std::string& hash = "h") {
  if (record.name().empty()) record.set_name(store->NewName());
  std::promise<absl::StatusOr<CreateOutcome>> done;
  store->Create(PrepareRecord(record, hash),
                [&done](absl::StatusOr<CreateOutcome> r) {
                  done.set_value(std::move(r));
                });
  absl::StatusOr<CreateOutcome> outcome = done.get_future().get();
  if (!outcome.ok()) return outcome.status();
  v1::AssessmentRecord stored;
  if (!stored.ParseFromString(outcome->bytes))
    return absl::DataLossError("unreadable");
  // A new record comes back as it went in.
  if (!outcome->reused) {
    EXPECT_EQ(stored.SerializeAsString(), record.SerializeAsString());
  }
  return stored;
}

// Starts `count` creates of `record` at once; each name (or "" on error)
// arrives in `names`.
std::vector<std::string> CreateMany(AssessmentStore* store,
                                    const v1::AssessmentRecord& record,
                                    int count) {
  std::vector<std::promise<bool>> done(count);
  std::vector<std::string> names(count);
  for (int i = 0; i < count; ++i) {
    v1::AssessmentRecord copy = record;
    copy.set_name(store->NewName());
    names[i] = copy.name();
    store->Create(PrepareRecord(copy, "h"),
                  [&done, i](absl::StatusOr<CreateOutcome> r) {
                    done[i].set_value(r.ok());
                  });
  }
  for (int i = 0; i < count; ++i) {
    if (!done[i].get_future().get()) names[i].clear();
  }
  return names;
}

class AssessmentStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = scratch_.Create(GetParam());
    TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url_);
    Reopen();
  }

  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::string Id(const v1::AssessmentRecord& record) {
    return record.name().substr(std::string("assessments/").size());
  }

  ScratchStore scratch_;
  std::string url_;
  std::unique_ptr<AssessmentStore> store_;
};

TEST_P(AssessmentStoreTest, CreatedRecordsCanBeReadBack) {
  absl::StatusOr<v1::AssessmentRecord> created =
      CreateAndWait(store_.get(), MakeRecord("coasting"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(created->name(),
              ::testing::MatchesRegex("assessments/[0-9a-f]{16}"));
  absl::StatusOr<v1::AssessmentRecord> read = store_->Get(Id(*created));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), created->SerializeAsString());
  EXPECT_EQ(read->assessment().recommendation().arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST_P(AssessmentStoreTest, NamesAreUniqueAndTimeOrderedOnSqliteOnly) {
  std::vector<std::string> names;
  for (int i = 0; i < 2000; ++i) names.push_back(store_->NewName());
  for (const std::string& name : names) {
    ASSERT_THAT(name, ::testing::MatchesRegex("assessments/[0-9a-f]{16}"));
  }
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(),
            names.size());
  // Fixed-width hex: ordered as text is ordered as numbers.
  const bool increasing =
      std::is_sorted(names.begin(), names.end()) &&
      std::adjacent_find(names.begin(), names.end()) == names.end();
  if (GetParam() == Backend::kSqlite) {
    EXPECT_TRUE(increasing);
    // Microseconds since 1970 in the top 56 bits.
    const uint64_t first = std::stoull(names.front().substr(12), nullptr, 16);
    EXPECT_NEAR(static_cast<double>(first >> 8),
                static_cast<double>(absl::ToUnixMicros(absl::Now())), 60e6);
    // Still increasing after a restart (the clock has moved on).
    Reopen();
    EXPECT_GT(store_->NewName(), names.back());
  } else {
    EXPECT_FALSE(increasing);  // 2,000 random names in order: never.
  }
}

TEST_P(AssessmentStoreTest, SqliteNamesContinueAboveStoredOnesAfterAClockStep) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "names are random";
  // A record named ten minutes from now, as if the clock had since stepped
  // back; and one with a random name from before names were time-ordered.
  const auto name_at = [](absl::Time t) {
    return absl::StrCat(
        "assessments/",
        absl::Hex(static_cast<uint64_t>(absl::ToUnixMicros(t)) << 8,
                  absl::kZeroPad16));
  };
  const std::string ahead = name_at(absl::Now() + absl::Minutes(10));
  for (const std::string& name : {ahead, std::string("assessments/"
                                                     "fedcba9876543210")}) {
    v1::AssessmentRecord record = MakeRecord("coasting");
    record.set_name(name);
    ASSERT_TRUE(CreateAndWait(store_.get(), record).ok());
  }
  Reopen();
  const std::string next = store_->NewName();
  EXPECT_GT(next, ahead);
  EXPECT_LT(next, name_at(absl::Now() + absl::Minutes(11)));
}

TEST_P(AssessmentStoreTest, MissingRecordIsNotFound) {
  EXPECT_EQ(store_->Get("0123456789abcdef").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(AssessmentStoreTest, RecordsSurviveReopening) {
  const auto created = CreateAndWait(store_.get(), MakeRecord("deficit"));
  ASSERT_TRUE(created.ok());
  Reopen();
  EXPECT_TRUE(store_->Get(Id(*created)).ok());
}

TEST_P(AssessmentStoreTest, SameRequestIdAndRequestGivesTheSameRecord) {
  v1::AssessmentRecord record = MakeRecord("coasting");
  record.set_request_id("req-1");
  const auto first = CreateAndWait(store_.get(), record, "hash-a");
  ASSERT_TRUE(first.ok());
  const auto again = CreateAndWait(store_.get(), record, "hash-a");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->name(), first->name());
  ASSERT_TRUE(store_->List(ListQuery()).ok());
  EXPECT_EQ(store_->List(ListQuery())->records.size(), 1u);
}

TEST_P(AssessmentStoreTest, SameRequestIdForADifferentRequestIsRefused) {
  v1::AssessmentRecord record = MakeRecord("coasting");
  record.set_request_id("req-2");
  const auto first = CreateAndWait(store_.get(), record, "hash-a");
  ASSERT_TRUE(first.ok());
  const auto other =
      CreateAndWait(store_.get(), MakeRecord("deficit"), "hash-b");
  ASSERT_TRUE(other.ok());  // No request_id: always a new record.
  record.set_note("changed");
  const auto clash = CreateAndWait(store_.get(), record, "hash-c");
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(clash.status().message(),
              HasSubstr("request_id \"req-2\" was already used"));
  EXPECT_THAT(clash.status().message(), HasSubstr(first->name()));
}

TEST_P(AssessmentStoreTest, ConcurrentCreatesAreCommittedInGroups) {
  constexpr int kWrites = 300;
  const std::vector<std::string> names =
      CreateMany(store_.get(), MakeRecord("strong_local"), kWrites);
  EXPECT_EQ(std::count(names.begin(), names.end(), ""), 0);
  ListQuery all;
  all.limit = 1000;
  EXPECT_EQ(store_->List(all)->records.size(), static_cast<size_t>(kWrites));
}

TEST_P(AssessmentStoreTest, ListsNewestFirstWithFilters) {
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  ASSERT_TRUE(
      CreateAndWait(store_.get(), MakeRecord("coasting", "north", t0)).ok());
  ASSERT_TRUE(CreateAndWait(store_.get(),
                            MakeRecord("deficit", "north", t0 + absl::Hours(1)))
                  .ok());
  ASSERT_TRUE(CreateAndWait(store_.get(), MakeRecord("coasting", "midlands",
                                                     t0 + absl::Hours(2)))
                  .ok());
  ASSERT_TRUE(CreateAndWait(store_.get(), MakeRecord("strong_local", "north",
                                                     t0 + absl::Hours(3)))
                  .ok());

  ListQuery all;
  const auto page = store_->List(all);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->records.size(), 4u);
  EXPECT_EQ(page->records[0].candidate().identity().urn(),
            "108057");  // Newest first.
  EXPECT_EQ(page->records[3].candidate().identity().urn(), "108088");
  EXPECT_FALSE(page->next_after_seq.has_value());

  ListQuery by_urn;
  by_urn.urn = "108088";
  EXPECT_EQ(store_->List(by_urn)->records.size(), 2u);
  ListQuery by_cluster;
  by_cluster.cluster_id = "midlands";
  EXPECT_EQ(store_->List(by_cluster)->records.size(), 1u);
  ListQuery by_recommendation;
  by_recommendation.recommendation = v1::ARRANGEMENT_PARTNER;
  ASSERT_EQ(store_->List(by_recommendation)->records.size(), 1u);
  EXPECT_EQ(
      store_->List(by_recommendation)->records[0].candidate().identity().urn(),
      "137001");
  ListQuery window;
  window.created_after_us = absl::ToUnixMicros(t0 + absl::Hours(1));
  window.created_before_us = absl::ToUnixMicros(t0 + absl::Hours(3));
  EXPECT_EQ(store_->List(window)->records.size(), 2u);
  ListQuery combined = by_urn;
  combined.cluster_id = "north";
  EXPECT_EQ(store_->List(combined)->records.size(), 1u);
}

// 1,000 records paged 37 at a time while new ones keep arriving: every
// original record exactly once, in order, and none of the new ones.
TEST_P(AssessmentStoreTest, PagesHaveNoDuplicatesOrGapsWhileRecordsArrive) {
  constexpr int kRecords = 1000;
  const std::vector<std::string> names =
      CreateMany(store_.get(), MakeRecord("coasting"), kRecords);
  const std::set<std::string> originals(names.begin(), names.end());
  ASSERT_EQ(originals.size(), static_cast<size_t>(kRecords));

  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      (void)CreateAndWait(store_.get(), MakeRecord("deficit"));
    }
  });
  std::vector<std::string> seen;
  ListQuery query;
  query.limit = 37;
  for (;;) {
    const auto page = store_->List(query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& r : page->records) seen.push_back(r.name());
    if (!page->next_after_seq) break;
    query.after_seq = page->next_after_seq;
  }
  stop = true;
  writer.join();
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "duplicates";
  std::set<std::string> from_originals;
  for (const auto& name : seen) {
    if (originals.count(name)) from_originals.insert(name);
  }
  EXPECT_EQ(from_originals.size(), static_cast<size_t>(kRecords)) << "gaps";
}

TEST_P(AssessmentStoreTest, PageTokenKeyIsSharedThroughTheDatabase) {
  const std::string key = store_->page_token_key();
  EXPECT_EQ(key.size(), 32u);
  Reopen();
  EXPECT_EQ(store_->page_token_key(), key);
}

// Hostile input (#16): PostgreSQL cut text at a NUL, so a second request id
// differing from the first only after one was given the first's record.
TEST_P(AssessmentStoreTest, RequestIdsDifferingAfterANulNeverShareARecord) {
  v1::AssessmentRecord first = MakeRecord("coasting");
  first.set_request_id(std::string("req\0one", 7));
  const auto a = CreateAndWait(store_.get(), first, "hash-a");
  v1::AssessmentRecord second = MakeRecord("deficit");
  second.set_request_id(std::string("req\0two", 7));
  const auto b = CreateAndWait(store_.get(), second, "hash-b");
  if (GetParam() == Backend::kPostgres) {
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  } else {
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a->name(), b->name());
  }
}

// A page stops short of max_bytes, and paging still sees every record once.
TEST_P(AssessmentStoreTest, PagesStayWithinTheirByteBudget) {
  const v1::AssessmentRecord record = MakeRecord("coasting");
  ASSERT_EQ(CreateMany(store_.get(), record, 5).size(), 5u);
  ListQuery query;
  query.limit = 100;
  query.max_bytes = record.ByteSizeLong() * 2 + 100;
  int seen = 0, pages = 0;
  for (;;) {
    absl::StatusOr<ListPage> page = store_->List(query);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->records.size(), 2u);
    seen += page->records.size();
    ++pages;
    if (!page->next_after_seq) break;
    query.after_seq = page->next_after_seq;
  }
  EXPECT_EQ(seen, 5);
  EXPECT_EQ(pages, 3);
}

TEST_P(AssessmentStoreTest, SchemaIsAtTheLatestVersion) {
  ASSERT_GE(LatestSchemaVersion(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, AssessmentStoreTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         ::trustfit::testing::BackendName);

// Migrations, from an empty database and from the previous version.
class MigrationTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = scratch_.Create(GetParam());
    TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url_);
  }
  std::unique_ptr<SqlConnection> Connect() {
    auto database =
        GetParam() == Backend::kSqlite
            ? OpenSqliteDatabase(url_.substr(std::string("sqlite://").size()))
            : OpenPostgresDatabase(url_);
    auto connection = database->Connect();
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? *std::move(connection) : nullptr;
  }
  ScratchStore scratch_;
  std::string url_;
};

TEST_P(MigrationTest, FromAnEmptyDatabase) {
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  EXPECT_EQ(*SchemaVersion(connection.get()), 0);
  ASSERT_TRUE(Migrate(connection.get()).ok());
  EXPECT_EQ(*SchemaVersion(connection.get()), LatestSchemaVersion());
  // Migrating again is a no-op.
  ASSERT_TRUE(Migrate(connection.get()).ok());
}

TEST_P(MigrationTest, FromThePreviousVersionKeepsAndBackfillsRecords) {
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(Migrate(connection.get(), 1).ok());
  // A record written by a version-1 server: no recommendation column yet.
  v1::AssessmentRecord old = MakeRecord("deficit");
  old.set_name("assessments/00000000000000aa");
  const auto inserted = connection->Query(
      "INSERT INTO assessments (id, urn, cluster_id, create_time_us, record) "
      "VALUES ($1, $2, $3, $4, $5)",
      {std::string("00000000000000aa"), std::string("137001"),
       std::string("north"), int64_t{1'700'000'000'000'000},
       SqlBytes{old.SerializeAsString()}});
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  connection.reset();

  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE((*store)->Get("00000000000000aa").ok());
  ListQuery partners;
  partners.recommendation =
      v1::ARRANGEMENT_PARTNER;  // Needs the backfilled column.
  const auto page = (*store)->List(partners);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0].name(), "assessments/00000000000000aa");
}

TEST_P(MigrationTest, FromVersionTwoOldRecordsStayInlineNewOnesGoToTheLog) {
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(Migrate(connection.get(), 2).ok());
  v1::AssessmentRecord old = MakeRecord("coasting");
  old.set_name("assessments/00000000000000bb");
  ASSERT_TRUE(
      connection
          ->Query("INSERT INTO assessments (id, urn, cluster_id, "
                  "create_time_us, recommendation, record) VALUES "
                  "($1, $2, $3, $4, $5, $6)",
                  {std::string("00000000000000bb"), std::string("137001"),
                   std::string("north"), int64_t{1'700'000'000'000'000},
                   int64_t{1}, SqlBytes{old.SerializeAsString()}})
          .ok());
  connection.reset();

  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  ASSERT_TRUE(store.ok()) << store.status();
  const auto created = CreateAndWait(store->get(), MakeRecord("deficit"));
  ASSERT_TRUE(created.ok()) << created.status();
  const auto page = (*store)->List(ListQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[0].SerializeAsString(), created->SerializeAsString());
  EXPECT_EQ(page->records[1].SerializeAsString(), old.SerializeAsString());

  // Where each record's bytes are: the old row's in the database; the new
  // one's in the record log on SQLite, in the database on PostgreSQL.
  store->reset();
  connection = Connect();
  const auto rows = connection->Query(
      "SELECT id, length(record), record_offset FROM assessments ORDER BY seq",
      {});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0][1], std::to_string(old.ByteSizeLong()));
  EXPECT_FALSE((*rows)[0][2].has_value());
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ((*rows)[1][1], "0");
    EXPECT_EQ((*rows)[1][2], "0");  // The first record in a new log.
  } else {
    EXPECT_EQ((*rows)[1][1], std::to_string(created->ByteSizeLong()));
    EXPECT_FALSE((*rows)[1][2].has_value());
  }
}

// Version 4 copies the table on SQLite and changes request_id's index on
// both: records keep their order and their request_ids still tell a retry
// from a reuse.
TEST_P(MigrationTest, FromVersionThreeKeepsOrderAndRequestIds) {
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(Migrate(connection.get(), 3).ok());
  std::vector<v1::AssessmentRecord> old;
  for (const char* id : {"00000000000000c1", "00000000000000c2"}) {
    v1::AssessmentRecord record = MakeRecord("coasting");
    record.set_name(absl::StrCat("assessments/", id));
    const bool first = old.empty();
    if (first) record.set_request_id("retry-me");
    const auto inserted = connection->Query(
        "INSERT INTO assessments (id, request_id, request_hash, urn, "
        "cluster_id, create_time_us, recommendation, record) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8)",
        {std::string(id),
         first ? SqlParam(std::string("retry-me")) : SqlParam(nullptr),
         std::string("hash-1"), std::string("137001"), std::string("north"),
         int64_t{1'700'000'000'000'000}, int64_t{1},
         SqlBytes{record.SerializeAsString()}});
    ASSERT_TRUE(inserted.ok()) << inserted.status();
    old.push_back(record);
  }
  connection.reset();

  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  ASSERT_TRUE(store.ok()) << store.status();
  auto version_connection = Connect();
  EXPECT_EQ(*SchemaVersion(version_connection.get()), LatestSchemaVersion());
  version_connection.reset();
  // A new record goes after the copied ones.
  const auto created = CreateAndWait(store->get(), MakeRecord("deficit"));
  ASSERT_TRUE(created.ok()) << created.status();
  const auto page = (*store)->List(ListQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->records.size(), 3u);
  EXPECT_EQ(page->records[0].name(), created->name());
  EXPECT_EQ(page->records[1].SerializeAsString(), old[1].SerializeAsString());
  EXPECT_EQ(page->records[2].SerializeAsString(), old[0].SerializeAsString());

  v1::AssessmentRecord retry = MakeRecord("coasting");
  retry.set_request_id("retry-me");
  const auto same = CreateAndWait(store->get(), retry, "hash-1");
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->name(), old[0].name());
  const auto reused = CreateAndWait(store->get(), retry, "hash-2");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  // Rows without a request_id are any number, as before.
  const auto another = CreateAndWait(store->get(), MakeRecord("deficit"));
  ASSERT_TRUE(another.ok()) << another.status();
}

TEST_P(MigrationTest, RefusesASchemaNewerThanTheServer) {
  auto connection = Connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(Migrate(connection.get()).ok());
  ASSERT_TRUE(connection
                  ->Query("INSERT INTO schema_migrations VALUES ($1, $2)",
                          {int64_t{99}, int64_t{0}})
                  .ok());
  connection.reset();
  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("newer than this server's"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         ::trustfit::testing::BackendName);

// A SQLite store whose record log is missing or shorter than its rows say
// (restored without it, or from an older copy) is refused at start-up,
// rather than answering reads with errors later.
TEST(OpenStore, RefusesARecordLogShorterThanTheDatabase) {
  ScratchStore scratch;
  const std::string url = scratch.Create(Backend::kSqlite);
  const std::string log =
      url.substr(std::string("sqlite://").size()) + "-records";
  {
    auto store = OpenStore(url);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(CreateAndWait(store->get(), MakeRecord("coasting")).ok());
    ASSERT_TRUE(CreateAndWait(store->get(), MakeRecord("deficit")).ok());
  }
  struct stat full {};
  ASSERT_EQ(stat(log.c_str(), &full), 0);
  ASSERT_GT(full.st_size, 0);
  for (const off_t size : {static_cast<off_t>(full.st_size - 1), off_t{0}}) {
    ASSERT_EQ(truncate(log.c_str(), size), 0);
    const auto store = OpenStore(url);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(store.status().message(),
                HasSubstr("restore the database and its record log together"));
  }
  ASSERT_EQ(std::remove(log.c_str()), 0);
  EXPECT_EQ(OpenStore(url).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The usage example at the top of assessment_store.h, as written there but
// for the URL and the callback's body, so that it keeps compiling.
absl::StatusOr<ListPage> HeaderExample(const std::string& url,
                                       v1::AssessmentRecord record,
                                       const std::string& request_hash,
                                       std::promise<bool>* created) {
  TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<AssessmentStore> store,
                            OpenStore(url));
  record.set_name(store->NewName());
  store->Create(PrepareRecord(record, request_hash),
                [created](absl::StatusOr<CreateOutcome> outcome) {
                  created->set_value(outcome.ok());
                });
  TRUSTFIT_ASSIGN_OR_RETURN(ListPage page, store->List(ListQuery{}));
  return page;
}

TEST(OpenStore, TheHeadersExampleWorks) {
  ScratchStore scratch;
  std::promise<bool> created;
  const absl::StatusOr<ListPage> page = HeaderExample(
      scratch.Create(Backend::kSqlite), MakeRecord("coasting"), "h", &created);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(created.get_future().get());
}

TEST(OpenStore, RejectsUnknownUrls) {
  EXPECT_EQ(OpenStore("mysql://x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite://").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(OpenStore, UnreachablePostgresIsUnavailable) {
  const auto store = OpenStore(
      "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(), ::testing::Not(HasSubstr("secret")));
}

TEST(PageToken, RoundTripsAndRefusesTampering) {
  const std::string token = EncodePageToken(12345, "filters", "key");
  EXPECT_EQ(*DecodePageToken(token, "filters", "key"), 12345);
  EXPECT_FALSE(DecodePageToken(token, "other filters", "key").ok());
  EXPECT_FALSE(DecodePageToken(token, "filters", "other key").ok());
  std::string altered = token;
  altered[3] = altered[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(DecodePageToken(altered, "filters", "key").ok());
  EXPECT_FALSE(DecodePageToken("not-a-token", "filters", "key").ok());
  EXPECT_FALSE(DecodePageToken("", "filters", "key").ok());
}

TEST(RedactPassword, HidesThePassword) {
  EXPECT_EQ(RedactPassword("postgresql://app:s3cret@db:5432/trustfit"),
            "postgresql://app:***@db:5432/trustfit");
  EXPECT_EQ(RedactPassword("postgresql://app@db/trustfit"),
            "postgresql://app@db/trustfit");
  // Hostile input (#16): a password in the query string was logged in clear.
  EXPECT_EQ(RedactPassword("postgresql://db/trustfit?user=app&password=s3cret"
                           "&sslmode=require"),
            "postgresql://db/trustfit?user=app&password=***&sslmode=require");
  EXPECT_EQ(RedactPassword("postgresql:///trustfit?PASSWORD=s3cret"),
            "postgresql:///trustfit?PASSWORD=***");
  EXPECT_EQ(RedactPassword("host=db password='s3 cret' dbname=trustfit"),
            "host=db password=*** dbname=trustfit");
  EXPECT_EQ(RedactPassword("postgresql://:s3cret@db/trustfit"),
            "postgresql://:***@db/trustfit");
}

}  // namespace
}  // namespace trustfit::server
