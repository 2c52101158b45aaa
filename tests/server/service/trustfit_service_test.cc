// In-process tests of every RPC and error path of trustfit.v1.TrustFitService,
// through a real gRPC channel to a server on a free loopback port.

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/rpc/code.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/error_details.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "server/server.h"
#include "tests/scoring/test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::GoldenCandidate;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartWith(""); }

  void StartWith(const std::string& policy_file) {
    server_.reset();
    policies_ = std::make_unique<PolicyHolder>(policy_file);
    ASSERT_TRUE(policies_->Reload().ok());
    metrics_ = *Metrics::Create("");
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    auto server =
        TrustFitServer::Start(config, policies_.get(), metrics_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::TrustFitService::NewStub(channel_);
  }

  void TearDown() override { server_.reset(); }

  static google::rpc::Status Details(const grpc::Status& status) {
    google::rpc::Status details;
    EXPECT_TRUE(grpc::ExtractErrorDetails(status, &details).ok());
    return details;
  }

  static google::rpc::BadRequest BadRequestOf(
      const google::rpc::Status& details) {
    google::rpc::BadRequest bad_request;
    for (const auto& any : details.details()) {
      if (any.UnpackTo(&bad_request)) return bad_request;
    }
    ADD_FAILURE() << "no BadRequest in " << details.DebugString();
    return bad_request;
  }

  static google::rpc::ErrorInfo ErrorInfoOf(
      const google::rpc::Status& details) {
    google::rpc::ErrorInfo info;
    for (const auto& any : details.details()) {
      if (any.UnpackTo(&info)) return info;
    }
    ADD_FAILURE() << "no ErrorInfo in " << details.DebugString();
    return info;
  }

  static bool HasField(const google::rpc::BadRequest& bad_request,
                       const std::string& field) {
    for (const auto& v : bad_request.field_violations()) {
      if (v.field() == field) return true;
    }
    return false;
  }

  std::unique_ptr<PolicyHolder> policies_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<TrustFitServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

TEST_F(ServiceTest, ScoreCandidateAgainstAClusterOfThePolicy) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("strong_local");
  request.set_cluster_id("north");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.assessment().urn(), "108057");
  EXPECT_EQ(response.assessment().recommendation().arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(response.assessment().policy().content_hash(),
            scoring::Policy::Default().ref().content_hash());
}

TEST_F(ServiceTest, BasicViewDropsFactorDetailButKeepsTheConclusion) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("deficit");
  request.set_cluster_id("north");
  v1::ScoreCandidateResponse full, basic;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ScoreCandidate(&context, request, &full).ok());
  }
  request.set_view(v1::ASSESSMENT_VIEW_BASIC);
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ScoreCandidate(&context, request, &basic).ok());
  }
  EXPECT_GT(full.assessment().criteria(0).factors_size(), 0);
  for (const auto& criterion : basic.assessment().criteria()) {
    EXPECT_EQ(criterion.factors_size(), 0);
    EXPECT_EQ(criterion.adjustments_size(), 0);
    EXPECT_TRUE(criterion.has_score());
  }
  EXPECT_EQ(basic.assessment().overall_score(),
            full.assessment().overall_score());
  EXPECT_EQ(basic.assessment().reasons_against_size(), 5);
  EXPECT_EQ(basic.assessment().recommendation().rule(),
            full.assessment().recommendation().rule());
  EXPECT_LT(basic.ByteSizeLong() * 2, full.ByteSizeLong());
}

TEST_F(ServiceTest, ScoreCandidateAgainstAnInlineCluster) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("far_high_performer");
  v1::Cluster* cluster = request.mutable_cluster();
  cluster->set_id("reading");
  cluster->set_name("Reading pilot");
  cluster->mutable_hub()->mutable_os_grid()->set_easting(471000);
  cluster->mutable_hub()->mutable_os_grid()->set_northing(173000);
  cluster->set_support_capacity_days(100);
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ScoreCandidate(&context, request, &response).ok());
  EXPECT_EQ(response.assessment().cluster_id(), "reading");
  EXPECT_TRUE(response.assessment().location().within_cluster_radius());
}

