// TrustFitServer (server/server.h): what it serves once started, the
// health a load balancer and a kubelet read, the start-ups it refuses with
// a reason, and its shutdown.

#include "server/server.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/store/assessment_store.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

std::shared_ptr<grpc::Channel> Loopback(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

// The health of `service` ("" for the server), or the call's error code as
// a negative number when the health service does not know it.
int Health(int port, const std::string& service) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  const grpc::Status status = grpc::health::v1::Health::NewStub(Loopback(port))
                                  ->Check(&context, request, &response);
  return status.ok() ? response.status() : -status.error_code();
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(policies_.Reload().ok());
    absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Create("");
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    metrics_ = *std::move(metrics);
    config_.listen = "127.0.0.1:0";
  }

  absl::StatusOr<std::unique_ptr<TrustFitServer>> Start(
      AssessmentStore* store = nullptr) {
    return TrustFitServer::Start(config_, &policies_, metrics_.get(), store);
  }

  PolicyHolder policies_{""};
  std::unique_ptr<Metrics> metrics_;
  ServerConfig config_;
};

TEST_F(ServerTest, ListensOnTheChosenPortAndScores) {
  auto server = Start();
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  EXPECT_EQ((*server)->health_port(), 0);
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = trustfit::testing::GoldenCandidate("coasting");
  request.set_cluster_id("north");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  EXPECT_TRUE(v1::TrustFitService::NewStub(Loopback((*server)->port()))
                  ->ScoreCandidate(&context, request, &response)
                  .ok());
}

TEST_F(ServerTest, TheServerAndItsServiceAreServing) {
  auto server = Start();
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Health((*server)->port(), ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health((*server)->port(), "trustfit.v1.TrustFitService"),
            HealthCheckResponse::SERVING);
}

TEST_F(ServerTest, RecordsHaveAHealthOnlyWhenThereIsAStore) {
  {
    auto server = Start();
    ASSERT_TRUE(server.ok()) << server.status();
    EXPECT_EQ(Health((*server)->port(), kRecordsHealthName),
              -grpc::StatusCode::NOT_FOUND);
  }
  trustfit::testing::ScratchStore scratch;
  auto store = OpenStore(scratch.Create(trustfit::testing::Backend::kSqlite));
  ASSERT_TRUE(store.ok()) << store.status();
  auto server = Start(store->get());
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Health((*server)->port(), kRecordsHealthName),
            HealthCheckResponse::SERVING);
}

TEST_F(ServerTest, TheHealthPortServesHealthAndNothingElse) {
  config_.health_listen = "127.0.0.1:0";
  auto server = Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int health_port = (*server)->health_port();
  ASSERT_GT(health_port, 0);
  EXPECT_NE(health_port, (*server)->port());
  EXPECT_EQ(Health(health_port, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(health_port, "trustfit.v1.TrustFitService"),
            HealthCheckResponse::SERVING);
  v1::GetPolicyResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(v1::TrustFitService::NewStub(Loopback(health_port))
                ->GetPolicy(&context, v1::GetPolicyRequest(), &response)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(ServerTest, AHealthPortInUseIsUnavailableAndNamesTheFlag) {
  auto first = Start();
  ASSERT_TRUE(first.ok()) << first.status();
  config_.health_listen = absl::StrCat("127.0.0.1:", (*first)->port());
  auto second = Start();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(
      second.status().message(),
      HasSubstr("--health-listen: cannot listen on " + config_.health_listen));
}

TEST_F(ServerTest, AnExposedAddressWithoutAuthenticationIsRefused) {
  config_.listen = "0.0.0.0:0";
  auto server = Start();
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(),
              HasSubstr("refusing to serve 0.0.0.0:0 without authentication"));
}

TEST_F(ServerTest, AfterShutdownCallsFailAndASecondShutdownIsHarmless) {
  auto server = Start();
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  (*server)->Shutdown(absl::ZeroDuration(), absl::Seconds(1));
  EXPECT_EQ(Health(port, ""), -grpc::StatusCode::UNAVAILABLE);
  (*server)->Shutdown(absl::ZeroDuration(), absl::Seconds(1));
}

}  // namespace
}  // namespace trustfit::server
