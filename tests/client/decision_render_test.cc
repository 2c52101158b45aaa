// How the CLI shows decisions, arrangements and the pipeline, and how it
// reads `trustfit decide`'s options: whole outputs pinned.

#include "client/decision_render.h"

#include <sstream>
#include <string>

#include "absl/strings/str_split.h"
#include "client/decisions.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/date_util.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Day;

v1::ArrangementRecord Arrangement() {
  v1::ArrangementRecord a;
  a.set_name("arrangements/00000000000000a1");
  a.set_urn("990101");
  a.set_school_name("Kirkstall Vale School (fictional)");
  a.set_cluster_id("north");
  a.set_arrangement_type(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  a.set_associate_phase(v1::ASSOCIATE_PHASE_2);
  a.set_state(v1::ARRANGEMENT_STATE_ACTIVE);
  *a.mutable_start_date() = Day(2026, 12, 10);
  *a.mutable_term_end_date() = Day(2028, 12, 10);
  a.set_review_months(6);
  *a.mutable_next_review_date() = Day(2027, 6, 10);
  a.set_committed_days(25);
  a.set_assessment("assessments/00000000000000b1");
  a.set_latest_assessment("assessments/00000000000000b1");
  v1::ArrangementEvent* opened = a.add_events();
  opened->set_kind(v1::ARRANGEMENT_EVENT_KIND_OPENED);
  *opened->mutable_event_date() = Day(2026, 12, 10);
  opened->set_recorded_by("clerk");
  opened->set_note("Board 2026/12 item 4");
  v1::ArrangementEvent* advanced = a.add_events();
  advanced->set_kind(v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED);
  *advanced->mutable_event_date() = Day(2027, 3, 1);
  advanced->set_recorded_by("ceo");
  advanced->mutable_phase_change()->set_governance_stage(
      v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED);
  return a;
}

TEST(PrintArrangement, ShowsTheTermsAndEveryEvent) {
  std::ostringstream out;
  PrintArrangement(out, Arrangement());
  EXPECT_EQ(out.str(),
            "arrangements/00000000000000a1  Kirkstall Vale School (fictional) "
            "(URN 990101), cluster north\n"
            "  associate-integration, phase 2; active\n"
            "  Term 2026-12-10 to 2028-12-10; reviewed every 6 months; next "
            "review 2027-06-10\n"
            "  Commits 25.0 executive days a year; decided on "
            "assessments/00000000000000b1, latest assessment "
            "assessments/00000000000000b1\n"
            "\n"
            "Events:\n"
            "  2026-12-10  opened by an approved decision  [clerk]\n"
            "              Board 2026/12 item 4\n"
            "  2027-03-01  phase 1 -> phase 2 (governance director "
            "authorised)  [ceo]\n");
}

TEST(PrintArrangement, SaysHowAnArrangementEnded) {
  v1::ArrangementRecord a = Arrangement();
  a.set_state(v1::ARRANGEMENT_STATE_ENDED);
  a.mutable_ending()->set_outcome(v1::END_OUTCOME_WALKED_AWAY);
  a.mutable_ending()->set_walked_away_by(v1::PARTY_SCHOOL);
  v1::ArrangementEvent* ended = a.add_events();
  ended->set_kind(v1::ARRANGEMENT_EVENT_KIND_ENDED);
  *ended->mutable_event_date() = Day(2027, 4, 1);
  *ended->mutable_ending() = a.ending();
  std::ostringstream out;
  PrintArrangement(out, a);
  EXPECT_THAT(out.str(), HasSubstr("phase 2; ended: walked away by the "
                                   "school\n"));
  EXPECT_THAT(out.str(),
              HasSubstr("  2027-04-01  ended: walked away by the school"));
  EXPECT_THAT(ArrangementTableRow(a),
              ::testing::Contains(HasSubstr("ended: walked away")));
}

TEST(PrintPipeline, ShowsEachClustersPortfolioAndWhatIsDue) {
  v1::GetPipelineResponse p;
  *p.mutable_as_of() = Day(2027, 6, 1);
  p.set_due_within_days(30);
  v1::ClusterPipeline* north = p.add_clusters();
  north->set_cluster_id("north");
  north->set_cluster_name("North (Leeds and Wakefield)");
  north->set_support_capacity_days(420);
  north->set_configured_committed_days(350);
  north->set_arrangement_committed_days(50);
  north->set_spare_days(20);
  north->set_utilisation_pct(95.24);
  north->set_due_soon_count(1);
  v1::PipelineEntry* e = north->add_arrangements();
  e->set_arrangement("arrangements/00000000000000a1");
  e->set_school_name("Kirkstall Vale School (fictional)");
  e->set_arrangement_type(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  e->set_associate_phase(v1::ASSOCIATE_PHASE_1);
  e->set_committed_days(25);
  *e->mutable_next_review_date() = Day(2027, 6, 10);
  *e->mutable_term_end_date() = Day(2028, 12, 10);
  e->set_review_due_soon(true);
  v1::ClusterPipeline* south = p.add_clusters();
  south->set_cluster_id("south-west");
  south->set_support_capacity_days(260);
  south->set_configured_committed_days(250);
  south->set_spare_days(10);
  south->set_utilisation_pct(96.15);
  std::ostringstream out;
  PrintPipeline(out, p);
  std::ostringstream narrow;
  PrintPipeline(narrow, p, 80);
  for (absl::string_view line : absl::StrSplit(narrow.str(), '\n'))
    EXPECT_LE(DisplayWidth(line), 80u) << line;
  EXPECT_EQ(
      out.str(),
      "Pipeline as of 2027-06-01 (due soon: within 30 days)\n"
      "\n"
      "North (Leeds and Wakefield) [north]\n"
      "  capacity 420.0 days; committed 400.0 (350.0 configured + 50.0 in 1 "
      "arrangement); spare 20.0; utilisation 95.24%\n"
      "  0 overdue, 1 due soon\n"
      "  arrangement                    school                             "
      "type                            days  review      term end    due\n"
      "  arrangements/00000000000000a1  Kirkstall Vale School (fictional)  "
      "associate-integration, phase 1  25.0  2027-06-10  2028-12-10  review "
      "due\n"
      "\n"
      "south-west [south-west]\n"
      "  capacity 260.0 days; committed 250.0 (250.0 configured + 0.0 in 0 "
      "arrangements); spare 10.0; utilisation 96.15%\n");
}

TEST(PrintDecision, ListsReasonsAndConditions) {
  v1::Decision d;
  d.set_assessment("assessments/00000000000000b1");
  d.set_outcome(v1::DECISION_OUTCOME_DEFERRED);
  *d.mutable_decision_date() = Day(2026, 12, 10);
  d.set_meeting_reference("Board 2026/12");
  d.set_decided_by("clerk");
  v1::DecisionReason* r = d.add_reasons();
  r->set_code(v1::DECISION_REASON_CODE_CHOICE_OF_TRUST);
  r->set_note("Governors also talking to another trust");
  v1::DecisionCondition* c = d.add_conditions();
  c->set_code("CLUSTER_CAPACITY_REQUIRED");
  c->set_description("Add 5 days to North's team");
  std::ostringstream out;
  PrintDecision(out, d);
  EXPECT_EQ(out.str(),
            "assessments/00000000000000b1: deferred on 2026-12-10 (Board "
            "2026/12), recorded by clerk\n"
            "  reason: choice of trust - Governors also talking to another "
            "trust\n"
            "  condition: CLUSTER_CAPACITY_REQUIRED: Add 5 days to North's "
            "team\n");
}

TEST(MakeDecisionRequest, ReadsEveryOption) {
  DecideOptions options;
  options.assessment = "00000000000000b1";
  options.outcome = "approved";
  options.date = "2026-12-10";
  options.meeting = "Board 2026/12";
  options.reasons = {"capacity: North is nearly full", "other:Visit"};
  options.conditions = {"CLUSTER_CAPACITY_REQUIRED=Add 5 days",
                        "Reviewed in 6 months"};
  options.arrangement = "trust-partnership";
  options.start = "2027-01-01";
  absl::StatusOr<v1::RecordDecisionRequest> r = MakeDecisionRequest(options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->name(), "assessments/00000000000000b1");
  const v1::Decision& d = r->decision();
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVED);
  EXPECT_EQ(d.decision_date().day(), 10);
  ASSERT_EQ(d.reasons_size(), 2);
  EXPECT_EQ(d.reasons(0).code(), v1::DECISION_REASON_CODE_CAPACITY);
  EXPECT_EQ(d.reasons(0).note(), "North is nearly full");
  EXPECT_EQ(d.reasons(1).code(), v1::DECISION_REASON_CODE_OTHER);
  ASSERT_EQ(d.conditions_size(), 2);
  EXPECT_EQ(d.conditions(0).code(), "CLUSTER_CAPACITY_REQUIRED");
  EXPECT_EQ(d.conditions(0).description(), "Add 5 days");
  EXPECT_EQ(d.conditions(1).code(), "");
  EXPECT_EQ(d.arrangement_type(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(d.start_date().year(), 2027);
}

TEST(MakeDecisionRequest, NamesTheOptionAtFault) {
  DecideOptions options;
  options.assessment = "00000000000000b1";
  options.outcome = "maybe";
  options.date = "2026-12-10";
  EXPECT_THAT(MakeDecisionRequest(options).status().message(),
              HasSubstr("--outcome: unknown value \"maybe\" (approved, "
                        "declined, deferred, withdrawn)"));
  options.outcome = "declined";
  options.date = "10/12/2026";
  EXPECT_THAT(MakeDecisionRequest(options).status().message(),
              HasSubstr("--date: not a date: \"10/12/2026\" (YYYY-MM-DD)"));
  options.date = "2026-02-30";
  EXPECT_THAT(MakeDecisionRequest(options).status().message(),
              HasSubstr("--date: not a date"));
  options.date = "2026-12-10";
  options.reasons = {"weather"};
  EXPECT_THAT(MakeDecisionRequest(options).status().message(),
              HasSubstr("--reason: unknown value \"weather\""));
}

}  // namespace
}  // namespace trustfit::client
