// client/main.cc has no function of its own to call: these tests run the
// built `trustfit` binary (TRUSTFIT_CLI_BINARY) and check its subcommand
// table, its dispatch and its exit codes (client/exit_codes.h).

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::client {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs trustfit with `args`, stdin from /dev/null, TRUSTFIT_* unset so that
// the caller's environment cannot change the answer.
RunResult RunTrustfit(const std::vector<std::string>& args) {
  static int counter = 0;
  const std::string base = absl::StrCat(::testing::TempDir(), "/main_test-",
                                        getpid(), "-", counter++);
  std::vector<std::string> argv = {TRUSTFIT_CLI_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    for (const char* name :
         {"TRUSTFIT_SERVER", "TRUSTFIT_TOKEN", "TRUSTFIT_TOKEN_FILE",
          "TRUSTFIT_TLS_CA", "TRUSTFIT_TLS_CERT", "TRUSTFIT_TLS_KEY",
          "TRUSTFIT_DEADLINE"}) {
      unsetenv(name);
    }
    const int in = open("/dev/null", O_RDONLY);
    const int out =
        open((base + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err =
        open((base + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  RunResult result;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    result.code = WEXITSTATUS(status);
  }
  result.out = ReadAll(base + ".out");
  result.err = ReadAll(base + ".err");
  return result;
}

TEST(Main, HelpListsEverySubcommandAndTheExitCodes) {
  const RunResult r = RunTrustfit({"--help"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  for (const char* name :
       {"score", "quote", "plan, what-would-it-take", "batch", "assess", "get",
        "list", "history", "decide", "arrangements", "pipeline", "policy",
        "health", "report", "agreement"}) {
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("\n  ", name, " ")))
        << name << "\n"
        << r.out;
  }
  EXPECT_THAT(r.out, HasSubstr("Exit codes:\n  0  success\n"));
  EXPECT_THAT(r.out, HasSubstr("  4  a batch finished but some rows failed\n"));
}

TEST(Main, ArrangementsHelpListsItsSteps) {
  const RunResult r = RunTrustfit({"arrangements", "--help"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  for (const char* name :
       {"list", "get", "advance", "review", "extend", "end"}) {
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("\n  ", name, " "))) << name;
  }
}

TEST(Main, PolicyHelpListsShowAndValidate) {
  const RunResult r = RunTrustfit({"policy", "--help"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\n  show "));
  EXPECT_THAT(r.out, HasSubstr("\n  validate "));
}

TEST(Main, VersionPrintsTheVersion) {
  const RunResult r = RunTrustfit({"--version"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, StartsWith("trustfit "));
}

TEST(Main, IsAUsageErrorWithoutASubcommand) {
  const RunResult r = RunTrustfit({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("subcommand"));
}

TEST(Main, IsAUsageErrorForAnUnknownSubcommand) {
  // CLI11 takes the unknown word for a stray argument, so it says that a
  // subcommand is required rather than naming the word.
  const RunResult r = RunTrustfit({"frobnicate"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("A subcommand is required"));
  EXPECT_EQ(r.out, "");
}

TEST(Main, IsAUsageErrorForAPolicyOrArrangementsWithoutTheirStep) {
  EXPECT_EQ(RunTrustfit({"policy"}).code, kExitUsage);
  EXPECT_EQ(RunTrustfit({"arrangements"}).code, kExitUsage);
}

TEST(Main, IsAUsageErrorForAnUnknownOutputFormat) {
  const RunResult r = RunTrustfit({"-o", "xml", "health"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("xml"));
}

TEST(Main, IsAUsageErrorForABadDeadline) {
  for (const char* deadline : {"soon", "0s", "-5s"}) {
    const RunResult r = RunTrustfit({"--deadline", deadline, "health"});
    EXPECT_EQ(r.code, kExitUsage) << deadline;
    EXPECT_EQ(r.err, absl::StrCat("trustfit: --deadline: not a duration: \"",
                                  deadline, "\" (try 10s)\n"));
  }
}

TEST(Main, GivesGeoJsonToBatchOnly) {
  const RunResult r = RunTrustfit({"-o", "geojson", "health"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, "trustfit: --output geojson is for batch results only\n");
}

TEST(Main, RefusesATokenAndATokenFileTogether) {
  const RunResult r =
      RunTrustfit({"--token", "t", "--token-file", "/dev/null", "health"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("excludes"));
}

TEST(Main, IsUnavailableWhenTheServerCannotBeReached) {
  const RunResult r =
      RunTrustfit({"--server", "127.0.0.1:1", "--deadline", "2s", "health"});
  EXPECT_EQ(r.code, kExitUnavailable) << r.err;
  EXPECT_THAT(r.err, HasSubstr("cannot use the server at 127.0.0.1:1"));
}

TEST(Main, RunsThePlanAliasAsPlan) {
  // The alias reaches plan's handler: the empty stdin is not a candidate.
  const RunResult r =
      RunTrustfit({"--server", "127.0.0.1:1", "what-would-it-take", "--cluster",
                   "north", "/dev/null"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("is not a candidate in JSON"));
}

}  // namespace
}  // namespace trustfit::client