TEST_F(ServiceTest, InvalidCandidateListsEveryViolation) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_candidate()->mutable_identity()->set_urn("12");
  request.mutable_candidate()->mutable_standards()->set_overall_absence_pct(
      140);
  request.set_cluster_id("north");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("candidate.identity.urn"));
  const google::rpc::Status details = Details(status);
  EXPECT_EQ(details.code(), google::rpc::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad_request = BadRequestOf(details);
  EXPECT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_TRUE(HasField(bad_request, "candidate.identity.urn"));
  EXPECT_TRUE(HasField(bad_request, "candidate.standards.overall_absence_pct"));
  const google::rpc::ErrorInfo info = ErrorInfoOf(details);
  EXPECT_EQ(info.reason(), "INVALID_REQUEST");
  EXPECT_EQ(info.domain(), "trustfit.example");
}

TEST_F(ServiceTest, MissingClusterIsAFieldViolation) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad_request = BadRequestOf(Details(status));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "cluster_id");
  EXPECT_THAT(bad_request.field_violations(0).description(),
              HasSubstr("north, midlands"));
}

TEST_F(ServiceTest, UnknownClusterIsNotFound) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("east");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(),
              HasSubstr("cluster \"east\" is not in the policy"));
  EXPECT_EQ(ErrorInfoOf(Details(status)).reason(), "CLUSTER_NOT_FOUND");
}

TEST_F(ServiceTest, UnknownClusterNamesTheValidOnesInItsErrorInfo) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("east");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  const google::rpc::ErrorInfo info = ErrorInfoOf(Details(status));
  EXPECT_EQ(info.domain(), "trustfit.example");
  EXPECT_EQ(info.metadata().at("cluster_id"), "east");
  EXPECT_EQ(info.metadata().at("valid_cluster_ids"),
            "north,midlands,south-west");
}

TEST_F(ServiceTest, OutlookIsInBothViews) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("public_data");
  request.set_cluster_id("north");
  request.set_view(v1::ASSESSMENT_VIEW_BASIC);
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ScoreCandidate(&context, request, &response).ok());
  const v1::Outlook& outlook = response.assessment().outlook();
  EXPECT_TRUE(outlook.is_provisional());
  EXPECT_EQ(outlook.provisional().arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_LT(outlook.min_overall(), outlook.max_overall());
  EXPECT_GT(outlook.collect_first_size(), 0);
}

