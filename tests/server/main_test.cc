// trustfit-server's main (server/main.cc) as an operator meets it: the port
// file a supervisor reads, the start-up line, SIGHUP reloading the policy,
// SIGINT and SIGTERM stopping it cleanly, and a start refused before any
// port is served. The real binary on loopback, bounded in time.

#include <signal.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "tests/e2e/server_process.h"

namespace trustfit::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string PolicyWithVersion(const std::string& name,
                              const std::string& version) {
  std::string yaml(scoring::DefaultPolicyYaml());
  const std::string from = "version: \"2026.12.1\"";
  yaml.replace(yaml.find(from), from.size(), "version: \"" + version + "\"");
  const std::string path = TempDirectory() + "/" + name;
  std::ofstream(path + ".tmp") << yaml;
  std::rename((path + ".tmp").c_str(), path.c_str());
  return path;
}

TEST(ServerMain, ThePortFileHoldsTheGrpcMetricsAndHealthPorts) {
  auto server = ServerProcess::Start({"--health-listen=127.0.0.1:0"});
  ASSERT_NE(server, nullptr);
  EXPECT_GT(server->port(), 0);
  EXPECT_GT(server->metrics_port(), 0);
  EXPECT_GT(server->health_port(), 0);
  EXPECT_NE(server->port(), server->health_port());
}

TEST(ServerMain, TheServingLineNamesPortsAccessPolicyAndStore) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  const std::string log = server->LogOnceItHas("msg=serving");
  for (const std::string& field :
       {absl::StrCat("grpc_port=", server->port()),
        absl::StrCat("metrics_port=", server->metrics_port()),
        std::string("tls=false"), std::string("store=none"),
        std::string("policy_version=2026.12.1"),
        std::string("policy_content_hash=")}) {
    EXPECT_THAT(log, HasSubstr(field));
  }
}

TEST(ServerMain, SighupReloadsThePolicyFile) {
  const std::string policy = PolicyWithVersion("main_sighup.yaml", "1.0.0");
  auto server =
      ServerProcess::Start({"--policy=" + policy, "--policy-poll=0s"});
  ASSERT_NE(server, nullptr);
  PolicyWithVersion("main_sighup.yaml", "2.0.0");
  server->Signal(SIGHUP);
  const std::string log = server->LogOnceItHas("version=2.0.0");
  EXPECT_THAT(log, HasSubstr("msg=\"policy reloaded\" trigger=SIGHUP"));
  EXPECT_THAT(log, HasSubstr("version=2.0.0"));
}

TEST(ServerMain, SighupOnTheEmbeddedPolicySaysThereIsNothingToReload) {
  auto server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  server->Signal(SIGHUP);
  EXPECT_THAT(server->LogOnceItHas("reload skipped"),
              HasSubstr("serving the embedded policy"));
}

TEST(ServerMain, SigintAndSigtermStopTheServerWithExitZero) {
  for (const int signal_number : {SIGINT, SIGTERM}) {
    const std::string name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
    SCOPED_TRACE(name);
    auto server = ServerProcess::Start({"--drain-delay=0s"});
    ASSERT_NE(server, nullptr);
    server->LogOnceItHas("msg=serving");
    server->Signal(signal_number);
    EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0);
    const std::string log = server->Log();
    EXPECT_THAT(log, HasSubstr("msg=\"shutting down\" signal=" + name));
    EXPECT_THAT(log, HasSubstr("msg=stopped"));
  }
}

TEST(ServerMain, AnExposedAddressWithoutAuthenticationIsRefusedAtStart) {
  const std::string log_path = TempDirectory() + "/main_exposed.log";
  const pid_t pid =
      SpawnProcess({TRUSTFIT_SERVER_BINARY, "--listen=0.0.0.0:0",
                    "--store=none", "--metrics-listen=127.0.0.1:0"},
                   log_path);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(WaitForPid(pid, absl::Seconds(30)), 1);
  const std::string log = ReadWholeFile(log_path);
  EXPECT_THAT(log, HasSubstr("refusing to start"));
  EXPECT_THAT(log, Not(HasSubstr("msg=serving")));
}

}  // namespace
}  // namespace trustfit::testing
