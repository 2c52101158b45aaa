#include "server/store/record_names.h"

#include <openssl/rand.h>

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "scoring/status_macros.h"

namespace trustfit::server {
namespace {

std::string NameDigits(uint64_t name) {
  return absl::StrCat(absl::Hex(name, absl::kZeroPad16));
}

uint64_t TimeOrderedName(absl::Time time) {
  return static_cast<uint64_t>(absl::ToUnixMicros(time)) << 8;
}

}  // namespace

std::string RandomBytes(int n) {
  std::string bytes(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), n);
  return bytes;
}

std::string RecordNames::NewName() {
  if (!time_ordered_) {
    return absl::StrCat("assessments/", absl::BytesToHexString(RandomBytes(8)));
  }
  const uint64_t now =
      TimeOrderedName(absl::Now()) | static_cast<uint8_t>(RandomBytes(1)[0]);
  uint64_t name;
  {
    absl::MutexLock lock(&mu_);
    // The clock may stand still or step back; the names still increase.
    name = last_name_ = std::max(now, last_name_ + 1);
  }
  return absl::StrCat("assessments/", NameDigits(name));
}

absl::Status RecordNames::ContinueNames(SqlConnection* connection) {
  if (!time_ordered_) return absl::OkStatus();
  // Names are fixed-width lowercase hex, so text order is number order. The
  // bound leaves out random names (from servers before time-ordered ones),
  // which are spread over all 64 bits.
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<SqlRow> rows,
      connection->Query(
          "SELECT MAX(id) FROM assessments WHERE id < $1",
          {NameDigits(TimeOrderedName(absl::Now() + absl::Hours(24)))}));
  if (rows.empty() || !rows[0][0]) return absl::OkStatus();  // None yet.
  uint64_t newest = 0;
  if (!absl::SimpleHexAtoi(*rows[0][0], &newest)) {
    return absl::DataLossError(
        absl::StrCat("a stored record name is not hex: ", *rows[0][0]));
  }
  absl::MutexLock lock(&mu_);
  last_name_ = newest;
  return absl::OkStatus();
}

}  // namespace trustfit::server
