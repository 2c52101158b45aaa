// The context of server/store/record_names.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/record_names.h"

#include <string>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"
#include "server/store/sql.h"

namespace trustfit::server {

// Given: a connection to the store's database.
absl::StatusOr<std::string> Example(SqlConnection* connection) {
  // EXAMPLE 1
  return name;
}

}  // namespace trustfit::server
