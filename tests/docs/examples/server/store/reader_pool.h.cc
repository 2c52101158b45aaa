// The context of server/store/reader_pool.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/reader_pool.h"

#include <memory>

#include "absl/status/status.h"
#include "scoring/status_macros.h"
#include "server/store/sql.h"

namespace trustfit::server {

// Given: the database to read.
absl::Status Example(SqlDatabase* database) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server
