// Decisions, arrangements and the pipeline through gRPC, on a server with a
// SQLite store (the store itself is tested on both backends in
// decision_store_test): one school's journey, every refusal's code and
// reason, the portfolio counted by later assessments, and the metrics.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/error_details.h"
#include "gtest/gtest.h"
#include "prometheus/metric_family.h"
#include "server/server.h"
#include "tests/scoring/date_util.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Backend;
using ::trustfit::testing::Day;
using ::trustfit::testing::GoldenCandidate;

// A golden candidate under another URN: another school just like it.
v1::Candidate Candidate(const std::string& golden, const std::string& urn) {
  v1::Candidate candidate = GoldenCandidate(golden);
  if (!urn.empty()) candidate.mutable_identity()->set_urn(urn);
  return candidate;
}

class DecisionsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(scratch_.Create(Backend::kSqlite)); }

  void Start(const std::string& store_url) {
    server_.reset();
    store_.reset();
    policies_ = std::make_unique<PolicyHolder>("");
    metrics_ = *Metrics::Create("");
    if (!store_url.empty()) {
      auto store = OpenStore(store_url);
      ASSERT_TRUE(store.ok()) << store.status();
      store_ = *std::move(store);
    }
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    auto server = TrustFitServer::Start(config, policies_.get(), metrics_.get(),
                                        store_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::TrustFitService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  v1::AssessmentRecord Assess(const v1::Candidate& candidate) {
    v1::CreateAssessmentRequest request;
    *request.mutable_record()->mutable_candidate() = candidate;
    request.mutable_record()->set_cluster_id("north");
    v1::AssessmentRecord record;
    grpc::ClientContext context;
    const grpc::Status status =
        stub_->CreateAssessment(&context, request, &record);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return record;
  }

  grpc::Status Decide(const std::string& assessment,
                      v1::DecisionOutcome outcome,
                      v1::RecordDecisionResponse* response,
                      const std::string& requester = "board-clerk@trust") {
    v1::RecordDecisionRequest request;
    request.set_name(assessment);
    v1::Decision* d = request.mutable_decision();
    d->set_outcome(outcome);
    *d->mutable_decision_date() = Day(2026, 12, 10);
    d->set_meeting_reference("Board 2026/12 item 4");
    if (outcome != v1::DECISION_OUTCOME_APPROVED) {
      v1::DecisionReason* reason = d->add_reasons();
      reason->set_code(v1::DECISION_REASON_CODE_FINANCE);
      reason->set_note("Recovery plan not yet agreed");
    }
    grpc::ClientContext context;
    context.AddMetadata("x-trustfit-requester", requester);
    return stub_->RecordDecision(&context, request, response);
  }

  // Approves `candidate`'s new assessment; the arrangement opened.
  v1::ArrangementRecord Approve(const v1::Candidate& candidate) {
    v1::RecordDecisionResponse response;
    const grpc::Status status = Decide(
        Assess(candidate).name(), v1::DECISION_OUTCOME_APPROVED, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.arrangement();
  }

  static std::string Reason(const grpc::Status& status) {
    google::rpc::Status details;
    if (!grpc::ExtractErrorDetails(status, &details).ok()) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) return info.reason();
    }
    return "";
  }

  static std::vector<std::string> Fields(const grpc::Status& status) {
    google::rpc::Status details;
    std::vector<std::string> fields;
    if (!grpc::ExtractErrorDetails(status, &details).ok()) return fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations())
        fields.push_back(v.field());
    }
    return fields;
  }

  // The value of the counter `name` with `label`="`value`", or -1.
  double Counter(const std::string& name, const std::string& label,
                 const std::string& value) {
    for (const prometheus::MetricFamily& family :
         metrics_->registry().Collect()) {
      if (family.name != name) continue;
      for (const prometheus::ClientMetric& metric : family.metric) {
        for (const prometheus::ClientMetric::Label& l : metric.label) {
          if (l.name == label && l.value == value) return metric.counter.value;
        }
      }
    }
    return -1;
  }

  trustfit::testing::ScratchStore scratch_;
  std::unique_ptr<PolicyHolder> policies_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AssessmentStore> store_;
  std::unique_ptr<TrustFitServer> server_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

