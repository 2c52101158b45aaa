// The observability interceptor (server/ops/observability.h) on a real
// server on loopback: each call's one log line and its metrics, the request
// id a client can quote, the caller the handler found, and the level of the
// line: an operator's alerts on warnings and errors must fire for the
// server's and its dependencies' failures, not for callers' mistakes.

#include "server/ops/observability.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "server/ops/logging.h"
#include "server/ops/metrics.h"
#include "spdlog/sinks/base_sink.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(RpcLogLevel, TheServersOwnFaultsAreErrors) {
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::INTERNAL), spdlog::level::err);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::UNKNOWN), spdlog::level::err);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::DATA_LOSS), spdlog::level::err);
}

TEST(RpcLogLevel, AFailingDependencyOrLimitIsAWarning) {
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::UNAVAILABLE), spdlog::level::warn);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::DEADLINE_EXCEEDED),
            spdlog::level::warn);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::RESOURCE_EXHAUSTED),
            spdlog::level::warn);
}

TEST(RpcLogLevel, SuccessAndCallersMistakesAreInfo) {
  for (grpc::StatusCode code :
       {grpc::StatusCode::OK, grpc::StatusCode::INVALID_ARGUMENT,
        grpc::StatusCode::NOT_FOUND, grpc::StatusCode::FAILED_PRECONDITION,
        grpc::StatusCode::PERMISSION_DENIED, grpc::StatusCode::UNAUTHENTICATED,
        grpc::StatusCode::CANCELLED}) {
    EXPECT_EQ(RpcLogLevel(code), spdlog::level::info) << code;
  }
}

}  // namespace
}  // namespace trustfit::server

namespace trustfit::server {
namespace {

TEST(RequestId, AClientsOrdinaryIdIsKept) {
  EXPECT_TRUE(IsUsableRequestId("3f2b9c1e-7a4d-4e8b-9f0a-1c2d3e4f5a6b"));
  EXPECT_TRUE(IsUsableRequestId("Root=1-67891233-abcdef012345678912345678"));
}

TEST(RequestId, AHostileIdIsRefused) {
  EXPECT_FALSE(IsUsableRequestId(""));
  EXPECT_FALSE(IsUsableRequestId("two words"));
  EXPECT_FALSE(IsUsableRequestId("line\nbreak"));
  EXPECT_FALSE(IsUsableRequestId("caf\xc3\xa9"));
  EXPECT_FALSE(IsUsableRequestId(std::string(kMaxRequestIdLength + 1, 'a')));
  EXPECT_TRUE(IsUsableRequestId(std::string(kMaxRequestIdLength, 'a')));
}

TEST(RequestId, ANewIdIs32HexDigitsAndDiffers) {
  const std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_NE(a, NewRequestId());
  EXPECT_TRUE(IsUsableRequestId(a));
}

}  // namespace

// Every line LogEvent writes, kept with its level (the body is the logfmt
// the server would print after ts= and level=).
class LineCollector final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  struct Line {
    spdlog::level::level_enum level;
    std::string body;
  };
  std::vector<Line> Lines() {
    absl::MutexLock lock(&mu_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    absl::MutexLock lock(&mu_);
    lines_.push_back(
        {msg.level, std::string(msg.payload.data(), msg.payload.size())});
  }
  void flush_() override {}

 private:
  absl::Mutex mu_;
  std::vector<Line> lines_ ABSL_GUARDED_BY(mu_);
};

// ScoreCandidate answers with the status the test chose, after recording
// the caller as an access check would; every other method is gRPC's
// UNIMPLEMENTED.
class ScriptedService final : public v1::TrustFitService::CallbackService {
 public:
  ScriptedService(RpcCallers* callers, grpc::Status answer)
      : callers_(callers), answer_(std::move(answer)) {}
  grpc::ServerUnaryReactor* ScoreCandidate(
      grpc::CallbackServerContext* context,
      const v1::ScoreCandidateRequest* /*request*/,
      v1::ScoreCandidateResponse* /*response*/) override {
    callers_->Set(context, {"ceo-office", "token"});
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(answer_);
    return reactor;
  }

 private:
  RpcCallers* callers_;
  grpc::Status answer_;
};

class ObservedServer : public ::testing::Test {
 protected:
  void SetUp() override {
    collector_ = std::make_shared<LineCollector>();
    previous_logger_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("test", collector_);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
    absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Create("");
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    metrics_ = *std::move(metrics);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
    spdlog::set_default_logger(previous_logger_);
  }

  void Serve(grpc::Status answer) {
    service_ = std::make_unique<ScriptedService>(&callers_, std::move(answer));
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        factories;
    factories.push_back(std::make_unique<ObservabilityInterceptorFactory>(
        metrics_.get(), &callers_));
    builder.experimental().SetInterceptorCreators(std::move(factories));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials());
  }

  // Calls ScoreCandidate, sending `request_id` when set; returns the
  // status and the x-request-id the server sent back.
  std::pair<grpc::Status, std::string> Score(
      std::optional<std::string> request_id = std::nullopt) {
    grpc::ClientContext context;
    if (request_id) context.AddMetadata(kRequestIdHeader, *request_id);
    v1::ScoreCandidateResponse response;
    const grpc::Status status =
        v1::TrustFitService::NewStub(channel_)->ScoreCandidate(
            &context, v1::ScoreCandidateRequest(), &response);
    return {status, EchoedId(context)};
  }

  static std::string EchoedId(const grpc::ClientContext& context) {
    const auto& metadata = context.GetServerInitialMetadata();
    const auto it = metadata.find(kRequestIdHeader);
    return it == metadata.end()
               ? ""
               : std::string(it->second.data(), it->second.size());
  }

