#include "scoring/arrangements.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "scoring/dates.h"
#include "scoring/field_violations.h"
#include "scoring/portfolio.h"
#include "scoring/recommendation.h"
#include "scoring/rounding.h"
#include "scoring/status_macros.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

// "TRUST_PARTNERSHIP" for ARRANGEMENT_TRUST_PARTNERSHIP.
std::string TypeName(v1::Arrangement type) {
  std::string name = v1::Arrangement_Name(type);
  absl::StrReplaceAll({{"ARRANGEMENT_", ""}}, &name);
  return name;
}

// Lower case, underscores as spaces: "walked away".
std::string Words(std::string name) {
  absl::AsciiStrToLower(&name);
  absl::StrReplaceAll({{"_", " "}}, &name);
  return name;
}

// Every step needs an active arrangement.
absl::Status CheckActive(const v1::ArrangementRecord& arrangement) {
  if (arrangement.state() == v1::ARRANGEMENT_STATE_ACTIVE) {
    return absl::OkStatus();
  }
  return Refusal(
      kRefusalEnded,
      absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                   ": an ended arrangement takes no more steps; a "
                   "new arrangement needs a new assessment and "
                   "decision"));
}

// The step's date: `date`, or today; never before the last event.
absl::StatusOr<google::type::Date> StepDate(
    const v1::ArrangementRecord& arrangement, const google::type::Date& date,
    absl::string_view field, const StepContext& step) {
  const bool given = date.year() != 0 || date.month() != 0 || date.day() != 0;
  const google::type::Date when = given ? date : step.today;
  FieldViolations violations;
  if (!IsValidDate(when)) {
    violations.Add(field, "must be a real date (YYYY-MM-DD)");
  } else if (!arrangement.events().empty()) {
    const google::type::Date& last =
        arrangement.events(arrangement.events_size() - 1).event_date();
    if (DayNumber(when) < DayNumber(last)) {
      violations.Add(field,
                     absl::StrCat(FormatDate(when),
                                  " is before the arrangement's last event (",
                                  FormatDate(last), ")"));
    }
  }
  if (!violations.empty()) return violations.ToStatus("invalid request");
  return when;
}

// Appends an event of `kind` to `arrangement`.
v1::ArrangementEvent* AddEvent(v1::ArrangementRecord* arrangement,
                               v1::ArrangementEventKind kind,
                               const google::type::Date& date,
                               const std::string& note,
                               const StepContext& step) {
  v1::ArrangementEvent* event = arrangement->add_events();
  event->set_kind(kind);
  *event->mutable_event_date() = date;
  event->set_recorded_by(step.recorded_by);
  *event->mutable_record_time() = step.record_time;
  event->set_note(note);
  *arrangement->mutable_update_time() = step.record_time;
  return event;
}

void AddCriterionChanges(const v1::Assessment& now, const v1::Assessment& then,
                         v1::ArrangementReview* review) {
  for (const v1::CriterionResult& c : now.criteria()) {
    v1::CriterionChange* change = review->add_criteria();
    change->set_criterion(c.criterion());
    if (!c.has_score()) continue;
    change->set_score(c.score());
    for (const v1::CriterionResult& before : then.criteria()) {
      if (before.criterion() == c.criterion() && before.has_score()) {
        change->set_change(Round2(c.score() - before.score()));
      }
    }
  }
}

}  // namespace

absl::Status Refusal(absl::string_view reason, absl::string_view message) {
  return WithErrorReason(absl::FailedPreconditionError(message),
                         {std::string(reason), {}});
}

std::string RefusalReason(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return "";
  return ErrorReasonOf(status).reason;
}

std::string OutcomeName(v1::DecisionOutcome outcome) {
  std::string name = v1::DecisionOutcome_Name(outcome);
  absl::StrReplaceAll({{"DECISION_OUTCOME_", ""}}, &name);
  return Words(name);
}

