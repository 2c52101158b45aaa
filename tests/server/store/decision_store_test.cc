// The decision store, run identically against SQLite and PostgreSQL: one
// decision per assessment however many callers race, every step of an
// arrangement kept in order, and the schema migrated from version 4.

#include "server/store/decision_store.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/arrangements.h"
#include "server/store/assessment_store.h"
#include "server/store/migrations.h"
#include "server/store/postgres_connection.h"
#include "server/store/sqlite_connection.h"
#include "tests/scoring/date_util.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Backend;
using ::trustfit::testing::Day;
using ::trustfit::testing::MakeRecord;
using ::trustfit::testing::ScratchStore;

v1::Decision Decision(v1::DecisionOutcome outcome, const std::string& by) {
  v1::Decision d;
  d.set_outcome(outcome);
  *d.mutable_decision_date() = Day(2026, 12, 10);
  d.set_meeting_reference("Board 2026/12");
  d.set_decided_by(by);
  d.mutable_record_time()->set_seconds(1'800'000'000);
  if (outcome != v1::DECISION_OUTCOME_APPROVED) {
    d.add_reasons()->set_code(v1::DECISION_REASON_CODE_FINANCE);
  }
  return d;
}

scoring::StepContext Step(const std::string& by) {
  scoring::StepContext step;
  step.recorded_by = by;
  step.record_time.set_seconds(1'800'000'100);
  step.today = Day(2026, 12, 10);
  return step;
}

// The arrangement an approval of `record` opens.
v1::ArrangementRecord Opened(const v1::AssessmentRecord& record,
                             v1::Decision* decision) {
  decision->set_assessment(record.name());
  decision->set_arrangement(DecisionStore::NewArrangementName());
  absl::StatusOr<v1::ArrangementRecord> a =
      scoring::OpenArrangement(scoring::Policy::Default(), record, *decision,
                               decision->arrangement(), Step("alice"));
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : v1::ArrangementRecord();
}

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

class DecisionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = scratch_.Create(GetParam());
    TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url_);
    absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    decisions_ = store_->decisions();
  }

  // Another database handle on the same store: what a second replica, or
  // a second process, would have.
  std::unique_ptr<SqlDatabase> OtherDatabase() {
    return GetParam() == Backend::kSqlite
               ? OpenSqliteDatabase(
                     url_.substr(std::string("sqlite://").size()))
               : OpenPostgresDatabase(url_);
  }

  v1::AssessmentRecord Record(const std::string& golden,
                              const std::string& id) {
    v1::AssessmentRecord record = MakeRecord(golden);
    record.set_name("assessments/" + id);
    return record;
  }

  ScratchStore scratch_;
  std::string url_;
  std::unique_ptr<AssessmentStore> store_;
  DecisionStore* decisions_ = nullptr;
};

