// Field violations: how the scoring core reports bad input.
//
// Every validator collects *all* problems of a request or policy before
// returning, so a caller can fix them in one go. The resulting
// absl::Status is INVALID_ARGUMENT with a human-readable message and a
// google.rpc.BadRequest payload listing each field path and problem, which
// the server turns into the gRPC error details unchanged.
//
//   FieldViolations violations;
//   violations.Add("identity.urn", "must be six digits");
//   if (!violations.empty()) return violations.ToStatus("invalid candidate");

#ifndef TRUSTFIT_SCORING_FIELD_VIOLATIONS_H_
#define TRUSTFIT_SCORING_FIELD_VIOLATIONS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace trustfit::scoring {

// Type URL under which the BadRequest payload is stored in an absl::Status.
inline constexpr absl::string_view kBadRequestTypeUrl =
    "type.googleapis.com/google.rpc.BadRequest";

// Type URL under which an ErrorReason is stored in an absl::Status.
inline constexpr absl::string_view kErrorInfoTypeUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";

// FieldViolation
//
// One problem with one field, named by its path (e.g. "scoring.weights.ethos").
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// Bounds on what an error may carry, whatever the input: a 1 MB value in a
// request must not become megabytes of error trailers (gRPC clients refuse
// trailers above 8 KB, failing the whole connection).
inline constexpr size_t kMaxQuotedValueBytes = 64;
inline constexpr size_t kMaxViolationDescriptionBytes = 512;
inline constexpr size_t kMaxFieldPathBytes = 256;
inline constexpr size_t kMaxViolationsReported = 50;

// QuoteValue()
//
// `value` for an error message: in double quotes, control characters and
// quotes escaped, and at most kMaxQuotedValueBytes of it, cut at a UTF-8
// character boundary and followed by how long the whole value was:
//   QuoteValue("10805a")       == "\"10805a\""
//   QuoteValue(1 MB of 'x')    == "\"xxxx...x\"... (1048576 bytes)"
std::string QuoteValue(absl::string_view value);

// Truncate()
//
// At most `max_bytes` of `text`, cut at a UTF-8 character boundary, with
// "..." appended when anything was cut.
std::string Truncate(absl::string_view text, size_t max_bytes);

// FieldViolations
//
// An ordered list of violations, built up by validators. Descriptions and
// paths are truncated to the bounds above; ToStatus lists at most
// kMaxViolationsReported of them (and says how many more there were).
class FieldViolations {
 public:
  void Add(absl::string_view field, absl::string_view description);
  // Appends every violation of `other`, each field prefixed by `prefix` and a
  // dot (or nothing when `prefix` is empty).
  void Append(absl::string_view prefix, const FieldViolations& other);

  bool empty() const { return violations_.empty() && dropped_ == 0; }
  // Every violation added, including those beyond the reported bound.
  size_t size() const { return violations_.size() + dropped_; }
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // INVALID_ARGUMENT whose message starts with `summary` and lists every
  // violation, carrying a google.rpc.BadRequest payload. OK when empty.
  absl::Status ToStatus(absl::string_view summary) const;

 private:
  std::vector<FieldViolation> violations_;
  size_t dropped_ = 0;  // Added beyond kMaxViolationsReported.
};

// Returns the violations carried by a status made by FieldViolations, or an
// empty list when it carries none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// `status` with each violation's field path passed through `rename`, for
// callers that nest a request inside a larger one ("candidate.identity.urn"
// becomes "record.candidate.identity.urn"). Other statuses pass unchanged.
absl::Status RenameFieldPaths(
    const absl::Status& status,
    const std::function<std::string(const std::string&)>& rename);

// ErrorReason
//
// The machine-readable half of an error (AIP-193's ErrorInfo without its
// domain, which the server adds): a stable UPPER_SNAKE reason and the facts a
// caller needs to act on it, e.g. {"valid_cluster_ids": "north,midlands"}.
struct ErrorReason {
  std::string reason;
  std::map<std::string, std::string> metadata;
};

// `status` carrying `reason` as a google.rpc.ErrorInfo payload, so that the
// code that knows why a call failed names it, not the code that reports it:
//   return WithErrorReason(absl::NotFoundError("cluster \"east\" ..."),
//                          {"CLUSTER_NOT_FOUND", {{"cluster_id", "east"}}});
absl::Status WithErrorReason(absl::Status status, const ErrorReason& reason);

// The reason carried by a status made by WithErrorReason; an empty reason for
// any other status.
ErrorReason ErrorReasonOf(const absl::Status& status);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_FIELD_VIOLATIONS_H_