  std::vector<std::string> RpcLines(spdlog::level::level_enum level) {
    std::vector<std::string> bodies;
    for (const LineCollector::Line& line : collector_->Lines()) {
      if (line.level == level && absl::StrContains(line.body, "rpc finished")) {
        bodies.push_back(line.body);
      }
    }
    return bodies;
  }

  std::string Scrape() {
    return prometheus::TextSerializer().Serialize(
        metrics_->registry().Collect());
  }

  std::shared_ptr<LineCollector> collector_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::unique_ptr<Metrics> metrics_;
  RpcCallers callers_;
  std::unique_ptr<ScriptedService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ObservedServer, ACallHasOneLineNamingMethodCodeCallerAndRequestId) {
  Serve(grpc::Status::OK);
  const auto [status, echoed] = Score("client-id-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(echoed, "client-id-1");
  const std::vector<std::string> lines = RpcLines(spdlog::level::info);
  ASSERT_EQ(lines.size(), 1u);
  for (const char* field :
       {"grpc.service=trustfit.v1.TrustFitService",
        "grpc.method=ScoreCandidate", "grpc.method_type=unary", "grpc.code=OK",
        "request_id=client-id-1", "principal=ceo-office", "auth=token",
        "latency_ms=", "peer="}) {
    EXPECT_THAT(lines[0], HasSubstr(field));
  }
  EXPECT_THAT(lines[0], Not(HasSubstr("error=")));
}

TEST_F(ObservedServer, ACallCountsUnderItsMethodAndCode) {
  Serve(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such cluster"));
  Score();
  Score();
  EXPECT_THAT(
      Scrape(),
      HasSubstr("grpc_server_handled_total{grpc_code=\"NotFound\","
                "grpc_method=\"ScoreCandidate\",grpc_service=\""
                "trustfit.v1.TrustFitService\",grpc_type=\"unary\"} 2"));
  EXPECT_THAT(
      Scrape(),
      HasSubstr("grpc_server_started_total{grpc_method=\""
                "ScoreCandidate\",grpc_service=\""
                "trustfit.v1.TrustFitService\",grpc_type=\"unary\"} 2"));
}

TEST_F(ObservedServer, AHostileRequestIdIsReplacedByANewOneLoggedAndEchoed) {
  Serve(grpc::Status::OK);
  const auto [status, echoed] = Score("two words");
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(echoed, MatchesRegex("[0-9a-f]{32}"));
  const std::vector<std::string> lines = RpcLines(spdlog::level::info);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("request_id=" + echoed));
  EXPECT_THAT(lines[0], Not(HasSubstr("two words")));
}

TEST_F(ObservedServer, ACallWithoutAnIdGetsOneOfItsOwn) {
  Serve(grpc::Status::OK);
  const std::string first = Score().second;
  const std::string second = Score().second;
  EXPECT_THAT(first, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(first, second);
}

TEST_F(ObservedServer, AServerFaultIsLoggedAsAnErrorWithItsMessage) {
  Serve(grpc::Status(grpc::StatusCode::INTERNAL, "disk on fire"));
  EXPECT_EQ(Score().first.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(RpcLines(spdlog::level::info), IsEmpty());
  const std::vector<std::string> errors = RpcLines(spdlog::level::err);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("grpc.code=Internal"));
  EXPECT_THAT(errors[0], HasSubstr("error=\"disk on fire\""));
}

TEST_F(ObservedServer, TheHandlersCallerIsForgottenOnceLogged) {
  Serve(grpc::Status::OK);
  Score();
  Score();
  const std::vector<std::string> lines = RpcLines(spdlog::level::info);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1], HasSubstr("principal=ceo-office"));
  // Nothing is left behind for calls that have ended.
  grpc::ServerContext ended;
  EXPECT_EQ(callers_.Take(&ended), std::nullopt);
}

TEST_F(ObservedServer,
       AnUnparseableUnaryRequestIsInvalidArgumentNotUnimplemented) {
  Serve(grpc::Status::OK);
  grpc::GenericStub stub(channel_);
  grpc::ClientContext context;
  const std::string garbage = "\xff\xff\xff\xff";
  grpc::Slice slice(garbage);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Mutex mu;
  bool done = false;
  stub.UnaryCall(&context, "/trustfit.v1.TrustFitService/ScoreCandidate", {},
                 &request, &response, [&](grpc::Status s) {
                   absl::MutexLock lock(&mu);
                   status = std::move(s);
                   done = true;
                 });
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(&done));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("cannot be parsed as its request message"));
}

TEST_F(ObservedServer, HealthChecksAreLoggedAtDebugOnly) {
  Serve(grpc::Status::OK);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(
      grpc::health::v1::Health::NewStub(channel_)
          ->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
          .ok());
  EXPECT_THAT(RpcLines(spdlog::level::info), IsEmpty());
  EXPECT_THAT(Scrape(), HasSubstr("grpc_method=\"Check\""));
}

TEST(RpcCallersTest, TakeReturnsTheCallerOnceAndNothingForAnUnknownCall) {
  RpcCallers callers;
  grpc::ServerContext call, other;
  callers.Set(&call, {"analyst", "jwt"});
  EXPECT_EQ(callers.Take(&other), std::nullopt);
  const std::optional<RpcCallers::Caller> caller = callers.Take(&call);
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->principal, "analyst");
  EXPECT_EQ(caller->auth_method, "jwt");
  EXPECT_EQ(callers.Take(&call), std::nullopt);
}

}  // namespace trustfit::server
