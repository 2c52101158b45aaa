// The hostile-input suite (#16) against the real binaries: what only a
// process shows (its stderr, its signals, its exit) and the CLI end to end.

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

std::shared_ptr<grpc::Channel> Connect(int port) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  channel->WaitForConnected(std::chrono::system_clock::now() +
                            std::chrono::seconds(10));
  return channel;
}

v1::ScoreCandidateRequest ScoreRequest() {
  v1::ScoreCandidateRequest request;
  request.set_cluster_id("north");
  *request.mutable_candidate() = GoldenCandidate("coasting");
  return request;
}

// Finding 8: with stderr not read, every logged call stalled until it hit
// its deadline. Now lines are dropped and counted.
TEST(HostileProcess, AnUnreadStderrDropsLinesAndStallsNothing) {
  const std::string base =
      absl::StrCat(TempDirectory(), "/hostile-fifo-", getpid());
  const std::string fifo = base + ".fifo", ports = base + ".ports";
  std::remove(fifo.c_str());
  std::remove(ports.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Opened for reading (so the server's open succeeds) and never read.
  const int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  const pid_t pid = SpawnProcess(
      {TRUSTFIT_SERVER_BINARY, "--listen=127.0.0.1:0",
       "--metrics-listen=127.0.0.1:0", "--store=none", "--port-file=" + ports},
      base + ".out", {}, "/dev/null", fifo);
  ASSERT_GT(pid, 0);
  int port = 0, metrics_port = 0;
  for (int i = 0; i < 1000 && port == 0; ++i) {
    std::ifstream(ports) >> port >> metrics_port;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_GT(port, 0);
  auto channel = Connect(port);
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&] {
      auto stub = v1::TrustFitService::NewStub(channel);
      const v1::ScoreCandidateRequest request = ScoreRequest();
      for (int i = 0; i < 6000; ++i) {
        v1::ScoreCandidateResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        (stub->ScoreCandidate(&context, request, &response).ok() ? ok
                                                                 : failed)++;
      }
    });
  }
  for (auto& t : load) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(ok, 24000);
  const std::string metrics = HttpGet(metrics_port, "/metrics");
  EXPECT_THAT(metrics, HasSubstr("trustfit_log_lines_dropped_total"));
  EXPECT_THAT(metrics, Not(HasSubstr("trustfit_log_lines_dropped_total 0\n")));
  // It still stops promptly on SIGTERM, though its log cannot be written.
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(30)), 0);
  close(reader);
  std::remove(fifo.c_str());
}

// Finding 10: a ?password= in the store URI was logged in clear.
TEST(HostileProcess, StorePasswordsNeverReachTheLog) {
  const std::string base =
      absl::StrCat(TempDirectory(), "/hostile-secret-", getpid());
  const pid_t pid = SpawnProcess(
      {TRUSTFIT_SERVER_BINARY, "--listen=127.0.0.1:0", "--metrics-listen=off",
       "--store=postgresql://app:hunter2@127.0.0.1:1/db?password=sw0rdfish&"
       "connect_timeout=1"},
      base + ".log");
  ASSERT_GT(pid, 0);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(30)), 1);
  const std::string log = ReadWholeFile(base + ".log");
  EXPECT_THAT(log, HasSubstr("cannot open the store"));
  EXPECT_THAT(log, Not(HasSubstr("hunter2")));
  EXPECT_THAT(log, Not(HasSubstr("sw0rdfish")));
}

// Finding 11: with the default settings SIGTERM cancelled about 11% of the
// calls in flight. The default drain now keeps them alive.
TEST(HostileProcess, SigtermWithDefaultSettingsFailsNoCallInFlight) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  auto channel = Connect(server->port());
  std::atomic<bool> signalled{false}, stop{false};
  std::atomic<int> ok{0}, failed_in_flight{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 16; ++t) {
    load.emplace_back([&] {
      auto stub = v1::TrustFitService::NewStub(channel);
      const v1::ScoreCandidateRequest request = ScoreRequest();
      while (!stop) {
        const bool before = !signalled;
        v1::ScoreCandidateResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        if (stub->ScoreCandidate(&context, request, &response).ok()) {
          ++ok;
        } else if (before) {
          ++failed_in_flight;
        } else {
          absl::SleepFor(absl::Milliseconds(5));
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(500));
  signalled = true;
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0);
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_GT(ok, 100);
  EXPECT_EQ(failed_in_flight, 0);
}

struct Cli {
  int code;
  std::string out, err;
};

Cli RunCli(std::vector<std::string> args) {
  static int counter = 0;
  const std::string base =
      absl::StrCat(TempDirectory(), "/hostile-cli-", getpid(), "-", counter++);
  args.insert(args.begin(), TRUSTFIT_CLI_BINARY);
  const pid_t pid =
      SpawnProcess(args, base + ".out", {}, "/dev/null", base + ".err");
  Cli cli{WaitForPid(pid, absl::Seconds(120)), "", ""};
  cli.out = ReadWholeFile(base + ".out");
  cli.err = ReadWholeFile(base + ".err");
  return cli;
}

// Finding 2: one Windows-1252 "é" in a 2,001-row CSV gave "400 scored, 0
// failed", exit 0. Every row is now in the output, the bad one as an error
// naming its line and byte, and the exit code says some failed.
TEST(HostileProcess, BatchNeverLosesARowSilently) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  const std::string data =
      ReadWholeFile(std::string(TRUSTFIT_SOURCE_DIR) +
                    "/examples/data/secondary-schools-england-2019.csv");
  std::vector<std::string> lines = absl::StrSplit(data, '\n');
  ASSERT_GT(lines.size(), 1001u);
  std::string csv;
  for (size_t i = 0; i <= 1000; ++i) absl::StrAppend(&csv, lines[i], "\n");
  // Line 500 (a data row) gets a Latin-1 e-acute where its name starts.
  std::vector<std::string> cut = absl::StrSplit(csv, '\n');
  cut[499] = absl::StrCat("\xe9", cut[499]);
  csv = absl::StrJoin(cut, "\n");
  const std::string path =
      absl::StrCat(TempDirectory(), "/hostile-1252-", getpid(), ".csv");
  std::ofstream(path, std::ios::binary) << csv;
  const Cli cli = RunCli({"--server=" + server->address(), "--output=csv",
                          "batch", "--cluster=north", "--mapping",
                          std::string(TRUSTFIT_SOURCE_DIR) +
                              "/examples/mappings/secondary-schools-2019.yaml",
                          path});
  EXPECT_EQ(cli.code, 4) << cli.err;
  EXPECT_THAT(cli.err, HasSubstr("1000 rows"));
  EXPECT_THAT(cli.out, HasSubstr("is not UTF-8"));
  const std::vector<std::string> rows =
      absl::StrSplit(cli.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(rows.size(), 1001u);  // The header and every row.
  EXPECT_THAT(cli.out, HasSubstr("\n500,"));
}

}  // namespace
}  // namespace trustfit::testing
