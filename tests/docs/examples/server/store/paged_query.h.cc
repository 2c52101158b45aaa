// The context of server/store/paged_query.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/paged_query.h"

#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "scoring/status_macros.h"
#include "server/store/decision_store.h"
#include "server/store/reader_pool.h"
#include "server/store/sql.h"

namespace trustfit::server {

// Given: what the caller asked for, and a reader connection.
absl::StatusOr<std::vector<SqlRow>> Example(const ArrangementQuery& query,
                                            ReaderPool::Connection& reader) {
  // EXAMPLE 1
  return rows;
}

}  // namespace trustfit::server
