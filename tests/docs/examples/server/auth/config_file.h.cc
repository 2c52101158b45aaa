// The context of server/auth/config_file.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/config_file.h"

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "scoring/status_macros.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// Given: the file's path, and where each line's roles go.
absl::Status Example(const std::string& path,
                     std::map<std::string, RoleSet>& roles_of) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
