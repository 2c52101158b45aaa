// End-to-end tests of the real trustfit-server binary on loopback: health,
// reflection, scoring, a 10,000-candidate stream with bad rows, policy
// reload under load, graceful shutdown under load, configuration and the
// metrics endpoint.

#include <atomic>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "scoring/policy.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

std::shared_ptr<grpc::Channel> Connect(const ServerProcess& server) {
  auto channel =
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  channel->WaitForConnected(std::chrono::system_clock::now() +
                            std::chrono::seconds(5));
  return channel;
}

v1::ScoreCandidateRequest ScoreRequest(const char* golden = "coasting") {
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = GoldenCandidate(golden);
  request.set_cluster_id("north");
  return request;
}

grpc::health::v1::HealthCheckResponse::ServingStatus Health(
    const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  if (!stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
           .ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

std::string WritePolicy(const std::string& name, const std::string& version) {
  std::string yaml(scoring::DefaultPolicyYaml());
  const std::string from = "version: \"2026.12.1\"";
  yaml.replace(yaml.find(from), from.size(), "version: \"" + version + "\"");
  const std::string path = TempDirectory() + "/" + name;
  // Write a new file and rename it over the old one, as editors and
  // Kubernetes do, so the server never reads half a file.
  std::ofstream(path + ".tmp") << yaml;
  std::rename((path + ".tmp").c_str(), path.c_str());
  return path;
}

TEST(ServerE2E, ServesHealthAndScoring) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto channel = Connect(*server);
  EXPECT_EQ(Health(channel), grpc::health::v1::HealthCheckResponse::SERVING);
  auto stub = v1::TrustFitService::NewStub(channel);
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub->ScoreCandidate(&context, ScoreRequest(), &response).ok());
  EXPECT_EQ(response.assessment().recommendation().arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(ServerE2E, ReflectionDescribesTheService) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto stub =
      grpc::reflection::v1alpha::ServerReflection::NewStub(Connect(*server));
  grpc::ClientContext context;
  auto stream = stub->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& s : response.list_services_response().service())
    services.insert(s.name());
  EXPECT_EQ(services.count("trustfit.v1.TrustFitService"), 1u);
  EXPECT_EQ(services.count("grpc.health.v1.Health"), 1u);

  request.set_file_containing_symbol("trustfit.v1.TrustFitService");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  ASSERT_GT(response.file_descriptor_response().file_descriptor_proto_size(),
            0);
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(
      response.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(file.package(), "trustfit.v1");
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// 10,000 candidates in messages of 250, with bad items interleaved, written
// and read concurrently.
TEST(ServerE2E, StreamOfTenThousandWithBadItemsInterleaved) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto stub = v1::TrustFitService::NewStub(Connect(*server));
  constexpr int kItems = 10000;
  constexpr int kPerMessage = 250;
  const std::vector<v1::Candidate> goldens = {
      GoldenCandidate("strong_local"), GoldenCandidate("coasting"),
      GoldenCandidate("deficit"), GoldenCandidate("far_high_performer"),
      GoldenCandidate("catholic")};
  // Item i is invalid when i % 7 == 3, and names an unknown cluster when
  // i % 13 == 5 (and is otherwise valid).
  auto invalid = [](int i) { return i % 7 == 3; };
  auto unknown_cluster = [&](int i) { return !invalid(i) && i % 13 == 5; };

  grpc::ClientContext context;
  auto stream = stub->ScoreCandidates(&context);
  std::thread writer([&] {
    for (int start = 0; start < kItems; start += kPerMessage) {
      v1::ScoreCandidatesRequest request;
      request.set_default_cluster_id("north");
      for (int i = start; i < start + kPerMessage; ++i) {
        v1::ScoreItem* item = request.add_items();
        item->set_correlation_id(absl::StrCat(i));
        *item->mutable_candidate() = goldens[i % goldens.size()];
        if (invalid(i))
          item->mutable_candidate()->mutable_identity()->set_urn("bad");
        if (unknown_cluster(i)) item->set_cluster_id("nowhere");
      }
      if (!stream->Write(request)) return;
    }
    stream->WritesDone();
  });

  int next = 0, assessed = 0, invalid_seen = 0, not_found_seen = 0;
  v1::ScoreCandidatesResponse response;
  while (stream->Read(&response)) {
    for (const auto& result : response.results()) {
      ASSERT_EQ(result.correlation_id(), absl::StrCat(next))
          << "order preserved";
      if (invalid(next)) {
        ASSERT_TRUE(result.has_error()) << next;
        EXPECT_EQ(result.error().code(), 3);  // INVALID_ARGUMENT
        ++invalid_seen;
      } else if (unknown_cluster(next)) {
        ASSERT_TRUE(result.has_error()) << next;
        EXPECT_EQ(result.error().code(), 5);  // NOT_FOUND
        ++not_found_seen;
      } else {
        ASSERT_TRUE(result.has_assessment()) << next;
        EXPECT_EQ(result.assessment().urn(),
                  goldens[next % goldens.size()].identity().urn());
        ++assessed;
      }
      ++next;
    }
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(next, kItems);
  EXPECT_EQ(invalid_seen, 1429);
  EXPECT_EQ(assessed + invalid_seen + not_found_seen, kItems);
  EXPECT_GT(not_found_seen, 600);
}

// Load threads score continuously while the policy changes five times
// (SIGHUP and file watching alternately) and once to an invalid file: not a
// single call may fail, and the new versions must be seen.
TEST(ServerE2E, PolicyReloadUnderLoadFailsNoCall) {
  const std::string path = WritePolicy("reload_e2e.yaml", "v0");
  auto server =
      ServerProcess::Start({"--policy=" + path, "--policy-poll=100ms"});
  ASSERT_NE(server, nullptr);
  auto channel = Connect(*server);
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::mutex versions_mu;
  std::set<std::string> versions;
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&] {
      auto stub = v1::TrustFitService::NewStub(channel);
      const v1::ScoreCandidateRequest request = ScoreRequest();
      while (!stop) {
        v1::ScoreCandidateResponse response;
        grpc::ClientContext context;
        if (stub->ScoreCandidate(&context, request, &response).ok()) {
          ++ok;
          std::lock_guard<std::mutex> lock(versions_mu);
          versions.insert(response.assessment().policy().version());
        } else {
          ++failed;
        }
      }
    });
  }
  for (int round = 1; round <= 5; ++round) {
    absl::SleepFor(absl::Milliseconds(300));
    WritePolicy("reload_e2e.yaml", absl::StrCat("v", round));
    if (round % 2 == 1) server->Signal(SIGHUP);
    absl::SleepFor(absl::Milliseconds(300));
  }
  {
    std::ofstream(path + ".tmp") << "name: broken\nunknown_key: 1\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
  }
  server->Signal(SIGHUP);
  absl::SleepFor(absl::Milliseconds(500));
  stop = true;
  for (auto& t : load) t.join();

  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 100);
  EXPECT_EQ(versions.count("v0"), 1u);
  EXPECT_EQ(versions.count("v5"), 1u);
  EXPECT_GE(versions.size(), 4u);
  // The broken file left v5 serving, and the log says why.
  v1::GetPolicyResponse policy;
  grpc::ClientContext context;
  ASSERT_TRUE(v1::TrustFitService::NewStub(channel)
                  ->GetPolicy(&context, v1::GetPolicyRequest(), &policy)
                  .ok());
  EXPECT_EQ(policy.ref().version(), "v5");
  const std::string log = server->Log();
  EXPECT_THAT(log,
              HasSubstr("policy reload failed; keeping the current policy"));
  EXPECT_THAT(log, HasSubstr("unknown_key: unknown key"));
  EXPECT_THAT(log, HasSubstr("trigger=SIGHUP"));
  EXPECT_THAT(log, HasSubstr("trigger=\"file changed\""));
}