TEST_F(ServiceTest, FindImprovementPathNamesTheChanges) {
  v1::FindImprovementPathRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("north");
  request.set_target_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  v1::ImprovementPath path;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->FindImprovementPath(&context, request, &path);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(path.reachable());
  ASSERT_GT(path.changes_size(), 0);
  EXPECT_EQ(path.changes(0).field(), "governance.stage");
  EXPECT_EQ(path.arrangement_after(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(path.policy().content_hash(),
            scoring::Policy::Default().ref().content_hash());
}

TEST_F(ServiceTest, FindImprovementPathErrorsLikeEveryOtherMethod) {
  v1::FindImprovementPathRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("north");
  request.set_target_arrangement(v1::ARRANGEMENT_NOT_RECOMMENDED);
  v1::ImprovementPath path;
  {
    grpc::ClientContext context;
    const grpc::Status status =
        stub_->FindImprovementPath(&context, request, &path);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    const google::rpc::Status details = Details(status);
    EXPECT_TRUE(HasField(BadRequestOf(details), "target_arrangement"));
    EXPECT_EQ(ErrorInfoOf(details).reason(), "INVALID_REQUEST");
  }
  request.set_cluster_id("east");
  {
    grpc::ClientContext context;
    const grpc::Status status =
        stub_->FindImprovementPath(&context, request, &path);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(ErrorInfoOf(Details(status)).reason(), "CLUSTER_NOT_FOUND");
  }
}

TEST_F(ServiceTest, ExpiredDeadlineIsHonoured) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("north");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() -
                       std::chrono::seconds(1));
  EXPECT_EQ(stub_->ScoreCandidate(&context, request, &response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(ServiceTest, StreamAnswersEveryItemInOrderWithPerItemErrors) {
  grpc::ClientContext context;
  auto stream = stub_->ScoreCandidates(&context);
  v1::ScoreCandidatesRequest request;
  request.set_default_cluster_id("north");
  for (int i = 0; i < 6; ++i) {
    v1::ScoreItem* item = request.add_items();
    item->set_correlation_id(absl::StrCat("row-", i));
    *item->mutable_candidate() =
        GoldenCandidate(i % 2 == 0 ? "coasting" : "deficit");
  }
  request.mutable_items(2)
      ->mutable_candidate()
      ->mutable_identity()
      ->clear_urn();
  request.mutable_items(4)->set_cluster_id("atlantis");
  ASSERT_TRUE(stream->Write(request));
  v1::ScoreCandidatesRequest second;
  second.add_items()->set_correlation_id("second");
  *second.mutable_items(0)->mutable_candidate() =
      GoldenCandidate("strong_local");
  second.mutable_items(0)->set_cluster_id("midlands");
  ASSERT_TRUE(stream->Write(second));
  ASSERT_TRUE(stream->WritesDone());

  v1::ScoreCandidatesResponse response;
  ASSERT_TRUE(stream->Read(&response));
  ASSERT_EQ(response.results_size(), 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(response.results(i).correlation_id(), absl::StrCat("row-", i));
  }
  EXPECT_TRUE(response.results(0).has_assessment());
  EXPECT_EQ(response.results(0).assessment().cluster_id(), "north");
  ASSERT_TRUE(response.results(2).has_error());
  EXPECT_EQ(response.results(2).error().code(), google::rpc::INVALID_ARGUMENT);
  EXPECT_TRUE(HasField(BadRequestOf(response.results(2).error()),
                       "candidate.identity.urn"));
  ASSERT_TRUE(response.results(4).has_error());
  EXPECT_EQ(response.results(4).error().code(), google::rpc::NOT_FOUND);
  EXPECT_TRUE(response.results(5).has_assessment());

  ASSERT_TRUE(stream->Read(&response));
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).assessment().cluster_id(), "midlands");
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ServiceTest, EmptyStreamFinishesCleanly) {
  grpc::ClientContext context;
  auto stream = stub_->ScoreCandidates(&context);
  ASSERT_TRUE(stream->WritesDone());
  v1::ScoreCandidatesResponse response;
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ServiceTest, CancelledStreamEndsEarly) {
  grpc::ClientContext context;
  auto stream = stub_->ScoreCandidates(&context);
  v1::ScoreCandidatesRequest request;
  request.set_default_cluster_id("north");
  *request.add_items()->mutable_candidate() = GoldenCandidate("coasting");
  ASSERT_TRUE(stream->Write(request));
  v1::ScoreCandidatesResponse response;
  ASSERT_TRUE(stream->Read(&response));
  context.TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ServiceTest, QuoteContributionDefaultsTheStartToNextMonth) {
  v1::QuoteContributionRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_spec()->set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  const google::type::Date expected = FirstDayOfNextMonth(absl::Now());
  v1::QuoteContributionResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->QuoteContribution(&context, request, &response).ok());
  EXPECT_EQ(response.quote().term_months(), 12);
  ASSERT_EQ(response.quote().schedule_size(), 12);
  EXPECT_EQ(response.quote().schedule(0).due_date().month(), expected.month());
  EXPECT_EQ(response.quote().schedule(0).due_date().day(), 1);
}

TEST_F(ServiceTest, InvalidQuoteListsEveryViolation) {
  v1::QuoteContributionRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_candidate()->mutable_finance()->clear_funding_base_pence();
  request.mutable_spec()->set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  request.mutable_spec()->set_term_months(30);
  request.mutable_spec()->add_services()->set_code("UNICORNS");
  v1::QuoteContributionResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->QuoteContribution(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad_request = BadRequestOf(Details(status));
  EXPECT_EQ(bad_request.field_violations_size(), 3);
  EXPECT_TRUE(HasField(bad_request, "candidate.finance.funding_base_pence"));
  EXPECT_TRUE(HasField(bad_request, "spec.term_months"));
  EXPECT_TRUE(HasField(bad_request, "spec.services[0].code"));
}

TEST(FirstDayOfNextMonth, RollsOverTheYear) {
  const google::type::Date d = FirstDayOfNextMonth(absl::FromCivil(
      absl::CivilSecond(2026, 12, 31, 23, 59, 0), absl::UTCTimeZone()));
  EXPECT_EQ(d.year(), 2027);
  EXPECT_EQ(d.month(), 1);
  EXPECT_EQ(d.day(), 1);
}

TEST_F(ServiceTest, GetPolicyReturnsTheEmbeddedPolicy) {
  v1::GetPolicyResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(
      stub_->GetPolicy(&context, v1::GetPolicyRequest(), &response).ok());
  EXPECT_EQ(response.source(), "embedded");
  EXPECT_EQ(response.ref().content_hash(),
            scoring::Policy::Default().ref().content_hash());
  EXPECT_EQ(response.policy().clusters_size(), 3);
}

TEST_F(ServiceTest, ValidatePolicyAcceptsAGoodPolicy) {
  v1::ValidatePolicyRequest request;
  request.set_yaml(std::string(scoring::DefaultPolicyYaml()));
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ValidatePolicy(&context, request, &response).ok());
  EXPECT_TRUE(response.valid());
  EXPECT_EQ(response.ref().content_hash(),
            scoring::Policy::Default().ref().content_hash());
}

