// Decisions and the arrangement lifecycle (§7), as pure functions.
//
// A board decision on a recorded assessment is checked here; an approval
// opens an arrangement (its type, phase, term, review cadence, quote and
// committed days taken from the assessment and the policy). Each later step
// is a function from the arrangement as it is to the arrangement with one
// more event, or a refusal:
//
//   ACTIVE (phase 1) --AdvancePhase [governance DIRECTOR_AUTHORISED]--> phase 2
//   ACTIVE --Review [a newer assessment of the school]--> ACTIVE
//   ACTIVE --Extend [new term end within the policy's max_months]--> ACTIVE
//   ACTIVE --End [integrated | ended at term | walked away by]--> ENDED
//
// A step the state does not allow is FAILED_PRECONDITION whose message
// names the state and what would allow it, with a stable reason code
// (RefusalReason()). A malformed request (a missing outcome, a date before
// the last event) is INVALID_ARGUMENT naming the field.
//
//   StepContext step{"alice@trust.example", now, today};
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       v1::ArrangementRecord next,
//       AdvancePhase(arrangement, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
//                    date, "RD letter 12/03", step));

#ifndef TRUSTFIT_SCORING_ARRANGEMENTS_H_
#define TRUSTFIT_SCORING_ARRANGEMENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "scoring/policy.h"
#include "trustfit/v1/decision.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::scoring {

// Refusal reasons (ErrorInfo.reason of a FAILED_PRECONDITION).
inline constexpr absl::string_view kRefusalAlreadyDecided =
    "ASSESSMENT_ALREADY_DECIDED";
inline constexpr absl::string_view kRefusalNotOpenable =
    "ARRANGEMENT_NOT_OPENABLE";
inline constexpr absl::string_view kRefusalEnded = "ARRANGEMENT_ENDED";
inline constexpr absl::string_view kRefusalNoPhases = "PHASE_NOT_APPLICABLE";
inline constexpr absl::string_view kRefusalAlreadyPhase2 = "ALREADY_IN_PHASE_2";
inline constexpr absl::string_view kRefusalNotAuthorised =
    "GOVERNANCE_NOT_AUTHORISED";
inline constexpr absl::string_view kRefusalAssessmentNotNewer =
    "REVIEW_ASSESSMENT_NOT_NEWER";
inline constexpr absl::string_view kRefusalTermBeyondPolicy =
    "TERM_BEYOND_POLICY";
inline constexpr absl::string_view kRefusalIntegrationBeforePhase2 =
    "INTEGRATION_BEFORE_PHASE_2";
inline constexpr absl::string_view kRefusalTermNotReached = "TERM_NOT_REACHED";

// A FAILED_PRECONDITION carrying `reason` (see RefusalReason()).
absl::Status Refusal(absl::string_view reason, absl::string_view message);

// The reason a Refusal() carries, or "" for any other status.
std::string RefusalReason(const absl::Status& status);

// Who records a step and when: written into its event.
struct StepContext {
  std::string recorded_by;
  google::protobuf::Timestamp record_time;
  // Event dates default to this day.
  google::type::Date today;
};

// ValidateDecision()
//
// INVALID_ARGUMENT listing every problem of `decision` as a request gives it
// (paths under "decision."): an outcome, a real decision date, at least one
// reason unless approved, a note for DECISION_REASON_CODE_OTHER, conditions
// with a description, and arrangement_type / start_date only on an approval.
absl::Status ValidateDecision(const trustfit::v1::Decision& decision);

// OpenArrangement()
//
// The arrangement an approved `decision` on `record` opens, named `name`:
// the agreed arrangement (decision.arrangement_type, else the
// recommendation; ARRANGEMENT_NOT_OPENABLE when neither is one that can be
// opened), its phase (ASSOCIATE_INTEGRATION: phase 2 once the school's
// governance stage is DIRECTOR_AUTHORISED), start (decision.start_date, else
// the decision date), term (the record's quote's, else the recommendation's,
// else the policy's default), review cadence (the policy's), the quote when
// it is for this arrangement, and the committed days (CommittedDays()).
absl::StatusOr<trustfit::v1::ArrangementRecord> OpenArrangement(
    const Policy& policy, const trustfit::v1::AssessmentRecord& record,
    const trustfit::v1::Decision& decision, const std::string& name,
    const StepContext& step);

// AdvancePhase()
//
// Phase 1 -> phase 2 of an ASSOCIATE_INTEGRATION arrangement, once the
// school's governance stage is DIRECTOR_AUTHORISED (or CONVERTED).
absl::StatusOr<trustfit::v1::ArrangementRecord> AdvancePhase(
    const trustfit::v1::ArrangementRecord& arrangement,
    trustfit::v1::GovernanceStage stage, const google::type::Date& date,
    const std::string& note, const StepContext& step);

// Review()
//
// A review linking `assessment`, a record of the same school made after
// `previous` (the arrangement's latest assessment): the change in each
// criterion since, the committed days the new net need gives, and the next
// review date.
absl::StatusOr<trustfit::v1::ArrangementRecord> Review(
    const trustfit::v1::ArrangementRecord& arrangement,
    const trustfit::v1::AssessmentRecord& assessment,
    const trustfit::v1::AssessmentRecord& previous,
    const google::type::Date& date, const std::string& note,
    const StepContext& step);

// Extend()
//
// A later term end, at most the policy's max_months for the arrangement
// from its start.
absl::StatusOr<trustfit::v1::ArrangementRecord> Extend(
    const Policy& policy, const trustfit::v1::ArrangementRecord& arrangement,
    const google::type::Date& new_term_end, const google::type::Date& date,
    const std::string& note, const StepContext& step);

// End()
//
// INTEGRATED (an ASSOCIATE_INTEGRATION arrangement only from phase 2),
// ENDED_AT_TERM (on or after the term end), or WALKED_AWAY by the school or
// the trust.
absl::StatusOr<trustfit::v1::ArrangementRecord> End(
    const trustfit::v1::ArrangementRecord& arrangement,
    trustfit::v1::EndOutcome outcome, trustfit::v1::Party walked_away_by,
    const google::type::Date& date, const std::string& note,
    const StepContext& step);

// "phase 1 of an ASSOCIATE_INTEGRATION", "ended (integrated) on
// 2027-09-01", ...: the state as refusals and the CLI name it.
std::string DescribeState(const trustfit::v1::ArrangementRecord& arrangement);

// "approved", "walked away", "ASSOCIATE_INTEGRATION" without its prefix
// and in lower case where a sentence wants it.
std::string OutcomeName(trustfit::v1::DecisionOutcome outcome);
std::string EndOutcomeName(trustfit::v1::EndOutcome outcome);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_ARRANGEMENTS_H_