TEST_F(DecisionsServiceTest, OneSchoolFromAssessmentToIntegration) {
  // The strong local school: ASSOCIATE_INTEGRATION, governors resolved.
  const v1::AssessmentRecord first = Assess(Candidate("strong_local", ""));
  v1::RecordDecisionResponse decided;
  grpc::Status status =
      Decide(first.name(), v1::DECISION_OUTCOME_APPROVED, &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.decision().decided_by(), "board-clerk@trust");
  EXPECT_EQ(decided.decision().assessment(), first.name());
  const v1::ArrangementRecord& opened = decided.arrangement();
  EXPECT_THAT(opened.name(),
              ::testing::MatchesRegex("arrangements/[0-9a-f]{16}"));
  EXPECT_EQ(decided.decision().arrangement(), opened.name());
  EXPECT_EQ(opened.associate_phase(), v1::ASSOCIATE_PHASE_1);
  EXPECT_EQ(opened.events(0).recorded_by(), "board-clerk@trust");

  // Phase 2 needs the Regional Director's authorisation.
  v1::AdvanceArrangementPhaseRequest advance;
  advance.set_name(opened.name());
  advance.set_governance_stage(v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED);
  *advance.mutable_event_date() = Day(2027, 3, 1);
  v1::ArrangementRecord a;
  {
    grpc::ClientContext context;
    status = stub_->AdvanceArrangementPhase(&context, advance, &a);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "GOVERNANCE_NOT_AUTHORISED");
  EXPECT_THAT(status.error_message(), HasSubstr("in phase 1"));
  advance.set_governance_stage(v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED);
  {
    grpc::ClientContext context;
    context.AddMetadata("x-trustfit-requester", "ceo-office@trust");
    status = stub_->AdvanceArrangementPhase(&context, advance, &a);
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.associate_phase(), v1::ASSOCIATE_PHASE_2);
  EXPECT_EQ(a.events(1).recorded_by(), "ceo-office@trust");

  // A review links a new assessment of the school.
  const v1::AssessmentRecord later = Assess(Candidate("strong_local", ""));
  v1::ReviewArrangementRequest review;
  review.set_name(opened.name());
  review.set_assessment(later.name());
  *review.mutable_review_date() = Day(2027, 6, 1);
  {
    grpc::ClientContext context;
    status = stub_->ReviewArrangement(&context, review, &a);
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.latest_assessment(), later.name());
  EXPECT_EQ(a.events(2).review().previous_assessment(), first.name());
  EXPECT_EQ(a.events(2).review().overall_change(), 0);

  // Integration ends it; nothing follows.
  v1::EndArrangementRequest end;
  end.set_name(opened.name());
  end.set_outcome(v1::END_OUTCOME_INTEGRATED);
  *end.mutable_event_date() = Day(2027, 9, 1);
  {
    grpc::ClientContext context;
    status = stub_->EndArrangement(&context, end, &a);
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.state(), v1::ARRANGEMENT_STATE_ENDED);
  {
    grpc::ClientContext context;
    status = stub_->ReviewArrangement(&context, review, &a);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "ARRANGEMENT_ENDED");
  EXPECT_THAT(status.error_message(),
              HasSubstr("is an ended ASSOCIATE_INTEGRATION (integrated on "
                        "2027-09-01)"));

  // Get reads back every event.
  v1::GetArrangementRequest get;
  get.set_name(opened.name());
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetArrangement(&context, get, &a).ok());
  EXPECT_EQ(a.events_size(), 4);
  EXPECT_EQ(Counter("trustfit_decisions_total", "outcome", "approved"), 1);
  EXPECT_EQ(Counter("trustfit_arrangement_events_total", "kind", "opened"), 1);
  EXPECT_EQ(
      Counter("trustfit_arrangement_events_total", "kind", "phase_advanced"),
      1);
  EXPECT_EQ(Counter("trustfit_arrangement_events_total", "kind", "ended"), 1);
  EXPECT_EQ(Counter("trustfit_arrangement_steps_refused_total", "reason",
                    "ARRANGEMENT_ENDED"),
            1);
}

TEST_F(DecisionsServiceTest, ADecisionLocksItsAssessment) {
  const v1::AssessmentRecord record = Assess(Candidate("coasting", ""));
  v1::RecordDecisionResponse response;
  ASSERT_TRUE(
      Decide(record.name(), v1::DECISION_OUTCOME_DEFERRED, &response).ok());
  EXPECT_FALSE(response.has_arrangement());
  const grpc::Status second =
      Decide(record.name(), v1::DECISION_OUTCOME_APPROVED, &response, "bob");
  EXPECT_EQ(second.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(second), "ASSESSMENT_ALREADY_DECIDED");
  EXPECT_THAT(second.error_message(),
              HasSubstr("deferred on 2026-12-10 (Board 2026/12 item 4) by "
                        "board-clerk@trust"));
  // Deferred: a new assessment of the same school may be decided.
  const v1::AssessmentRecord again = Assess(Candidate("coasting", ""));
  EXPECT_TRUE(
      Decide(again.name(), v1::DECISION_OUTCOME_APPROVED, &response).ok());
  EXPECT_EQ(Counter("trustfit_decisions_total", "outcome", "deferred"), 1);
}

