#include "server/auth/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace trustfit::server::auth {
namespace {

absl::Status OpenError(const std::string& path, absl::string_view what,
                       int error) {
  const std::string message =
      absl::StrCat("cannot read the ", what, " ", path, ": ", strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES) return absl::PermissionDeniedError(message);
  return absl::InvalidArgumentError(message);
}

}  // namespace

absl::StatusOr<std::string> ReadConfigFile(const std::string& path,
                                           absl::string_view what) {
  // O_NONBLOCK so that a FIFO given by mistake fails below instead of
  // waiting for a writer; it changes nothing for a regular file.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return OpenError(path, what, errno);
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat("the ", what, " ", path, " is not a regular file"));
  }
  std::string text;
  char buffer[16384];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      close(fd);
      return OpenError(path, what, error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > kMaxConfigFileBytes) {
      close(fd);
      return absl::InvalidArgumentError(
          absl::StrCat("the ", what, " ", path, " is larger than ",
                       kMaxConfigFileBytes, " bytes"));
    }
  }
  close(fd);
  return text;
}

std::vector<ConfigLine> SplitConfigLines(absl::string_view text) {
  std::vector<ConfigLine> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const size_t comment = line.find('#');
    if (comment != absl::string_view::npos) line = line.substr(0, comment);
    ConfigLine out;
    out.number = number;
    out.fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (!out.fields.empty()) lines.push_back(std::move(out));
  }
  return lines;
}

absl::Status LineError(absl::string_view source, int line,
                       absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(source, " line ", line, ", field ", field, ": ", problem));
}

absl::StatusOr<absl::string_view> PrincipalField(absl::string_view source,
                                                 const ConfigLine& line,
                                                 size_t index, bool allow_any) {
  if (line.fields.size() <= index) {
    return LineError(source, line.number, "principal", "is missing");
  }
  const absl::string_view name = line.fields[index];
  if (allow_any && name == "*") return name;
  if (const absl::Status valid = CheckPrincipalName(name); !valid.ok()) {
    return LineError(source, line.number, "principal", valid.message());
  }
  return name;
}

absl::StatusOr<RoleSet> RolesField(absl::string_view source,
                                   const ConfigLine& line, size_t index) {
  if (line.fields.size() <= index) {
    return LineError(source, line.number, "roles",
                     "is missing (viewer, assessor or admin, comma-separated)");
  }
  if (line.fields.size() > index + 1) {
    return LineError(source, line.number, "roles",
                     "is followed by more fields (separate roles with commas, "
                     "no spaces)");
  }
  absl::StatusOr<RoleSet> roles = ParseRoles(line.fields[index]);
  if (!roles.ok()) {
    return LineError(source, line.number, "roles", roles.status().message());
  }
  return roles;
}

}  // namespace trustfit::server::auth