TEST_F(ServiceTest, ValidatePolicyListsEveryProblem) {
  v1::ValidatePolicyRequest request;
  request.set_yaml("name: x\nversion: 1\nscoring: {weights: {standars: 1}}\n");
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ValidatePolicy(&context, request, &response).ok());
  EXPECT_FALSE(response.valid());
  EXPECT_GT(response.violations_size(), 10);
  EXPECT_EQ(response.violations(0).field(), "scoring.weights.standars");
}

TEST_F(ServiceTest, ValidatePolicyAcceptsAMessage) {
  v1::ValidatePolicyRequest request;
  *request.mutable_policy() = scoring::Policy::Default().proto();
  request.mutable_policy()->mutable_cost()->set_core_rate_bps(-5);
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ValidatePolicy(&context, request, &response).ok());
  EXPECT_FALSE(response.valid());
  ASSERT_EQ(response.violations_size(), 1);
  EXPECT_EQ(response.violations(0).field(), "cost.core_rate_bps");
}

TEST_F(ServiceTest, ValidatePolicyNeedsAPolicy) {
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ValidatePolicy(&context, v1::ValidatePolicyRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasField(BadRequestOf(Details(status)), "policy_source"));
}

TEST_F(ServiceTest, HealthIsServingForTheServerAndTheService) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service : {"", "trustfit.v1.TrustFitService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(health->Check(&context, request, &response).ok());
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << service;
  }
}

TEST_F(ServiceTest, MetricsCountCallsByMethodAndCode) {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.set_cluster_id("nowhere");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  stub_->ScoreCandidate(&context, request, &response);
  // The interceptor records after the status is sent; give it a moment.
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text =
        prometheus::TextSerializer().Serialize(metrics_->registry().Collect());
    if (text.find("grpc_code=\"NotFound\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_THAT(
      text,
      HasSubstr("grpc_server_handled_total{grpc_code=\"NotFound\","
                "grpc_method=\"ScoreCandidate\",grpc_service=\"trustfit.v1."
                "TrustFitService\",grpc_type=\"unary\"} 1"));
  EXPECT_THAT(
      text,
      HasSubstr("grpc_server_started_total{grpc_method=\"ScoreCandidate\""));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket"));
}

TEST_F(ServiceTest, ReloadedPolicyServesNewCallsAndABadOneIsRefused) {
  const std::string path = ::testing::TempDir() + "/service_test_policy.yaml";
  std::string yaml(scoring::DefaultPolicyYaml());
  std::ofstream(path) << yaml;
  StartWith(path);
  const std::string first = policies_->Current().ref().content_hash();
  yaml.replace(yaml.find("version: \"2026.12.1\""), 20,
               "version: \"2026.12.2\"");
  std::ofstream(path) << yaml;
  ASSERT_TRUE(policies_->Reload().ok());
  v1::GetPolicyResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(
        stub_->GetPolicy(&context, v1::GetPolicyRequest(), &response).ok());
  }
  EXPECT_EQ(response.ref().version(), "2026.12.2");
  EXPECT_NE(response.ref().content_hash(), first);
  EXPECT_EQ(response.source(), path);

  std::ofstream(path) << "name: broken\n";
  EXPECT_FALSE(policies_->Reload().ok());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(
        stub_->GetPolicy(&context, v1::GetPolicyRequest(), &response).ok());
  }
  EXPECT_EQ(response.ref().version(), "2026.12.2");
}

}  // namespace
}  // namespace trustfit::server
