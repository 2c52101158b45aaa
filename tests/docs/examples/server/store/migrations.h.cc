// The context of server/store/migrations.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/migrations.h"

#include <memory>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"
#include "server/store/sql.h"

namespace trustfit::server {

// Given: a connection to the database.
absl::StatusOr<int> Example(const std::unique_ptr<SqlConnection>& connection) {
  // EXAMPLE 1
  return version;
}

}  // namespace trustfit::server
