// Decisions and the arrangement state machine (§7): every step, and every
// step a state does not allow refused with a reason naming the state.

#include "scoring/arrangements.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/dates.h"
#include "tests/scoring/date_util.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Day;
using ::trustfit::testing::EditedPolicy;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;

// A record of `golden` against north, made at `seconds`.
v1::AssessmentRecord Record(const std::string& golden, const std::string& id,
                            int64_t seconds = 1'800'000'000) {
  const Policy policy = Policy::Default();
  v1::AssessmentRecord record;
  record.set_name("assessments/" + id);
  *record.mutable_candidate() = GoldenCandidate(golden);
  record.set_cluster_id("north");
  EXPECT_TRUE(AssessInto(policy, record.candidate(),
                         *policy.FindCluster("north"),
                         record.mutable_assessment())
                  .ok());
  record.mutable_create_time()->set_seconds(seconds);
  return record;
}

v1::Decision Approval(google::type::Date on = Day(2026, 12, 10)) {
  v1::Decision d;
  d.set_outcome(v1::DECISION_OUTCOME_APPROVED);
  *d.mutable_decision_date() = on;
  d.set_meeting_reference("Board 2026/12 item 4");
  return d;
}

StepContext Step(google::type::Date today = Day(2026, 12, 10)) {
  StepContext step;
  step.recorded_by = "alice@trust.example";
  step.record_time.set_seconds(1'800'000'100);
  step.today = today;
  return step;
}

v1::ArrangementRecord Open(const std::string& golden,
                           const v1::Decision& decision = Approval()) {
  absl::StatusOr<v1::ArrangementRecord> a =
      OpenArrangement(Policy::Default(), Record(golden, "0001"), decision,
                      "arrangements/00aa", Step());
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : v1::ArrangementRecord();
}

// Matches a refusal with `reason` whose message contains `text`.
MATCHER_P2(IsRefusal, reason, text, "") {
  *result_listener << "status: " << arg.ToString() << " reason "
                   << RefusalReason(arg);
  return arg.code() == absl::StatusCode::kFailedPrecondition &&
         RefusalReason(arg) == reason &&
         std::string(arg.message()).find(text) != std::string::npos;
}

TEST(ValidateDecision, NamesEveryMissingField) {
  v1::Decision d;
  d.add_reasons()->set_code(v1::DECISION_REASON_CODE_OTHER);
  d.add_conditions()->set_code("X");
  const absl::Status s = ValidateDecision(d);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s, HasViolation("decision.outcome", "required"));
  EXPECT_THAT(s, HasViolation("decision.decision_date", "required"));
  EXPECT_THAT(s, HasViolation("decision.reasons[0].note", "needs a note"));
  EXPECT_THAT(s,
              HasViolation("decision.conditions[0].description", "required"));
}

TEST(ValidateDecision, OnlyAnApprovalMayGoWithoutReasons) {
  EXPECT_TRUE(ValidateDecision(Approval()).ok());
  for (v1::DecisionOutcome outcome :
       {v1::DECISION_OUTCOME_DECLINED, v1::DECISION_OUTCOME_DEFERRED,
        v1::DECISION_OUTCOME_WITHDRAWN}) {
    v1::Decision d = Approval();
    d.set_outcome(outcome);
    EXPECT_THAT(ValidateDecision(d),
                HasViolation("decision.reasons", "at least one reason"));
    d.add_reasons()->set_code(v1::DECISION_REASON_CODE_FINANCE);
    EXPECT_TRUE(ValidateDecision(d).ok());
    d.set_arrangement_type(v1::ARRANGEMENT_PARTNER);
    EXPECT_THAT(ValidateDecision(d),
                HasViolation("decision.arrangement_type", "only an approval"));
  }
}

TEST(ValidateDecision, AnApprovalOpensOnlyARealArrangement) {
  v1::Decision d = Approval();
  d.set_arrangement_type(v1::ARRANGEMENT_NOT_RECOMMENDED);
  *d.mutable_start_date() = Day(2027, 2, 30);
  const absl::Status s = ValidateDecision(d);
  EXPECT_THAT(s, HasViolation("decision.arrangement_type",
                              "ASSOCIATE_INTEGRATION, ASSOCIATE_STRATEGIC"));
  EXPECT_THAT(s, HasViolation("decision.start_date", "real date"));
}