TEST_P(DecisionStoreTest, AnApprovalStoresTheDecisionAndItsArrangement) {
  const v1::AssessmentRecord record = Record("deficit", "00000000000000a1");
  v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
  const v1::ArrangementRecord arrangement = Opened(record, &decision);
  absl::StatusOr<DecisionOutcomeRow> stored = decisions_->RecordDecision(
      "00000000000000a1", decision, "", "", arrangement);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_FALSE(stored->reused);
  absl::StatusOr<v1::Decision> read =
      decisions_->GetDecision("00000000000000a1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), decision.SerializeAsString());
  absl::StatusOr<v1::ArrangementRecord> a =
      decisions_->GetArrangement(IdOf(arrangement.name()));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->SerializeAsString(), arrangement.SerializeAsString());
  EXPECT_EQ(decisions_->GetArrangement("00000000000000ff").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(decisions_->GetDecision("00000000000000ff").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(DecisionStoreTest, ASecondDecisionIsRefusedAndARetryGetsTheFirst) {
  const v1::Decision first = Decision(v1::DECISION_OUTCOME_DEFERRED, "alice");
  ASSERT_TRUE(decisions_
                  ->RecordDecision("00000000000000a2", first, "req-1", "h1",
                                   std::nullopt)
                  .ok());
  absl::StatusOr<DecisionOutcomeRow> retry = decisions_->RecordDecision(
      "00000000000000a2", first, "req-1", "h1", std::nullopt);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->reused);
  EXPECT_EQ(retry->decision.SerializeAsString(), first.SerializeAsString());

  for (const auto& [request_id, hash] :
       {std::pair{"req-1", "h2"}, {"req-2", "h1"}, {"", ""}}) {
    const absl::StatusOr<DecisionOutcomeRow> second =
        decisions_->RecordDecision(
            "00000000000000a2", Decision(v1::DECISION_OUTCOME_APPROVED, "bob"),
            request_id, hash, std::nullopt);
    EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(scoring::RefusalReason(second.status()),
              scoring::kRefusalAlreadyDecided);
    EXPECT_THAT(second.status().message(),
                HasSubstr("assessments/00000000000000a2 was decided: deferred "
                          "on 2026-12-10 (Board 2026/12) by alice"));
  }
}

TEST_P(DecisionStoreTest, OfManyConcurrentDecisionsExactlyOneWins) {
  // Eight callers on their own connections, as replicas would be, each
  // approving the same assessment at once.
  const v1::AssessmentRecord record = Record("deficit", "00000000000000a3");
  constexpr int kCallers = 8;
  std::vector<std::unique_ptr<SqlDatabase>> databases;
  std::vector<std::unique_ptr<DecisionStore>> stores;
  for (int i = 0; i < kCallers; ++i) {
    databases.push_back(OtherDatabase());
    auto store = DecisionStore::Open(databases.back().get());
    ASSERT_TRUE(store.ok()) << store.status();
    stores.push_back(*std::move(store));
  }
  std::atomic<int> won{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> callers;
  std::vector<std::string> arrangement_names(kCallers);
  for (int i = 0; i < kCallers; ++i) {
    v1::Decision decision =
        Decision(v1::DECISION_OUTCOME_APPROVED, absl::StrCat("caller-", i));
    const v1::ArrangementRecord arrangement = Opened(record, &decision);
    arrangement_names[i] = arrangement.name();
    callers.emplace_back([&, i, decision, arrangement] {
      while (!go) std::this_thread::yield();
      const absl::StatusOr<DecisionOutcomeRow> r =
          stores[i]->RecordDecision("00000000000000a3", decision,
                                    absl::StrCat("req-", i), "h", arrangement);
      if (r.ok()) {
        ++won;
      } else if (scoring::RefusalReason(r.status()) ==
                 scoring::kRefusalAlreadyDecided) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << r.status();
      }
    });
  }
  go = true;
  for (auto& c : callers) c.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(refused, kCallers - 1);
  EXPECT_EQ(other, 0);
  // Only the winner's arrangement exists.
  int arrangements = 0;
  for (const std::string& name : arrangement_names) {
    if (decisions_->GetArrangement(IdOf(name)).ok()) ++arrangements;
  }
  EXPECT_EQ(arrangements, 1);
}

TEST_P(DecisionStoreTest, ConcurrentStepsAreAllKeptInOrder) {
  // Partner arrangements review every 3 months; each caller records one
  // review at once, from its own connection.
  const v1::AssessmentRecord record = Record("deficit", "00000000000000a4");
  v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
  const v1::ArrangementRecord opened = Opened(record, &decision);
  ASSERT_TRUE(
      decisions_->RecordDecision("00000000000000a4", decision, "", "", opened)
          .ok());
  constexpr int kCallers = 6;
  std::vector<std::unique_ptr<SqlDatabase>> databases;
  std::vector<std::unique_ptr<DecisionStore>> stores;
  for (int i = 0; i < kCallers; ++i) {
    databases.push_back(OtherDatabase());
    stores.push_back(*DecisionStore::Open(databases.back().get()));
  }
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      const auto r = stores[i]->UpdateArrangement(
          IdOf(opened.name()), [i](const v1::ArrangementRecord& a) {
            v1::ArrangementRecord next = a;
            v1::ArrangementEvent* e = next.add_events();
            e->set_kind(v1::ARRANGEMENT_EVENT_KIND_REVIEWED);
            *e->mutable_event_date() = Day(2027, 1, 1);
            e->set_note(absl::StrCat("caller-", i));
            return absl::StatusOr<v1::ArrangementRecord>(next);
          });
      if (r.ok()) {
        ++ok;
      } else {
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(ok, kCallers);
  const v1::ArrangementRecord after =
      *decisions_->GetArrangement(IdOf(opened.name()));
  ASSERT_EQ(after.events_size(), 1 + kCallers);
  std::set<std::string> notes;
  for (int i = 1; i <= kCallers; ++i) notes.insert(after.events(i).note());
  EXPECT_EQ(notes.size(), static_cast<size_t>(kCallers));
}

TEST_P(DecisionStoreTest, ARefusedStepChangesNothing) {
  const v1::AssessmentRecord record = Record("coasting", "00000000000000a5");
  v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
  const v1::ArrangementRecord opened = Opened(record, &decision);
  ASSERT_TRUE(
      decisions_->RecordDecision("00000000000000a5", decision, "", "", opened)
          .ok());
  const auto refused = decisions_->UpdateArrangement(
      IdOf(opened.name()), [](const v1::ArrangementRecord& a) {
        return scoring::AdvancePhase(a,
                                     v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                                     Day(2027, 1, 1), "", Step("bob"));
      });
  EXPECT_EQ(scoring::RefusalReason(refused.status()),
            scoring::kRefusalNoPhases);
  EXPECT_EQ(decisions_->GetArrangement(IdOf(opened.name()))->events_size(), 1);
  EXPECT_EQ(
      decisions_
          ->UpdateArrangement("00000000000000ff",
                              [](const v1::ArrangementRecord& a) {
                                return absl::StatusOr<v1::ArrangementRecord>(a);
                              })
          .status()
          .code(),
      absl::StatusCode::kNotFound);
}

TEST_P(DecisionStoreTest, ListsPageNewestFirstAndActiveFiltersByCluster) {
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    const std::string id = absl::StrCat("00000000000000b", i);
    const v1::AssessmentRecord record =
        Record(i % 2 == 0 ? "deficit" : "coasting", id);
    v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
    v1::ArrangementRecord a = Opened(record, &decision);
    if (i == 4) a.set_cluster_id("midlands");
    ASSERT_TRUE(decisions_->RecordDecision(id, decision, "", "", a).ok());
    names.push_back(a.name());
  }
  // End the first: no longer active.
  ASSERT_TRUE(decisions_
                  ->UpdateArrangement(IdOf(names[0]),
                                      [](const v1::ArrangementRecord& a) {
                                        return scoring::End(
                                            a, v1::END_OUTCOME_WALKED_AWAY,
                                            v1::PARTY_SCHOOL, Day(2027, 1, 1),
                                            "", Step("bob"));
                                      })
                  .ok());
  ArrangementQuery query;
  query.limit = 2;
  std::vector<std::string> listed;
  for (;;) {
    absl::StatusOr<ArrangementPage> page = decisions_->ListArrangements(query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& a : page->arrangements) listed.push_back(a.name());
    if (!page->next_after_seq) break;
    query.after_seq = page->next_after_seq;
  }
  EXPECT_THAT(listed, ::testing::ElementsAre(names[4], names[3], names[2],
                                             names[1], names[0]));
  ArrangementQuery active_north;
  active_north.cluster_id = "north";
  active_north.state = v1::ARRANGEMENT_STATE_ACTIVE;
  EXPECT_EQ(decisions_->ListArrangements(active_north)->arrangements.size(),
            3u);
  EXPECT_EQ(decisions_->Active("north")->size(), 3u);
  EXPECT_EQ(decisions_->Active("")->size(), 4u);
  // The snapshot scoring reads has this store's own writes at once.
  EXPECT_EQ(decisions_->ActiveSnapshot()->size(), 4u);
  ArrangementQuery by_urn;
  by_urn.urn = MakeRecord("coasting").candidate().identity().urn();
  EXPECT_EQ(decisions_->ListArrangements(by_urn)->arrangements.size(), 2u);
}

TEST_P(DecisionStoreTest, AnotherReplicasArrangementReachesTheSnapshot) {
  auto database = OtherDatabase();
  absl::StatusOr<std::unique_ptr<DecisionStore>> replica =
      DecisionStore::Open(database.get(), absl::Milliseconds(20));
  ASSERT_TRUE(replica.ok()) << replica.status();
  ASSERT_TRUE((*replica)->ActiveSnapshot()->empty());
  const v1::AssessmentRecord record = Record("deficit", "00000000000000d1");
  v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
  const v1::ArrangementRecord opened = Opened(record, &decision);
  ASSERT_TRUE(
      decisions_->RecordDecision("00000000000000d1", decision, "", "", opened)
          .ok());
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while ((*replica)->ActiveSnapshot()->empty() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ((*replica)->ActiveSnapshot()->size(), 1u);
  EXPECT_EQ((*replica)->ActiveSnapshot()->front().name(), opened.name());
}

TEST_P(DecisionStoreTest, SurvivesReopeningTheStore) {
  const v1::AssessmentRecord record = Record("deficit", "00000000000000c1");
  v1::Decision decision = Decision(v1::DECISION_OUTCOME_APPROVED, "alice");
  const v1::ArrangementRecord opened = Opened(record, &decision);
  ASSERT_TRUE(
      decisions_->RecordDecision("00000000000000c1", decision, "", "", opened)
          .ok());
  store_.reset();
  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE((*store)->decisions()->GetArrangement(IdOf(opened.name())).ok());
  EXPECT_TRUE((*store)->decisions()->GetDecision("00000000000000c1").ok());
}

TEST_P(DecisionStoreTest, AStoreAtSchemaFourGainsTheDecisionTables) {
  ScratchStore fresh;
  url_ = fresh.Create(GetParam());
  {
    auto database = OtherDatabase();
    auto connection = database->Connect();
    ASSERT_TRUE(connection.ok()) << connection.status();
    ASSERT_TRUE(Migrate(connection->get(), 4).ok());
    EXPECT_EQ(*SchemaVersion(connection->get()), 4);
  }
  absl::StatusOr<std::unique_ptr<AssessmentStore>> store = OpenStore(url_);
  ASSERT_TRUE(store.ok()) << store.status();
  auto database = OtherDatabase();
  auto connection = database->Connect();
  EXPECT_EQ(*SchemaVersion(connection->get()), 5);
  EXPECT_TRUE((*store)->decisions()->Active("")->empty());
  connection->reset();
  store->reset();
}

INSTANTIATE_TEST_SUITE_P(Backends, DecisionStoreTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         ::trustfit::testing::BackendName);

}  // namespace
}  // namespace trustfit::server