TEST_F(DecisionsServiceTest, ARetryWithTheSameRequestIdGetsTheSameDecision) {
  const v1::AssessmentRecord record = Assess(Candidate("deficit", ""));
  v1::RecordDecisionRequest request;
  request.set_name(record.name());
  request.set_request_id("board-2026-12-item-4");
  request.mutable_decision()->set_outcome(v1::DECISION_OUTCOME_APPROVED);
  *request.mutable_decision()->mutable_decision_date() = Day(2026, 12, 10);
  v1::RecordDecisionResponse first, retry;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->RecordDecision(&context, request, &first).ok());
  }
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->RecordDecision(&context, request, &retry).ok());
  }
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Counter("trustfit_decisions_total", "outcome", "approved"), 1);
}

TEST_F(DecisionsServiceTest, LaterAssessmentsCountTheClustersArrangements) {
  // North: 70 spare days. Each deficit-like school needs a net 35.
  const v1::ArrangementRecord a1 = Approve(Candidate("deficit", "200001"));
  EXPECT_EQ(a1.committed_days(), 35);
  const v1::AssessmentRecord second = Assess(Candidate("deficit", "200002"));
  EXPECT_EQ(second.assessment().capacity().cluster_spare_days(), 35);
  EXPECT_FALSE(second.assessment().capacity().overstretched());
  ASSERT_EQ(second.assessment().capacity().counted_arrangements_size(), 1);
  EXPECT_EQ(
      second.assessment().capacity().counted_arrangements(0).arrangement(),
      a1.name());
  v1::RecordDecisionResponse response;
  ASSERT_TRUE(
      Decide(second.name(), v1::DECISION_OUTCOME_APPROVED, &response).ok());

  // A third school finds the cluster full, scored or recorded.
  const v1::AssessmentRecord third = Assess(Candidate("deficit", "200003"));
  EXPECT_EQ(third.assessment().capacity().cluster_spare_days(), 0);
  EXPECT_TRUE(third.assessment().capacity().overstretched());
  EXPECT_EQ(third.assessment().capacity().configured_committed_days(), 350);
  bool condition = false;
  for (const auto& c : third.assessment().recommendation().conditions()) {
    if (c.code() == "CLUSTER_CAPACITY_REQUIRED") {
      condition = true;
      EXPECT_EQ(c.days_missing(), 35);
    }
  }
  EXPECT_TRUE(condition);
  v1::ScoreCandidateRequest score;
  *score.mutable_candidate() = Candidate("deficit", "200003");
  score.set_cluster_id("north");
  v1::ScoreCandidateResponse scored;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ScoreCandidate(&context, score, &scored).ok());
  }
  EXPECT_EQ(scored.assessment().capacity().counted_arrangements_size(), 2);
  // A cluster given inline is the caller's whole picture: nothing added.
  *score.mutable_cluster() = *policies_->Current().FindCluster("north");
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ScoreCandidate(&context, score, &scored).ok());
  }
  EXPECT_EQ(scored.assessment().capacity().cluster_spare_days(), 70);

  // So does a batch stream, item by item.
  v1::ScoreCandidatesRequest batch;
  batch.set_default_cluster_id("north");
  *batch.add_items()->mutable_candidate() = Candidate("deficit", "200004");
  v1::ScoreItem* inline_item = batch.add_items();
  *inline_item->mutable_candidate() = Candidate("deficit", "200005");
  *inline_item->mutable_cluster() = *policies_->Current().FindCluster("north");
  {
    grpc::ClientContext context;
    auto stream = stub_->ScoreCandidates(&context);
    ASSERT_TRUE(stream->Write(batch));
    v1::ScoreCandidatesResponse answered;
    ASSERT_TRUE(stream->Read(&answered));
    stream->WritesDone();
    ASSERT_TRUE(stream->Finish().ok());
    ASSERT_EQ(answered.results_size(), 2);
    const v1::CapacityAnalysis& counted =
        answered.results(0).assessment().capacity();
    EXPECT_EQ(counted.cluster_spare_days(), 0);
    EXPECT_EQ(counted.counted_arrangements_size(), 2);
    EXPECT_EQ(answered.results(1).assessment().capacity().cluster_spare_days(),
              70);
  }

  // The pipeline shows the same.
  v1::GetPipelineRequest pipeline_request;
  pipeline_request.set_cluster_id("north");
  *pipeline_request.mutable_as_of() = Day(2027, 3, 1);
  v1::GetPipelineResponse pipeline;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->GetPipeline(&context, pipeline_request, &pipeline).ok());
  }
  ASSERT_EQ(pipeline.clusters_size(), 1);
  EXPECT_EQ(pipeline.clusters(0).arrangement_committed_days(), 70);
  EXPECT_EQ(pipeline.clusters(0).spare_days(), 0);
  EXPECT_EQ(pipeline.clusters(0).utilisation_pct(), 100);
  EXPECT_EQ(pipeline.clusters(0).arrangements_size(), 2);
  EXPECT_EQ(pipeline.due_within_days(), 30);
}