TEST(OpenArrangement, TakesTheRecommendationTermsAndNetNeed) {
  // Deficit: PARTNER, 12 months, reviewed every 3, needs a net 35 days.
  const v1::ArrangementRecord a = Open("deficit");
  EXPECT_EQ(a.name(), "arrangements/00aa");
  EXPECT_EQ(a.arrangement_type(), v1::ARRANGEMENT_PARTNER);
  EXPECT_EQ(a.state(), v1::ARRANGEMENT_STATE_ACTIVE);
  EXPECT_EQ(a.cluster_id(), "north");
  EXPECT_EQ(FormatDate(a.start_date()), "2026-12-10");
  EXPECT_EQ(FormatDate(a.term_end_date()), "2027-12-10");
  EXPECT_EQ(a.review_months(), 3);
  EXPECT_EQ(FormatDate(a.next_review_date()), "2027-03-10");
  EXPECT_EQ(a.committed_days(), 35);
  EXPECT_EQ(a.assessment(), "assessments/0001");
  EXPECT_EQ(a.latest_assessment(), "assessments/0001");
  ASSERT_EQ(a.events_size(), 1);
  EXPECT_EQ(a.events(0).kind(), v1::ARRANGEMENT_EVENT_KIND_OPENED);
  EXPECT_EQ(a.events(0).recorded_by(), "alice@trust.example");
  EXPECT_EQ(a.events(0).note(), "Board 2026/12 item 4");
}

