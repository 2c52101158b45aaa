// The server's metrics as a scrape shows them: every closed-set series at 0
// from start, counts under the method's own labels, and unknown method
// names folded into one series so that they cannot grow /metrics.

#include "server/ops/metrics.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kScore[] = "/trustfit.v1.TrustFitService/ScoreCandidate";

std::unique_ptr<Metrics> InMemory() {
  absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Create("");
  EXPECT_TRUE(metrics.ok()) << metrics.status();
  return *std::move(metrics);
}

std::string Scrape(Metrics& metrics) {
  return prometheus::TextSerializer().Serialize(metrics.registry().Collect());
}

std::string Handled(absl::string_view method, absl::string_view code) {
  return absl::StrCat(
      "grpc_server_handled_total{grpc_code=\"", code, "\",grpc_method=\"",
      method,
      "\",grpc_service=\"trustfit.v1.TrustFitService\",grpc_type=\"unary\"}");
}

TEST(MetricsTest, EveryMethodsHandledCounterExistsAtZeroForEveryCode) {
  std::unique_ptr<Metrics> metrics = InMemory();
  const std::string scrape = Scrape(*metrics);
  for (const char* code : {"OK", "InvalidArgument", "NotFound", "AlreadyExists",
                           "Unauthenticated", "Unavailable"}) {
    EXPECT_THAT(scrape, HasSubstr(Handled("ScoreCandidate", code) + " 0"))
        << code;
  }
  EXPECT_THAT(scrape, HasSubstr("grpc_method=\"Check\""));
  EXPECT_THAT(scrape,
              HasSubstr("trustfit_policy_reloads_total{result=\"failure\"} 0"));
  EXPECT_THAT(scrape,
              HasSubstr("trustfit_store_commits_total{result=\"failure\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("trustfit_build_info{"));
}

TEST(MetricsTest, AHandledCallCountsUnderItsMethodAndCode) {
  std::unique_ptr<Metrics> metrics = InMemory();
  metrics->RpcStarted(kScore, "unary");
  metrics->RpcHandled(kScore, "unary", grpc::StatusCode::ALREADY_EXISTS, 0.01);
  const std::string scrape = Scrape(*metrics);
  EXPECT_THAT(scrape,
              HasSubstr(Handled("ScoreCandidate", "AlreadyExists") + " 1"));
  EXPECT_THAT(scrape, HasSubstr(Handled("ScoreCandidate", "OK") + " 0"));
  EXPECT_THAT(
      scrape,
      HasSubstr("grpc_server_started_total{grpc_method=\"ScoreCandidate\""
                ",grpc_service=\"trustfit.v1.TrustFitService\","
                "grpc_type=\"unary\"} 1"));
}

TEST(MetricsTest, MethodNamesTheServerDoesNotServeShareOneSeries) {
  std::unique_ptr<Metrics> metrics = InMemory();
  for (int i = 0; i < 3; ++i) {
    metrics->RpcHandled(absl::StrCat("/evil.Service/Random", i), "unary",
                        grpc::StatusCode::UNIMPLEMENTED, 0.001);
  }
  const std::string scrape = Scrape(*metrics);
  EXPECT_THAT(scrape, Not(HasSubstr("Random")));
  EXPECT_THAT(scrape, Not(HasSubstr("evil")));
  EXPECT_THAT(scrape,
              HasSubstr("grpc_code=\"Unimplemented\",grpc_method=\"unknown\""
                        ",grpc_service=\"unknown\",grpc_type=\"unknown\"} 3"));
}

TEST(MetricsTest, OnlyThePolicyInUseHasValueOne) {
  std::unique_ptr<Metrics> metrics = InMemory();
  trustfit::v1::PolicyRef first;
  first.set_name("default");
  first.set_version("1");
  first.set_content_hash("aaa");
  trustfit::v1::PolicyRef second = first;
  second.set_version("2");
  second.set_content_hash("bbb");
  metrics->PolicyInUse(first);
  metrics->PolicyInUse(second);
  const std::string scrape = Scrape(*metrics);
  EXPECT_THAT(
      scrape,
      HasSubstr("content_hash=\"aaa\",name=\"default\",version=\"1\"} 0"));
  EXPECT_THAT(
      scrape,
      HasSubstr("content_hash=\"bbb\",name=\"default\",version=\"2\"} 1"));
}

TEST(MetricsTest, AssessmentsCountByArrangementFromZero) {
  std::unique_ptr<Metrics> metrics = InMemory();
  EXPECT_THAT(Scrape(*metrics),
              HasSubstr("trustfit_assessments_total{arrangement=\"ARRANGEMENT_"
                        "TRUST_PARTNERSHIP\"} 0"));
  metrics->AssessmentMade(trustfit::v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_THAT(Scrape(*metrics),
              HasSubstr("trustfit_assessments_total{arrangement=\"ARRANGEMENT_"
                        "TRUST_PARTNERSHIP\"} 1"));
}

TEST(MetricsTest, AStoreCommitCountsItsResultAndGroupSize) {
  std::unique_ptr<Metrics> metrics = InMemory();
  metrics->StoreCommitted(8, 0.002, false);
  const std::string scrape = Scrape(*metrics);
  EXPECT_THAT(scrape,
              HasSubstr("trustfit_store_commits_total{result=\"failure\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("trustfit_store_batch_records_sum 8"));
}

}  // namespace
}  // namespace trustfit::server
