// Reading access-control files: a bounded read, and the line format shared
// by the tokens file and the role bindings file (whitespace-separated fields,
// `#` to the end of a line is a comment, blank lines ignored).
//
//   TRUSTFIT_ASSIGN_OR_RETURN(std::string text,
//                             ReadConfigFile(path, "tokens file"));
//   for (const ConfigLine& line : SplitConfigLines(text)) {
//     TRUSTFIT_ASSIGN_OR_RETURN(absl::string_view name,
//                               PrincipalField(path, line, 1, false));
//     TRUSTFIT_ASSIGN_OR_RETURN(RoleSet roles, RolesField(path, line, 2));
//     roles_of[std::string(name)] = roles;
//   }

#ifndef TRUSTFIT_SERVER_AUTH_CONFIG_FILE_H_
#define TRUSTFIT_SERVER_AUTH_CONFIG_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// Largest access-control file read: far above any real one, small enough
// that a wrong path (a log, a device) fails fast.
inline constexpr size_t kMaxConfigFileBytes = 4 << 20;

// The contents of `path`. NOT_FOUND, PERMISSION_DENIED or INVALID_ARGUMENT
// (too large, not a regular file), naming the path and `what` it should hold
// ("tokens file").
absl::StatusOr<std::string> ReadConfigFile(const std::string& path,
                                           absl::string_view what);

// T::FromText(contents, path) of the file at `path`, which holds `what`:
// the FromFile of each parsed file.
template <typename T>
absl::StatusOr<T> ParseConfigFile(const std::string& path,
                                  absl::string_view what) {
  absl::StatusOr<std::string> text = ReadConfigFile(path, what);
  if (!text.ok()) return text.status();
  return T::FromText(*text, path);
}

// ConfigLine
//
// One line that holds something: its 1-based number and its fields.
struct ConfigLine {
  int number = 0;
  std::vector<absl::string_view> fields;
};

// The lines of `text` that are neither blank nor only a comment. The fields
// point into `text`.
std::vector<ConfigLine> SplitConfigLines(absl::string_view text);

// INVALID_ARGUMENT "<source> line <line>, field <field>: <problem>".
absl::Status LineError(absl::string_view source, int line,
                       absl::string_view field, absl::string_view problem);

// Field `index` of `line`, named "principal": a valid principal name (or
// "*" when `allow_any`); otherwise a LineError.
absl::StatusOr<absl::string_view> PrincipalField(absl::string_view source,
                                                 const ConfigLine& line,
                                                 size_t index, bool allow_any);

// Field `index` of `line`, named "roles", which must be its last field:
// comma-separated role names; otherwise a LineError.
absl::StatusOr<RoleSet> RolesField(absl::string_view source,
                                   const ConfigLine& line, size_t index);

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_CONFIG_FILE_H_