TEST_F(DecisionsServiceTest, ListArrangementsPagesWithSignedTokens) {
  for (int i = 0; i < 3; ++i) {
    Approve(Candidate("coasting", absl::StrCat("30000", i)));
  }
  v1::ListArrangementsRequest request;
  request.set_cluster_id("north");
  request.set_page_size(2);
  v1::ListArrangementsResponse page;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ListArrangements(&context, request, &page).ok());
  }
  EXPECT_EQ(page.arrangements_size(), 2);
  ASSERT_FALSE(page.next_page_token().empty());
  EXPECT_EQ(page.arrangements(0).urn(), "300002");  // Newest first.
  // The token is for these filters only.
  v1::ListArrangementsRequest other = request;
  other.set_page_token(page.next_page_token());
  other.set_urn("300001");
  v1::ListArrangementsResponse refused;
  grpc::Status status;
  {
    grpc::ClientContext context;
    status = stub_->ListArrangements(&context, other, &refused);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("page_token"));
  request.set_page_token(page.next_page_token());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ListArrangements(&context, request, &page).ok());
  }
  EXPECT_EQ(page.arrangements_size(), 1);
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(DecisionsServiceTest, BadRequestsNameTheirFields) {
  v1::RecordDecisionResponse response;
  grpc::Status status =
      Decide("assessments/nothex", v1::DECISION_OUTCOME_APPROVED, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("name"));
  status = Decide("assessments/00000000000000ff", v1::DECISION_OUTCOME_APPROVED,
                  &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(status), "RECORD_NOT_FOUND");

  const v1::AssessmentRecord record = Assess(Candidate("coasting", ""));
  v1::RecordDecisionRequest request;
  request.set_name(record.name());
  {
    grpc::ClientContext context;
    status = stub_->RecordDecision(&context, request, &response);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(status), "INVALID_REQUEST");
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("decision.outcome",
                                                     "decision.decision_date"));

  v1::GetArrangementRequest get;
  get.set_name("arrangements/00000000000000ff");
  v1::ArrangementRecord a;
  {
    grpc::ClientContext context;
    status = stub_->GetArrangement(&context, get, &a);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(status), "ARRANGEMENT_NOT_FOUND");
  v1::ExtendArrangementRequest extend;
  extend.set_name("assessments/00000000000000ff");
  {
    grpc::ClientContext context;
    status = stub_->ExtendArrangement(&context, extend, &a);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("name"));

  v1::GetPipelineRequest pipeline;
  pipeline.set_cluster_id("east");
  v1::GetPipelineResponse p;
  {
    grpc::ClientContext context;
    status = stub_->GetPipeline(&context, pipeline, &p);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(status), "CLUSTER_NOT_FOUND");
  pipeline.set_cluster_id("");
  pipeline.set_due_within_days(-1);
  {
    grpc::ClientContext context;
    status = stub_->GetPipeline(&context, pipeline, &p);
  }
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("due_within_days"));
}

TEST_F(DecisionsServiceTest, WithoutAStoreEveryMethodSaysSo) {
  Start("");
  v1::RecordDecisionResponse response;
  grpc::Status status = Decide("assessments/00000000000000ff",
                               v1::DECISION_OUTCOME_APPROVED, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "STORE_DISABLED");
  v1::GetPipelineResponse p;
  grpc::ClientContext context;
  status = stub_->GetPipeline(&context, v1::GetPipelineRequest(), &p);
  EXPECT_EQ(Reason(status), "STORE_DISABLED");
}

}  // namespace
}  // namespace trustfit::server