std::string EndOutcomeName(v1::EndOutcome outcome) {
  std::string name = v1::EndOutcome_Name(outcome);
  absl::StrReplaceAll({{"END_OUTCOME_", ""}}, &name);
  return Words(name);
}

std::string DescribeState(const v1::ArrangementRecord& arrangement) {
  const std::string type = TypeName(arrangement.arrangement_type());
  if (arrangement.state() == v1::ARRANGEMENT_STATE_ENDED) {
    std::string how = EndOutcomeName(arrangement.ending().outcome());
    if (arrangement.ending().outcome() == v1::END_OUTCOME_WALKED_AWAY) {
      absl::StrAppend(&how, " by the ",
                      arrangement.ending().walked_away_by() == v1::PARTY_TRUST
                          ? "trust"
                          : "school");
    }
    const google::type::Date& on =
        arrangement.events(arrangement.events_size() - 1).event_date();
    return absl::StrCat("an ended ", type, " (", how, " on ", FormatDate(on),
                        ")");
  }
  if (arrangement.arrangement_type() == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION) {
    return absl::StrCat(
        "an active ", type, " in phase ",
        arrangement.associate_phase() == v1::ASSOCIATE_PHASE_2 ? "2" : "1");
  }
  return absl::StrCat("an active ", type);
}

absl::Status ValidateDecision(const v1::Decision& decision) {
  FieldViolations violations;
  const v1::DecisionOutcome outcome = decision.outcome();
  if (outcome == v1::DECISION_OUTCOME_UNSPECIFIED ||
      !v1::DecisionOutcome_IsValid(outcome)) {
    violations.Add("decision.outcome",
                   "required: approved, declined, deferred or withdrawn");
  }
  if (!IsValidDate(decision.decision_date())) {
    violations.Add("decision.decision_date",
                   "required: the date of the board's decision (YYYY-MM-DD)");
  }
  const bool approved = outcome == v1::DECISION_OUTCOME_APPROVED;
  if (!approved && outcome != v1::DECISION_OUTCOME_UNSPECIFIED &&
      decision.reasons().empty()) {
    violations.Add("decision.reasons",
                   absl::StrCat("a decision that is ", OutcomeName(outcome),
                                " needs at least one reason"));
  }
  for (int i = 0; i < decision.reasons_size(); ++i) {
    const v1::DecisionReason& reason = decision.reasons(i);
    const std::string at = absl::StrCat("decision.reasons[", i, "]");
    if (reason.code() == v1::DECISION_REASON_CODE_UNSPECIFIED ||
        !v1::DecisionReasonCode_IsValid(reason.code())) {
      violations.Add(at + ".code",
                     "required: finance, performance, governance, "
                     "choice-of-trust, capacity or other");
    } else if (reason.code() == v1::DECISION_REASON_CODE_OTHER &&
               reason.note().empty()) {
      violations.Add(at + ".note", "an \"other\" reason needs a note");
    }
  }
  for (int i = 0; i < decision.conditions_size(); ++i) {
    if (decision.conditions(i).description().empty()) {
      violations.Add(absl::StrCat("decision.conditions[", i, "].description"),
                     "required: what the condition asks");
    }
  }
  if (!approved && decision.arrangement_type() != v1::ARRANGEMENT_UNSPECIFIED) {
    violations.Add("decision.arrangement_type",
                   "only an approval opens an arrangement");
  }
  if (decision.arrangement_type() != v1::ARRANGEMENT_UNSPECIFIED &&
      !IsQuotable(decision.arrangement_type())) {
    violations.Add("decision.arrangement_type",
                   "must be ASSOCIATE_INTEGRATION, ASSOCIATE_STRATEGIC, "
                   "TRUST_PARTNERSHIP or PARTNER");
  }
  if (decision.has_start_date()) {
    if (!approved) {
      violations.Add("decision.start_date",
                     "only an approval opens an arrangement");
    } else if (!IsValidDate(decision.start_date())) {
      violations.Add("decision.start_date", "must be a real date");
    }
  }
  return violations.ToStatus("invalid decision");
}

