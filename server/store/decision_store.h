// DecisionStore: board decisions and arrangements, in the same SQLite or
// PostgreSQL database as the recorded assessments.
//
// Tables (schema version 5, migrated with the rest, migrations.h):
// - decisions: one row per decided assessment, its primary key the
//   assessment's id, so of many concurrent decisions on one assessment
//   exactly one is committed and the others are refused;
// - arrangements: one row per arrangement, the record as it is now, with the
//   columns it is found by (URN, cluster, state) and a version;
// - arrangement_events: every event, keyed by arrangement and position, so
//   two steps racing on one arrangement cannot both become its next event.
//
// Every write is one transaction committed (synchronous=FULL on SQLite)
// before the call returns: an acknowledged decision or event is durable.
// Decisions are rare (a board meeting's worth a month), so writes are
// synchronous on the caller's thread, one at a time, rather than group
// committed like assessments.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<DecisionStore> decisions,
//                             DecisionStore::Open(database.get()));
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       DecisionOutcomeRow row,
//       decisions->RecordDecision(id, decision, request_id, hash,
//                                 arrangement));

#ifndef TRUSTFIT_SERVER_STORE_DECISION_STORE_H_
#define TRUSTFIT_SERVER_STORE_DECISION_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/active_portfolio.h"
#include "server/store/sql.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::server {

// The SQL of schema version 5 (the decision tables), for the steps in
// migrations.cc.
extern const char kDecisionSchemaSqlite[];
extern const char kDecisionSchemaPostgres[];

struct ArrangementQuery {
  std::string urn;
  std::string cluster_id;
  trustfit::v1::ArrangementState state =
      trustfit::v1::ARRANGEMENT_STATE_UNSPECIFIED;
  std::optional<int64_t> after_seq;  // Continue below this position.
  int limit = 50;
};

struct ArrangementPage {
  std::vector<trustfit::v1::ArrangementRecord> arrangements;
  std::optional<int64_t> next_after_seq;
};

// What RecordDecision stored: the decision (new, or the earlier one a retry
// with the same request gets back) and, for an approval, the arrangement.
struct DecisionOutcomeRow {
  trustfit::v1::Decision decision;
  std::optional<trustfit::v1::ArrangementRecord> arrangement;
  bool reused = false;
};

class DecisionStore {
 public:
  // Connects to `database` (already migrated) and reads the active
  // arrangements, again every `refresh_every` (ActiveSnapshot). `database`
  // must outlive the store.
  static absl::StatusOr<std::unique_ptr<DecisionStore>> Open(
      SqlDatabase* database, absl::Duration refresh_every = absl::Seconds(5));

  // A fresh arrangement name: "arrangements/" and 16 random hex digits.
  static std::string NewArrangementName();

  // Stores `decision` on assessment `assessment_id` and, when given, the
  // arrangement it opens, in one transaction. When the assessment already
  // has a decision: the same `request_id` with the same `request_hash`
  // returns it (a retry); anything else is FAILED_PRECONDITION with the
  // reason ASSESSMENT_ALREADY_DECIDED, naming the earlier decision.
  absl::StatusOr<DecisionOutcomeRow> RecordDecision(
      absl::string_view assessment_id, const trustfit::v1::Decision& decision,
      const std::string& request_id, const std::string& request_hash,
      const std::optional<trustfit::v1::ArrangementRecord>& arrangement);

  // The decision on an assessment, or NOT_FOUND.
  absl::StatusOr<trustfit::v1::Decision> GetDecision(
      absl::string_view assessment_id);

  // "arrangements/{id}" has `id`; NOT_FOUND when there is none.
  absl::StatusOr<trustfit::v1::ArrangementRecord> GetArrangement(
      absl::string_view id);

  absl::StatusOr<ArrangementPage> ListArrangements(
      const ArrangementQuery& query);

  // Every active arrangement, of one cluster or (when empty) all, read from
  // the database.
  absl::StatusOr<std::vector<trustfit::v1::ArrangementRecord>> Active(
      const std::string& cluster_id);

  // Every active arrangement as last read or written (ActivePortfolio): for
  // scoring, which must not wait on the database.
  std::shared_ptr<const ActivePortfolio::Arrangements> ActiveSnapshot() const {
    return portfolio_->Current();
  }

  // Applies `step` to arrangement `id` as stored, under its row's lock, and
  // stores the result with its new last event. `step`'s error (a refusal)
  // is returned as it is.
  using Step = std::function<absl::StatusOr<trustfit::v1::ArrangementRecord>(
      const trustfit::v1::ArrangementRecord&)>;
  absl::StatusOr<trustfit::v1::ArrangementRecord> UpdateArrangement(
      absl::string_view id, const Step& step);

 private:
  DecisionStore(std::unique_ptr<SqlConnection> writer,
                std::unique_ptr<SqlConnection> reader);

  // Runs `body` in a write transaction on the writer connection, one
  // transaction at a time; rolls back when `body` fails.
  absl::Status InTransaction(
      const std::function<absl::Status(SqlConnection* writer)>& body)
      ABSL_LOCKS_EXCLUDED(writer_mu_);
  absl::StatusOr<std::vector<SqlRow>> Read(absl::string_view sql,
                                           const std::vector<SqlParam>& params)
      ABSL_LOCKS_EXCLUDED(reader_mu_);

  absl::Mutex writer_mu_;
  const std::unique_ptr<SqlConnection> writer_ ABSL_PT_GUARDED_BY(writer_mu_);
  absl::Mutex reader_mu_;
  const std::unique_ptr<SqlConnection> reader_ ABSL_PT_GUARDED_BY(reader_mu_);
  // Last: it reads through reader_ until it is destroyed.
  std::unique_ptr<ActivePortfolio> portfolio_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_DECISION_STORE_H_
