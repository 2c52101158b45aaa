// ServerProcess: the real trustfit-server binary, started on free loopback
// ports for end-to-end tests and benchmarks, and stopped afterwards.
//
//   auto server = ServerProcess::Start({"--policy=" + path});
//   auto channel = grpc::CreateChannel(server->address(), ...);
//   server->Signal(SIGTERM);
//   EXPECT_EQ(server->WaitForExit(absl::Seconds(10)), 0);

#ifndef TRUSTFIT_TESTS_E2E_SERVER_PROCESS_H_
#define TRUSTFIT_TESTS_E2E_SERVER_PROCESS_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace trustfit::testing {

// Where tests put their files: $TEST_TMPDIR, or /tmp.
inline std::string TempDirectory() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// Runs `argv` as a child process with stdout sent to `output_path`, stderr
// to `stderr_path` (or with stdout when empty), stdin from `stdin_path`, the
// signal mask cleared and `extra_env` added. Returns the pid, or -1.
inline pid_t SpawnProcess(const std::vector<std::string>& argv,
                          const std::string& output_path,
                          const std::vector<std::string>& extra_env = {},
                          const std::string& stdin_path = "/dev/null",
                          const std::string& stderr_path = "") {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.push_back(*e);
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(),
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (stderr_path.empty()) {
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                     stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, &attributes, args.data(),
                  env.data()) != 0)
    pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return pid;
}

// Waits up to `timeout` for `pid` to exit: its exit code, 128 + signal when a
// signal killed it, or -1 when it is still running.
inline int WaitForPid(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (absl::Now() >= deadline) return -1;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The whole HTTP/1.0 response (status line, headers, body) to a GET of
// `path` on 127.0.0.1:`port`, or "" when nothing listens there.
inline std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return "";
  }
  const std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  (void)write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  return response;
}

class ServerProcess {
 public:
  // Starts trustfit-server with `args` on 127.0.0.1 and free ports and waits
  // until it listens. Returns nullptr (with the log on stderr) if it fails.
  static std::unique_ptr<ServerProcess> Start(
      std::vector<std::string> args = {}, std::vector<std::string> env = {}) {
    std::unique_ptr<ServerProcess> server(new ServerProcess());
    static int counter = 0;
    const std::string base = absl::StrCat(TempDirectory(), "/trustfit-server-",
                                          getpid(), "-", counter++);
    server->port_file_ = base + ".ports";
    server->log_path_ = base + ".log";
    std::remove(server->port_file_.c_str());
    // True when `option` ("--store") is given as a flag or in the
    // environment (TRUSTFIT_STORE, TRUSTFIT_STORE_FILE).
    auto given = [&](const std::string& option) {
      std::string variable = "TRUSTFIT_" + option.substr(2);
      for (char& c : variable) c = c == '-' ? '_' : std::toupper(c);
      return std::any_of(args.begin(), args.end(),
                         [&](const std::string& a) {
                           return a.rfind(option, 0) == 0;
                         }) ||
             std::any_of(env.begin(), env.end(), [&](const std::string& e) {
               return e.rfind(variable, 0) == 0;
             });
    };
    std::vector<std::string> argv = {TRUSTFIT_SERVER_BINARY,
                                     "--metrics-listen=127.0.0.1:0",
                                     "--port-file=" + server->port_file_};
    // Loopback unless the test names an address.
    if (!given("--listen")) argv.push_back("--listen=127.0.0.1:0");
    // No store unless the test asks for one: no stray trustfit.db files.
    if (!given("--store")) argv.push_back("--store=none");
    argv.insert(argv.end(), args.begin(), args.end());
    server->pid_ = SpawnProcess(argv, server->log_path_, env);
    if (server->pid_ < 0) return nullptr;
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (absl::Now() < deadline) {
      std::ifstream ports(server->port_file_);
      if (ports >> server->port_ >> server->metrics_port_ &&
          server->port_ > 0) {
        ports >> server->health_port_;  // Only with --health-listen.
        return server;
      }
      if (WaitForPid(server->pid_, absl::ZeroDuration()) != -1) break;
      absl::SleepFor(absl::Milliseconds(20));
    }
    std::fprintf(stderr, "trustfit-server did not start:\n%s\n",
                 server->Log().c_str());
    return nullptr;
  }

  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      WaitForPid(pid_, absl::Seconds(5));
    }
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  // The --health-listen port; 0 without one.
  int health_port() const { return health_port_; }
  pid_t pid() const { return pid_; }
  void Signal(int signal_number) const { kill(pid_, signal_number); }

  // Exit code, or -1 if still running after `timeout`.
  int WaitForExit(absl::Duration timeout) {
    const int code = WaitForPid(pid_, timeout);
    if (code != -1) exited_ = true;
    return code;
  }

  // Everything the server wrote to stdout and stderr so far.
  std::string Log() const { return ReadWholeFile(log_path_); }

  // The log once it holds `text`, waiting up to `timeout` for it: the
  // server logs from a background thread, so a line may follow its port.
  std::string LogOnceItHas(absl::string_view text,
                           absl::Duration timeout = absl::Seconds(10)) const {
    const absl::Time give_up = absl::Now() + timeout;
    std::string log = Log();
    while (!absl::StrContains(log, text) && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(20));
      log = Log();
    }
    return log;
  }

 private:
  ServerProcess() = default;

  pid_t pid_ = -1;
  bool exited_ = false;
  int port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
  std::string port_file_;
  std::string log_path_;
};

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_E2E_SERVER_PROCESS_H_
