#include "server/auth/config_file.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "scoring/io/text_file.h"

namespace trustfit::server::auth {

absl::StatusOr<std::string> ReadConfigFile(const std::string& path,
                                           absl::string_view what) {
  const std::string subject = absl::StrCat("the ", what);
  io::TextFileOptions options;
  options.what = subject;
  options.max_bytes = kMaxConfigFileBytes;
  return io::ReadTextFile(path, options);
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