absl::StatusOr<v1::ArrangementRecord> OpenArrangement(
    const Policy& policy, const v1::AssessmentRecord& record,
    const v1::Decision& decision, const std::string& name,
    const StepContext& step) {
  const v1::Recommendation& recommended = record.assessment().recommendation();
  const v1::Arrangement type =
      decision.arrangement_type() != v1::ARRANGEMENT_UNSPECIFIED
          ? decision.arrangement_type()
          : recommended.arrangement();
  const v1::ArrangementTerms* terms = policy.FindTerms(type);
  if (!IsQuotable(type) || terms == nullptr) {
    return Refusal(
        kRefusalNotOpenable,
        absl::StrCat(record.name(), " recommends ", TypeName(type),
                     ", which opens no arrangement: an approval must name the "
                     "arrangement agreed (decision.arrangement_type)"));
  }
  v1::ArrangementRecord out;
  out.set_name(name);
  out.set_urn(record.candidate().identity().urn());
  out.set_school_name(record.candidate().identity().name());
  out.set_cluster_id(record.cluster_id());
  out.set_arrangement_type(type);
  if (type == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION) {
    out.set_associate_phase(record.candidate().governance().stage() >=
                                    v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED
                                ? v1::ASSOCIATE_PHASE_2
                                : v1::ASSOCIATE_PHASE_1);
  }
  out.set_state(v1::ARRANGEMENT_STATE_ACTIVE);
  const google::type::Date start = decision.has_start_date()
                                       ? decision.start_date()
                                       : decision.decision_date();
  *out.mutable_start_date() = start;
  const bool quoted =
      record.has_quote() && record.quote().arrangement() == type;
  const int months =
      quoted ? record.quote().term_months()
      : recommended.arrangement() == type && recommended.term_months() > 0
          ? recommended.term_months()
          : terms->default_months();
  *out.mutable_term_end_date() = AddMonths(start, months);
  out.set_review_months(terms->review_months());
  if (terms->review_months() > 0) {
    *out.mutable_next_review_date() = AddMonths(start, terms->review_months());
  }
  if (quoted) *out.mutable_quote() = record.quote();
  out.set_committed_days(CommittedDays(record.assessment()));
  out.set_assessment(record.name());
  out.set_latest_assessment(record.name());
  *out.mutable_decision() = decision;
  *out.mutable_create_time() = step.record_time;
  AddEvent(&out, v1::ARRANGEMENT_EVENT_KIND_OPENED, start,
           decision.meeting_reference(), step);
  return out;
}

absl::StatusOr<v1::ArrangementRecord> AdvancePhase(
    const v1::ArrangementRecord& arrangement, v1::GovernanceStage stage,
    const google::type::Date& date, const std::string& note,
    const StepContext& step) {
  TRUSTFIT_RETURN_IF_ERROR(CheckActive(arrangement));
  if (arrangement.arrangement_type() != v1::ARRANGEMENT_ASSOCIATE_INTEGRATION) {
    return Refusal(
        kRefusalNoPhases,
        absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                     ": only an ASSOCIATE_INTEGRATION arrangement "
                     "has phases"));
  }
  if (arrangement.associate_phase() == v1::ASSOCIATE_PHASE_2) {
    return Refusal(
        kRefusalAlreadyPhase2,
        absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                     " already: there is no phase after 2; end it "
                     "as integrated when the school academises"));
  }
  if (stage < v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED) {
    return Refusal(
        kRefusalNotAuthorised,
        absl::StrCat(
            arrangement.name(), " is ", DescribeState(arrangement),
            ", which moves to phase 2 when the Regional Director authorises "
            "the conversion: the school's governance stage is ",
            v1::GovernanceStage_Name(stage),
            ", not GOVERNANCE_STAGE_DIRECTOR_AUTHORISED"));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date when,
                            StepDate(arrangement, date, "event_date", step));
  v1::ArrangementRecord out = arrangement;
  out.set_associate_phase(v1::ASSOCIATE_PHASE_2);
  v1::PhaseChange* change =
      AddEvent(&out, v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED, when, note,
               step)
          ->mutable_phase_change();
  change->set_from_phase(v1::ASSOCIATE_PHASE_1);
  change->set_to_phase(v1::ASSOCIATE_PHASE_2);
  change->set_governance_stage(stage);
  return out;
}