TEST(OpenArrangement, AnIntegrationStartsInThePhaseOfTheGovernanceStage) {
  // strong_local has resolved; report_card_church is authorised.
  const v1::ArrangementRecord one = Open("strong_local");
  EXPECT_EQ(one.arrangement_type(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(one.associate_phase(), v1::ASSOCIATE_PHASE_1);
  EXPECT_EQ(FormatDate(one.term_end_date()), "2028-12-10");  // 24 months.
  EXPECT_EQ(one.committed_days(), 0);  // A net contributor draws nothing.
  EXPECT_EQ(Open("report_card_church").associate_phase(),
            v1::ASSOCIATE_PHASE_2);
}

TEST(OpenArrangement, UsesTheAgreedArrangementStartAndQuote) {
  v1::AssessmentRecord record = Record("coasting", "0002");
  record.mutable_quote()->set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  record.mutable_quote()->set_term_months(18);
  record.mutable_quote()->set_net_pence(1234500);
  v1::Decision d = Approval();
  *d.mutable_start_date() = Day(2027, 1, 1);
  absl::StatusOr<v1::ArrangementRecord> a = OpenArrangement(
      Policy::Default(), record, d, "arrangements/00bb", Step());
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->arrangement_type(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(FormatDate(a->term_end_date()), "2028-07-01");
  EXPECT_EQ(a->quote().net_pence(), 1234500);

  // The board agreeing a partner contract instead: the quote is not for it.
  d.set_arrangement_type(v1::ARRANGEMENT_PARTNER);
  a = OpenArrangement(Policy::Default(), record, d, "arrangements/00cc",
                      Step());
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->arrangement_type(), v1::ARRANGEMENT_PARTNER);
  EXPECT_FALSE(a->has_quote());
  EXPECT_EQ(FormatDate(a->term_end_date()), "2028-01-01");  // Default 12.
}

TEST(OpenArrangement, ANotRecommendedSchoolNeedsTheArrangementNamed) {
  const absl::StatusOr<v1::ArrangementRecord> a =
      OpenArrangement(Policy::Default(), Record("safeguarding_not_met", "0003"),
                      Approval(), "arrangements/00dd", Step());
  EXPECT_THAT(a.status(),
              IsRefusal(kRefusalNotOpenable, "recommends NOT_RECOMMENDED"));
  v1::Decision d = Approval();
  d.set_arrangement_type(v1::ARRANGEMENT_PARTNER);
  EXPECT_TRUE(OpenArrangement(Policy::Default(),
                              Record("safeguarding_not_met", "0003"), d,
                              "arrangements/00dd", Step())
                  .ok());
}

TEST(AdvancePhase, MovesPhase1ToPhase2OnceTheDirectorAuthorises) {
  const v1::ArrangementRecord a = Open("strong_local");
  EXPECT_THAT(
      AdvancePhase(a, v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED, Day(2027, 3, 1),
                   "", Step())
          .status(),
      IsRefusal(kRefusalNotAuthorised,
                "is an active ASSOCIATE_INTEGRATION in phase 1, which moves "
                "to phase 2 when the Regional Director authorises"));
  absl::StatusOr<v1::ArrangementRecord> two =
      AdvancePhase(a, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED, Day(2027, 3, 1),
                   "RD letter", Step());
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->associate_phase(), v1::ASSOCIATE_PHASE_2);
  ASSERT_EQ(two->events_size(), 2);
  const v1::ArrangementEvent& e = two->events(1);
  EXPECT_EQ(e.kind(), v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED);
  EXPECT_EQ(FormatDate(e.event_date()), "2027-03-01");
  EXPECT_EQ(e.phase_change().to_phase(), v1::ASSOCIATE_PHASE_2);
  EXPECT_EQ(e.note(), "RD letter");

  EXPECT_THAT(AdvancePhase(*two, v1::GOVERNANCE_STAGE_CONVERTED,
                           Day(2027, 4, 1), "", Step())
                  .status(),
              IsRefusal(kRefusalAlreadyPhase2, "in phase 2 already"));
}

TEST(AdvancePhase, OnlyAnIntegrationHasPhases) {
  EXPECT_THAT(
      AdvancePhase(Open("coasting"), v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                   Day(2027, 3, 1), "", Step())
          .status(),
      IsRefusal(kRefusalNoPhases,
                "is an active TRUST_PARTNERSHIP: only an "
                "ASSOCIATE_INTEGRATION arrangement has phases"));
}

TEST(Steps, ADateBeforeTheLastEventIsAnInvalidRequest) {
  const v1::ArrangementRecord a = Open("strong_local");
  const absl::Status s =
      AdvancePhase(a, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                   Day(2026, 11, 1), "", Step())
          .status();
  EXPECT_THAT(s, HasViolation("event_date",
                              "before the arrangement's last "
                              "event (2026-12-10)"));
  // No date: today.
  absl::StatusOr<v1::ArrangementRecord> today =
      AdvancePhase(a, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                   google::type::Date(), "", Step(Day(2027, 5, 5)));
  ASSERT_TRUE(today.ok()) << today.status();
  EXPECT_EQ(FormatDate(today->events(1).event_date()), "2027-05-05");
}

TEST(Review, LinksANewerAssessmentAndSaysWhatChanged) {
  const v1::AssessmentRecord first = Record("deficit", "0001");
  v1::AssessmentRecord later = Record("deficit", "0009", 1'810'000'000);
  // A year on the school recovered a little: finance no longer a concern.
  v1::Candidate better = later.candidate();
  better.mutable_finance()->set_recovery_plan_agreed(true);
  *later.mutable_candidate() = better;
  const v1::ArrangementRecord a = Open("deficit");
  absl::StatusOr<v1::ArrangementRecord> reviewed =
      Review(a, later, first, Day(2027, 3, 8), "Spring review", Step());
  ASSERT_TRUE(reviewed.ok()) << reviewed.status();
  EXPECT_EQ(reviewed->latest_assessment(), "assessments/0009");
  EXPECT_EQ(FormatDate(reviewed->next_review_date()), "2027-06-08");
  const v1::ArrangementReview& review = reviewed->events(1).review();
  EXPECT_EQ(review.assessment(), "assessments/0009");
  EXPECT_EQ(review.previous_assessment(), "assessments/0001");
  EXPECT_EQ(review.overall_change(), 0);
  ASSERT_EQ(review.criteria_size(), 6);
  EXPECT_EQ(review.criteria(0).criterion(), v1::CRITERION_STANDARDS);
  EXPECT_EQ(review.criteria(0).change(), 0);
  EXPECT_EQ(review.committed_days_before(), 35);
  EXPECT_EQ(review.committed_days_after(), 35);
}

TEST(Review, RefusesAnotherSchoolAndAnOlderAssessment) {
  const v1::ArrangementRecord a = Open("deficit");
  const v1::AssessmentRecord first = Record("deficit", "0001");
  EXPECT_THAT(Review(a, Record("coasting", "0005", 1'810'000'000), first,
                     Day(2027, 3, 8), "", Step())
                  .status(),
              HasViolation("assessment", "not the arrangement's school"));
  EXPECT_THAT(Review(a, Record("deficit", "0000", 1'700'000'000), first,
                     Day(2027, 3, 8), "", Step())
                  .status(),
              IsRefusal(kRefusalAssessmentNotNewer,
                        "is not newer: record a new assessment"));
}

TEST(Extend, StaysWithinThePolicysMaximumTerm) {
  // A trust partnership runs 12-18 months.
  const v1::ArrangementRecord a = Open("coasting");
  ASSERT_EQ(FormatDate(a.term_end_date()), "2027-12-10");
  EXPECT_THAT(Extend(Policy::Default(), a, Day(2027, 12, 1), Day(2027, 6, 1),
                     "", Step())
                  .status(),
              HasViolation("new_term_end", "after the current term end"));
  EXPECT_THAT(
      Extend(Policy::Default(), a, Day(2028, 6, 11), Day(2027, 6, 1), "",
             Step())
          .status(),
      IsRefusal(kRefusalTermBeyondPolicy,
                "is an active TRUST_PARTNERSHIP, which runs at most 18 months "
                "under policy trustfit-default 2026.12.1; 2026-12-10 to "
                "2028-06-11 is 19: the latest term end allowed is 2028-06-10"));
  absl::StatusOr<v1::ArrangementRecord> longer = Extend(
      Policy::Default(), a, Day(2028, 6, 10), Day(2027, 6, 1), "", Step());
  ASSERT_TRUE(longer.ok()) << longer.status();
  EXPECT_EQ(FormatDate(longer->term_end_date()), "2028-06-10");
  EXPECT_EQ(longer->events(1).extension().total_term_months(), 18);
  EXPECT_EQ(FormatDate(longer->events(1).extension().previous_term_end()),
            "2027-12-10");
}

TEST(Extend, FollowsAPolicyWithLongerTerms) {
  const Policy policy = EditedPolicy([](v1::Policy* p) {
    for (auto& t :
         *p->mutable_scoring()->mutable_recommendation()->mutable_terms()) {
      if (t.arrangement() == v1::ARRANGEMENT_TRUST_PARTNERSHIP) {
        t.set_max_months(24);
      }
    }
  });
  EXPECT_TRUE(Extend(policy, Open("coasting"), Day(2028, 6, 11),
                     Day(2027, 6, 1), "", Step())
                  .ok());
}

TEST(End, IntegrationNeedsPhase2) {
  const v1::ArrangementRecord a = Open("strong_local");
  EXPECT_THAT(End(a, v1::END_OUTCOME_INTEGRATED, v1::PARTY_UNSPECIFIED,
                  Day(2027, 9, 1), "", Step())
                  .status(),
              IsRefusal(kRefusalIntegrationBeforePhase2,
                        "is an active ASSOCIATE_INTEGRATION in phase 1: the "
                        "school joins only after"));
  const v1::ArrangementRecord two = *AdvancePhase(
      a, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED, Day(2027, 3, 1), "", Step());
  absl::StatusOr<v1::ArrangementRecord> joined =
      End(two, v1::END_OUTCOME_INTEGRATED, v1::PARTY_UNSPECIFIED,
          Day(2027, 9, 1), "Academy order", Step());
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_EQ(joined->state(), v1::ARRANGEMENT_STATE_ENDED);
  EXPECT_EQ(joined->ending().outcome(), v1::END_OUTCOME_INTEGRATED);
  EXPECT_FALSE(joined->has_next_review_date());
  EXPECT_EQ(DescribeState(*joined),
            "an ended ASSOCIATE_INTEGRATION (integrated on 2027-09-01)");
}

TEST(End, AtTermOnlyOnceTheTermIsOver) {
  const v1::ArrangementRecord a = Open("coasting");
  EXPECT_THAT(End(a, v1::END_OUTCOME_ENDED_AT_TERM, v1::PARTY_UNSPECIFIED,
                  Day(2027, 12, 9), "", Step())
                  .status(),
              IsRefusal(kRefusalTermNotReached,
                        "whose term ends on 2027-12-10, after 2027-12-09"));
  EXPECT_TRUE(End(a, v1::END_OUTCOME_ENDED_AT_TERM, v1::PARTY_UNSPECIFIED,
                  Day(2027, 12, 10), "", Step())
                  .ok());
}

TEST(End, WalkingAwaySaysWho) {
  const v1::ArrangementRecord a = Open("coasting");
  EXPECT_THAT(End(a, v1::END_OUTCOME_WALKED_AWAY, v1::PARTY_UNSPECIFIED,
                  Day(2027, 2, 1), "", Step())
                  .status(),
              HasViolation("walked_away_by", "the school or the trust"));
  EXPECT_THAT(End(a, v1::END_OUTCOME_ENDED_AT_TERM, v1::PARTY_SCHOOL,
                  Day(2028, 2, 1), "", Step())
                  .status(),
              HasViolation("walked_away_by", "only for"));
  EXPECT_THAT(End(a, v1::END_OUTCOME_UNSPECIFIED, v1::PARTY_UNSPECIFIED,
                  Day(2028, 2, 1), "", Step())
                  .status(),
              HasViolation("outcome", "required"));
  absl::StatusOr<v1::ArrangementRecord> gone =
      End(a, v1::END_OUTCOME_WALKED_AWAY, v1::PARTY_SCHOOL, Day(2027, 2, 1),
          "Governors chose another trust", Step());
  ASSERT_TRUE(gone.ok()) << gone.status();
  EXPECT_EQ(gone->ending().walked_away_by(), v1::PARTY_SCHOOL);
}

TEST(Steps, AnEndedArrangementRefusesEveryStepNamingItsState) {
  const v1::ArrangementRecord ended =
      *End(Open("strong_local"), v1::END_OUTCOME_WALKED_AWAY, v1::PARTY_TRUST,
           Day(2027, 2, 1), "", Step());
  const std::string state =
      "is an ended ASSOCIATE_INTEGRATION (walked away by the trust on "
      "2027-02-01)";
  EXPECT_THAT(AdvancePhase(ended, v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED,
                           Day(2027, 3, 1), "", Step())
                  .status(),
              IsRefusal(kRefusalEnded, state));
  EXPECT_THAT(
      Review(ended, Record("strong_local", "0009", 1'810'000'000),
             Record("strong_local", "0001"), Day(2027, 3, 1), "", Step())
          .status(),
      IsRefusal(kRefusalEnded, state));
  EXPECT_THAT(Extend(Policy::Default(), ended, Day(2029, 1, 1), Day(2027, 3, 1),
                     "", Step())
                  .status(),
              IsRefusal(kRefusalEnded, state));
  EXPECT_THAT(End(ended, v1::END_OUTCOME_INTEGRATED, v1::PARTY_UNSPECIFIED,
                  Day(2027, 3, 1), "", Step())
                  .status(),
              IsRefusal(kRefusalEnded, state));
}

TEST(Refusal, CarriesItsReasonAndOtherStatusesNone) {
  EXPECT_EQ(RefusalReason(Refusal("X_Y", "m")), "X_Y");
  EXPECT_EQ(RefusalReason(absl::FailedPreconditionError("m")), "");
}

}  // namespace
}  // namespace trustfit::scoring