// A policy file that disappears is reported once, not on every poll; its
// return is reported too.
TEST(ServerE2E, ADeletedPolicyFileIsReportedOnce) {
  const std::string path = WritePolicy("deleted_e2e.yaml", "v1");
  auto server =
      ServerProcess::Start({"--policy=" + path, "--policy-poll=20ms"});
  ASSERT_NE(server, nullptr);
  std::remove(path.c_str());
  EXPECT_THAT(server->LogOnceItHas("cannot read policy file"),
              HasSubstr("policy reload failed; keeping the current policy"));
  absl::SleepFor(absl::Milliseconds(500));  // 25 polls.
  const std::string log = server->Log();
  size_t failures = 0;
  for (size_t at = log.find("policy reload failed"); at != std::string::npos;
       at = log.find("policy reload failed", at + 1)) {
    ++failures;
  }
  EXPECT_EQ(failures, 1u) << log;
  WritePolicy("deleted_e2e.yaml", "v2");
  EXPECT_THAT(server->LogOnceItHas("version=v2"), HasSubstr("policy reloaded"));
}

// SIGTERM while unary calls and a stream are in flight: every call started
// before the signal succeeds, health turns NOT_SERVING during the drain, and
// the server exits 0.
TEST(ServerE2E, SigtermDuringLoadFailsNoCallInFlight) {
  auto server =
      ServerProcess::Start({"--drain-delay=1s", "--shutdown-grace=10s"});
  ASSERT_NE(server, nullptr);
  auto channel = Connect(*server);
  std::atomic<bool> signalled{false}, stop{false};
  std::atomic<int> ok{0}, failed_in_flight{0}, refused_after{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&] {
      auto stub = v1::TrustFitService::NewStub(channel);
      const v1::ScoreCandidateRequest request = ScoreRequest();
      while (!stop) {
        const bool started_before_signal = !signalled;
        v1::ScoreCandidateResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(5));
        if (stub->ScoreCandidate(&context, request, &response).ok()) {
          ++ok;
        } else if (started_before_signal) {
          ++failed_in_flight;
        } else {
          ++refused_after;
          absl::SleepFor(absl::Milliseconds(5));
        }
      }
    });
  }
  // A stream that starts before the signal and keeps writing through the
  // drain delay.
  std::atomic<int> stream_results{0};
  grpc::Status stream_status;
  std::thread streamer([&] {
    auto stub = v1::TrustFitService::NewStub(channel);
    grpc::ClientContext context;
    auto stream = stub->ScoreCandidates(&context);
    std::thread reader([&] {
      v1::ScoreCandidatesResponse response;
      while (stream->Read(&response)) stream_results += response.results_size();
    });
    for (int m = 0; m < 20; ++m) {
      v1::ScoreCandidatesRequest request;
      request.set_default_cluster_id("north");
      for (int i = 0; i < 10; ++i)
        *request.add_items()->mutable_candidate() = GoldenCandidate("deficit");
      stream->Write(request);
      absl::SleepFor(absl::Milliseconds(40));
    }
    stream->WritesDone();
    reader.join();
    stream_status = stream->Finish();
  });

  absl::SleepFor(absl::Milliseconds(300));
  signalled = true;
  server->Signal(SIGTERM);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Health(channel),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  streamer.join();
  EXPECT_EQ(server->WaitForExit(absl::Seconds(15)), 0);
  stop = true;
  for (auto& t : load) t.join();

  EXPECT_EQ(failed_in_flight.load(), 0);
  EXPECT_GT(ok.load(), 50);
  EXPECT_TRUE(stream_status.ok()) << stream_status.error_message();
  EXPECT_EQ(stream_results.load(), 200);
  EXPECT_THAT(server->Log(), HasSubstr("msg=\"shutting down\" signal=SIGTERM"));
  EXPECT_THAT(server->Log(), HasSubstr("stopped"));
}