absl::StatusOr<v1::ArrangementRecord> Review(
    const v1::ArrangementRecord& arrangement,
    const v1::AssessmentRecord& assessment,
    const v1::AssessmentRecord& previous, const google::type::Date& date,
    const std::string& note, const StepContext& step) {
  TRUSTFIT_RETURN_IF_ERROR(CheckActive(arrangement));
  if (assessment.candidate().identity().urn() != arrangement.urn()) {
    FieldViolations violations;
    violations.Add("assessment",
                   absl::StrCat(assessment.name(), " is of URN ",
                                assessment.candidate().identity().urn(),
                                ", not the arrangement's school (URN ",
                                arrangement.urn(), ")"));
    return violations.ToStatus("invalid request");
  }
  if (TimeOf(assessment.create_time()) <= TimeOf(previous.create_time())) {
    return Refusal(kRefusalAssessmentNotNewer,
                   absl::StrCat("a review of ", arrangement.name(), " (",
                                DescribeState(arrangement),
                                ") links an assessment made after its latest, ",
                                previous.name(), "; ", assessment.name(),
                                " is not newer: record a new assessment"));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date when,
                            StepDate(arrangement, date, "review_date", step));
  v1::ArrangementRecord out = arrangement;
  v1::ArrangementReview* review =
      AddEvent(&out, v1::ARRANGEMENT_EVENT_KIND_REVIEWED, when, note, step)
          ->mutable_review();
  const v1::Assessment& now = assessment.assessment();
  review->set_assessment(assessment.name());
  review->set_previous_assessment(previous.name());
  review->set_overall_score(now.overall_score());
  review->set_overall_change(
      Round2(now.overall_score() - previous.assessment().overall_score()));
  review->set_recommendation(now.recommendation().arrangement());
  AddCriterionChanges(now, previous.assessment(), review);
  review->set_committed_days_before(arrangement.committed_days());
  out.set_committed_days(CommittedDays(now));
  review->set_committed_days_after(out.committed_days());
  if (out.review_months() > 0) {
    *out.mutable_next_review_date() = AddMonths(when, out.review_months());
    *review->mutable_next_review_date() = out.next_review_date();
  }
  out.set_latest_assessment(assessment.name());
  return out;
}

