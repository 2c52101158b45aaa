// The context of server/store/group_commit_writer.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/store/group_commit_writer.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/record_log.h"
#include "server/store/sql.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::server {

// Given: what hears of each commit's outcome.
void note(const absl::Status& status);

// Given: the writer connection, the record log, the commit observer, and a
// record with the hash of its request.
void Example(std::unique_ptr<SqlConnection> connection,
             const std::unique_ptr<RecordLog>& log, CommitObserver observer,
             const v1::AssessmentRecord& record, const std::string& hash) {
  // EXAMPLE 1
}

}  // namespace trustfit::server