TEST(ServerE2E, HelpAndUsageErrors) {
  const std::string out = TempDirectory() + "/server_help.txt";
  pid_t pid = SpawnProcess({TRUSTFIT_SERVER_BINARY, "--help"}, out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 0);
  EXPECT_THAT(ReadWholeFile(out), HasSubstr("--shutdown-grace"));
  EXPECT_THAT(ReadWholeFile(out), HasSubstr("TRUSTFIT_POLICY"));

  pid = SpawnProcess({TRUSTFIT_SERVER_BINARY, "--no-such-flag"}, out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 2);
  EXPECT_THAT(ReadWholeFile(out), HasSubstr("--no-such-flag"));

  pid = SpawnProcess({TRUSTFIT_SERVER_BINARY, "--shutdown-grace=soon"}, out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 2);
  EXPECT_THAT(ReadWholeFile(out), HasSubstr("not a duration: \"soon\""));
}

TEST(ServerE2E, BadPolicyAtStartIsFatalWithEveryProblem) {
  const std::string path = TempDirectory() + "/bad_start_policy.yaml";
  std::ofstream(path) << "name: x\nversion: 1\ncolour: blue\n";
  const std::string out = TempDirectory() + "/bad_start.log";
  pid_t pid = SpawnProcess({TRUSTFIT_SERVER_BINARY, "--listen=127.0.0.1:0",
                            "--metrics-listen=off", "--policy=" + path},
                           out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 1);
  const std::string log = ReadWholeFile(out);
  EXPECT_THAT(log, HasSubstr("cannot load the policy"));
  EXPECT_THAT(log, HasSubstr("colour: unknown key (line 3)"));
  EXPECT_THAT(log, HasSubstr("trust.name: required"));

  pid = SpawnProcess(
      {TRUSTFIT_SERVER_BINARY, "--listen=127.0.0.1:0", "--metrics-listen=off",
       "--policy=/nonexistent/policy.yaml"},
      out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 1);
  EXPECT_THAT(ReadWholeFile(out),
              HasSubstr("cannot read policy file /nonexistent/policy.yaml"));
}