absl::StatusOr<v1::ArrangementRecord> Extend(
    const Policy& policy, const v1::ArrangementRecord& arrangement,
    const google::type::Date& new_term_end, const google::type::Date& date,
    const std::string& note, const StepContext& step) {
  TRUSTFIT_RETURN_IF_ERROR(CheckActive(arrangement));
  FieldViolations violations;
  if (!IsValidDate(new_term_end)) {
    violations.Add("new_term_end", "required: a real date (YYYY-MM-DD)");
  } else if (DayNumber(new_term_end) <=
             DayNumber(arrangement.term_end_date())) {
    violations.Add("new_term_end",
                   absl::StrCat("must be after the current term end, ",
                                FormatDate(arrangement.term_end_date())));
  }
  if (!violations.empty()) return violations.ToStatus("invalid request");
  // Whole months from the start that reach the new end.
  const google::type::Date& start = arrangement.start_date();
  int months = (new_term_end.year() - start.year()) * 12 +
               (new_term_end.month() - start.month());
  if (DayNumber(AddMonths(start, months)) < DayNumber(new_term_end)) ++months;
  const v1::ArrangementTerms* terms =
      policy.FindTerms(arrangement.arrangement_type());
  if (terms != nullptr && months > terms->max_months()) {
    return Refusal(
        kRefusalTermBeyondPolicy,
        absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                     ", which runs at most ", terms->max_months(),
                     " months under policy ", policy.ref().name(), " ",
                     policy.ref().version(), "; ", FormatDate(start), " to ",
                     FormatDate(new_term_end), " is ", months,
                     ": the latest term end allowed is ",
                     FormatDate(AddMonths(start, terms->max_months()))));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date when,
                            StepDate(arrangement, date, "event_date", step));
  v1::ArrangementRecord out = arrangement;
  v1::ArrangementExtension* extension =
      AddEvent(&out, v1::ARRANGEMENT_EVENT_KIND_EXTENDED, when, note, step)
          ->mutable_extension();
  *extension->mutable_previous_term_end() = arrangement.term_end_date();
  *extension->mutable_new_term_end() = new_term_end;
  extension->set_total_term_months(months);
  *out.mutable_term_end_date() = new_term_end;
  return out;
}

absl::StatusOr<v1::ArrangementRecord> End(
    const v1::ArrangementRecord& arrangement, v1::EndOutcome outcome,
    v1::Party walked_away_by, const google::type::Date& date,
    const std::string& note, const StepContext& step) {
  TRUSTFIT_RETURN_IF_ERROR(CheckActive(arrangement));
  FieldViolations violations;
  if (outcome == v1::END_OUTCOME_UNSPECIFIED ||
      !v1::EndOutcome_IsValid(outcome)) {
    violations.Add("outcome",
                   "required: integrated, ended-at-term or "
                   "walked-away");
  }
  const bool walked = outcome == v1::END_OUTCOME_WALKED_AWAY;
  if (walked && (walked_away_by == v1::PARTY_UNSPECIFIED ||
                 !v1::Party_IsValid(walked_away_by))) {
    violations.Add("walked_away_by",
                   "required when walked away: the school or the trust");
  } else if (!walked && walked_away_by != v1::PARTY_UNSPECIFIED) {
    violations.Add("walked_away_by", "only for an arrangement walked away");
  }
  if (!violations.empty()) return violations.ToStatus("invalid request");
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date when,
                            StepDate(arrangement, date, "event_date", step));
  if (outcome == v1::END_OUTCOME_INTEGRATED &&
      arrangement.arrangement_type() == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION &&
      arrangement.associate_phase() != v1::ASSOCIATE_PHASE_2) {
    return Refusal(
        kRefusalIntegrationBeforePhase2,
        absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                     ": the school joins only after the Regional "
                     "Director's authorisation; advance it to "
                     "phase 2 first"));
  }
  if (outcome == v1::END_OUTCOME_ENDED_AT_TERM &&
      DayNumber(when) < DayNumber(arrangement.term_end_date())) {
    return Refusal(
        kRefusalTermNotReached,
        absl::StrCat(arrangement.name(), " is ", DescribeState(arrangement),
                     " whose term ends on ",
                     FormatDate(arrangement.term_end_date()), ", after ",
                     FormatDate(when),
                     ": end it earlier as walked away, by the school or the "
                     "trust"));
  }
  v1::ArrangementRecord out = arrangement;
  v1::ArrangementEnding* ending =
      AddEvent(&out, v1::ARRANGEMENT_EVENT_KIND_ENDED, when, note, step)
          ->mutable_ending();
  ending->set_outcome(outcome);
  ending->set_walked_away_by(walked_away_by);
  *out.mutable_ending() = *ending;
  out.set_state(v1::ARRANGEMENT_STATE_ENDED);
  out.clear_next_review_date();
  return out;
}

}  // namespace trustfit::scoring
