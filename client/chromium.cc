#include "client/chromium.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "scoring/io/text_file.h"
#include "scoring/status_macros.h"

extern char** environ;

namespace trustfit::client {
namespace {

// The flags of a quiet, private, one-shot run: no sandbox (it refuses to run
// as root with one), no GPU, and nothing fetched or synced.
constexpr const char* kFlags[] = {
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
};

bool IsExecutable(const std::string& path) {
  return !path.empty() && ::access(path.c_str(), X_OK) == 0 &&
         !std::filesystem::is_directory(path);
}

// What Chromium wrote to `path`; empty when it wrote nothing there.
std::string ReadAll(const std::filesystem::path& path) {
  io::TextFileOptions options;
  options.max_bytes = size_t{1} << 30;  // A board pack's PDF, with maps.
  absl::StatusOr<std::string> text = io::ReadTextFile(path.string(), options);
  return text.ok() ? *std::move(text) : std::string();
}

// A directory only this process uses, removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp",
                                       "/trustfit-pdf-XXXXXX");
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `argv` in a process group of its own with output to `log`, and waits
// up to `timeout`; the group is killed afterwards so no helper outlives it.
absl::StatusOr<int> RunAndWait(const std::vector<std::string>& argv,
                               const std::filesystem::path& log,
                               absl::Duration timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions,
                                    &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return absl::InternalError(
        absl::StrCat("cannot run ", argv[0], ": ", std::strerror(spawned)));
  }
  const absl::Time deadline = absl::Now() + timeout;
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ::kill(-pid, SIGKILL);  // Its renderer and helpers, and itself if late.
  if (done == 0) {
    ::waitpid(pid, &status, 0);
    return absl::InternalError(absl::StrCat(argv[0], " took longer than ",
                                            absl::FormatDuration(timeout)));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

absl::StatusOr<std::string> FindChromium() {
  if (const char* named = std::getenv("TRUSTFIT_CHROMIUM"); named && *named) {
    if (IsExecutable(named)) return std::string(named);
    return absl::FailedPreconditionError(
        absl::StrCat("TRUSTFIT_CHROMIUM is ", named,
                     ", which is not a program that can be run"));
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "", ':', absl::SkipEmpty())) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::string candidate = absl::StrCat(dir, "/", name);
      if (IsExecutable(candidate)) return candidate;
    }
  }
  return absl::FailedPreconditionError(
      "a PDF is printed by headless Chromium, and no chromium is installed "
      "(none on PATH): install Debian's package (apt-get install chromium), "
      "set TRUSTFIT_CHROMIUM to the browser, or write HTML (--format html) "
      "and print it from any browser");
}

absl::StatusOr<std::string> PrintHtmlToPdf(absl::string_view html,
                                           absl::Duration timeout) {
  TRUSTFIT_ASSIGN_OR_RETURN(std::string chromium, FindChromium());
  TempDir dir;
  if (dir.path().empty()) {
    return absl::InternalError(absl::StrCat(
        "cannot make a temporary directory: ", std::strerror(errno)));
  }
  const std::filesystem::path page = dir.path() / "page.html";
  const std::filesystem::path pdf = dir.path() / "page.pdf";
  const std::filesystem::path log = dir.path() / "chromium.log";
  std::filesystem::create_directory(dir.path() / "profile");
  std::ofstream(page, std::ios::binary) << html;
  std::vector<std::string> argv = {chromium};
  argv.insert(argv.end(), std::begin(kFlags), std::end(kFlags));
  argv.push_back(
      absl::StrCat("--user-data-dir=", (dir.path() / "profile").string()));
  argv.push_back(absl::StrCat("--print-to-pdf=", pdf.string()));
  argv.push_back(absl::StrCat("file://", page.string()));
  TRUSTFIT_ASSIGN_OR_RETURN(int code, RunAndWait(argv, log, timeout));
  std::string bytes = ReadAll(pdf);
  if (code != 0 || bytes.rfind("%PDF", 0) != 0) {
    std::string words = ReadAll(log);
    if (words.size() > 1500) words = words.substr(words.size() - 1500);
    return absl::InternalError(
        absl::StrCat(chromium, " printed no PDF (exit ", code, "): ", words));
  }
  return bytes;
}

}  // namespace trustfit::client
