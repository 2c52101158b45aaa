// RecordNames: fresh names for new records, "assessments/" and 16 hex
// digits.
//
// On SQLite the digits are time-ordered (microseconds since 1970, shifted
// left 8 bits, plus 8 random bits), strictly increasing within the store, so
// that each new name goes at the end of the unique index on names. Random
// names sent each record of a group commit to its own index page: a page
// write per record, most of the bytes a create wrote. One server writes a
// SQLite file (the chart allows one replica), so increasing within the
// store, and above the newest stored name when it opens, makes them unique.
// PostgreSQL is shared by replicas, whose clocks could give two the same
// name: there they are random.
//
//   RecordNames names(/*time_ordered=*/true);
//   TRUSTFIT_RETURN_IF_ERROR(names.ContinueNames(connection));
//   std::string name = names.NewName();  // "assessments/0005f1c2..."

#ifndef TRUSTFIT_SERVER_STORE_RECORD_NAMES_H_
#define TRUSTFIT_SERVER_STORE_RECORD_NAMES_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sql.h"

namespace trustfit::server {

// `n` bytes from the system's cryptographic generator: for random names and
// for keys.
std::string RandomBytes(int n);

class RecordNames {
 public:
  explicit RecordNames(bool time_ordered) : time_ordered_(time_ordered) {}

  bool time_ordered() const { return time_ordered_; }

  // A fresh record name. Safe from any thread.
  std::string NewName();

  // Time-ordered names continue above the newest stored in the assessments
  // table of `connection`, in case the clock has stepped back since it was
  // made. Does nothing for random names.
  absl::Status ContinueNames(SqlConnection* connection);

 private:
  const bool time_ordered_;
  absl::Mutex mu_;
  uint64_t last_name_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_RECORD_NAMES_H_
