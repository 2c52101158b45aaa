// The context of server/store/decision_store.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/decision_store.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scoring/status_macros.h"
#include "server/store/sql.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::server {

// Given: the migrated database, and a decision on assessment `id` with the
// request it came in and the arrangement an approval opens.
absl::StatusOr<DecisionOutcomeRow> Example(
    const std::unique_ptr<SqlDatabase>& database, absl::string_view id,
    const v1::Decision& decision, const std::string& request_id,
    const std::string& hash,
    const std::optional<v1::ArrangementRecord>& arrangement) {
  // EXAMPLE 1
  return row;
}

}  // namespace trustfit::server