TEST(ServerE2E, ListenFailureIsFatal) {
  auto first = ServerProcess::Start();
  ASSERT_NE(first, nullptr);
  const std::string out = TempDirectory() + "/listen_fail.log";
  pid_t pid =
      SpawnProcess({TRUSTFIT_SERVER_BINARY, "--listen=" + first->address(),
                    "--metrics-listen=off"},
                   out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 1);
  // The operating system's reason, not a guess among three, and gRPC's own
  // complaint as a line of the server's log rather than its raw dump.
  const std::string log = ReadWholeFile(out);
  EXPECT_THAT(log, HasSubstr("cannot listen on " + first->address() +
                             ": Address already in use"));
  EXPECT_THAT(log, Not(HasSubstr("] UNKNOWN:")));
  EXPECT_THAT(log, HasSubstr("level=warning msg=grpc grpc.log="));
}

TEST(ServerE2E, MetricsEndpointServesPrometheusText) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto stub = v1::TrustFitService::NewStub(Connect(*server));
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub->ScoreCandidate(&context, ScoreRequest(), &response).ok());
  absl::SleepFor(absl::Milliseconds(100));
  const std::string metrics = HttpGet(server->metrics_port(), "/metrics");
  EXPECT_THAT(metrics, HasSubstr("200 OK"));
  EXPECT_THAT(metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"OK\","
                                 "grpc_method=\"ScoreCandidate\""));
  EXPECT_THAT(metrics, HasSubstr("trustfit_assessments_total{arrangement="
                                 "\"ARRANGEMENT_TRUST_PARTNERSHIP\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("trustfit_policy_info{content_hash=\""));
}

