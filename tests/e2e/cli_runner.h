// Running the real trustfit CLI binary in end-to-end tests: its exit code,
// stdout and stderr.
//
//   const CliResult r = RunCli(server->address(), {"health"});
//   EXPECT_EQ(r.code, 0);

#ifndef TRUSTFIT_TESTS_E2E_CLI_RUNNER_H_
#define TRUSTFIT_TESTS_E2E_CLI_RUNNER_H_

#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/e2e/server_process.h"

namespace trustfit::testing {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

// Runs trustfit with `args` after --server=`server`, reading stdin from
// `stdin_path`, with `env` ("NAME=value") added to the environment.
inline CliResult RunCli(const std::string& server,
                        const std::vector<std::string>& args,
                        const std::string& stdin_path = "/dev/null",
                        const std::vector<std::string>& env = {}) {
  static int counter = 0;
  const std::string base =
      absl::StrCat(TempDirectory(), "/cli-", getpid(), "-", counter++);
  std::vector<std::string> argv = {TRUSTFIT_CLI_BINARY, "--server=" + server};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid =
      SpawnProcess(argv, base + ".out", env, stdin_path, base + ".err");
  CliResult result{WaitForPid(pid, absl::Seconds(120)), "", ""};
  result.out = ReadWholeFile(base + ".out");
  result.err = ReadWholeFile(base + ".err");
  return result;
}

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_E2E_CLI_RUNNER_H_