TEST(ServerE2E, JsonLogsOneObjectPerLineFromTheEnvironment) {
  auto server = ServerProcess::Start({}, {"TRUSTFIT_LOG_FORMAT=json"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::TrustFitService::NewStub(Connect(*server));
  v1::ScoreCandidateRequest request = ScoreRequest();
  request.set_cluster_id("nowhere");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  EXPECT_FALSE(stub->ScoreCandidate(&context, request, &response).ok());
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitForExit(absl::Seconds(10)), 0);
  bool saw_rpc = false;
  for (absl::string_view line :
       absl::StrSplit(server->Log(), '\n', absl::SkipEmpty())) {
    const nlohmann::json event =
        nlohmann::json::parse(line);  // Throws if not JSON.
    ASSERT_TRUE(event.contains("time") && event.contains("level") &&
                event.contains("msg"));
    if (event["msg"] == "rpc finished") {
      saw_rpc = true;
      EXPECT_EQ(event["grpc.service"], "trustfit.v1.TrustFitService");
      EXPECT_EQ(event["grpc.method"], "ScoreCandidate");
      // Spelt as the metrics' grpc_code label.
      EXPECT_EQ(event["grpc.code"], "NotFound");
      EXPECT_TRUE(event["latency_ms"].is_number()) << line;
      EXPECT_EQ(event["request_id"].get<std::string>().size(), 32u);
      EXPECT_THAT(event["peer"].get<std::string>(), HasSubstr("127.0.0.1"));
    }
  }
  EXPECT_TRUE(saw_rpc);
}

// The x-request-id the server sent back with a ScoreCandidate call that
// sent `sent` (none when empty).
std::string EchoedRequestId(v1::TrustFitService::Stub* stub,
                            const std::string& sent) {
  grpc::ClientContext context;
  if (!sent.empty()) context.AddMetadata("x-request-id", sent);
  v1::ScoreCandidateResponse response;
  EXPECT_TRUE(stub->ScoreCandidate(&context, ScoreRequest(), &response).ok());
  const auto& metadata = context.GetServerInitialMetadata();
  const auto found = metadata.find("x-request-id");
  if (found == metadata.end()) return "";
  return std::string(found->second.data(), found->second.size());
}

TEST(ServerE2E, EachCallHasARequestIdLoggedAndEchoed) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto stub = v1::TrustFitService::NewStub(Connect(*server));
  // The client's own id is kept.
  EXPECT_EQ(EchoedRequestId(stub.get(), "client-id-42"), "client-id-42");
  // None sent: one is made.
  const std::string made = EchoedRequestId(stub.get(), "");
  EXPECT_EQ(made.size(), 32u) << made;
  // A hostile one (spaces, too long) is replaced, not logged.
  const std::string hostile = "forged level=error " + std::string(300, 'x');
  const std::string replaced = EchoedRequestId(stub.get(), hostile);
  EXPECT_EQ(replaced.size(), 32u) << replaced;
  EXPECT_NE(replaced, made);
  const std::string log = server->LogOnceItHas("request_id=" + replaced);
  EXPECT_THAT(log, HasSubstr("request_id=client-id-42"));
  EXPECT_THAT(log, HasSubstr("request_id=" + made));
  EXPECT_THAT(log, Not(HasSubstr("forged")));
  // An OK call's line: logfmt, the method split, no empty error.
  EXPECT_THAT(log, HasSubstr("level=info msg=\"rpc finished\" "
                             "grpc.service=trustfit.v1.TrustFitService "
                             "grpc.method=ScoreCandidate "
                             "grpc.method_type=unary grpc.code=OK "
                             "latency_ms="));
  EXPECT_THAT(log, Not(HasSubstr("error=")));
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(10)), 0);
}

TEST(ServerE2E, ConfigFileSetsOptionsAndFlagsWin) {
  const std::string config = TempDirectory() + "/server_config.toml";
  std::ofstream(config) << "log-format = \"json\"\nshutdown-grace = \"3s\"\n";
  auto server =
      ServerProcess::Start({"--config=" + config, "--shutdown-grace=4s"});
  ASSERT_NE(server, nullptr);
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitForExit(absl::Seconds(10)), 0);
  EXPECT_THAT(server->Log(), HasSubstr("\"grace\":\"4s\""));
}

TEST(ServerE2E, ConfigFileWithAnUnknownKeyIsAUsageError) {
  const std::string config = TempDirectory() + "/server_config_typo.toml";
  std::ofstream(config) << "log-format = \"json\"\nmetrics-port = 9090\n";
  const std::string out = TempDirectory() + "/server_config_typo.txt";
  const pid_t pid = SpawnProcess(
      {TRUSTFIT_SERVER_BINARY, "--config=" + config, "--store=none"}, out);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(10)), 2);
  EXPECT_THAT(
      ReadWholeFile(out),
      HasSubstr("unknown option \"metrics-port\" in the --config file " +
                config));
}

}  // namespace
}  // namespace trustfit::testing
