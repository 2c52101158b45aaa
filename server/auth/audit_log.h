// AuditLog: one JSON line per state-changing call and per denied call, to
// its own spdlog logger ("audit") and sink — a file or stderr — apart from
// the server's operational log, for a security team to keep and search.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<AuditLog> audit,
//                             AuditLog::Open("/var/log/trustfit/audit.jsonl"));
//   audit->Write(AuditEvent{absl::Now(), "alice@trust.example",
//                           AuthMethod::kJwt,
//                           "/trustfit.v1.TrustFitService/CreateAssessment",
//                           "assessments/0123456789abcdef",
//                           "ipv4:10.0.0.7:53012", absl::StatusCode::kOk, ""});
//
// writes
//
//   {"time":"2026-12-01T10:00:00.000Z","principal":"alice@trust.example",
//    "auth_method":"jwt",
//    "method":"/trustfit.v1.TrustFitService/CreateAssessment",
//    "record":"assessments/0123456789abcdef","peer":"ipv4:10.0.0.7:53012",
//    "outcome":"OK","reason":""}
//
// (on one line). An event has only these fields, none of them taken from a
// request's content, so no finance figure, note or candidate detail can
// reach the audit log. Each event is flushed as it is written.

#ifndef TRUSTFIT_SERVER_AUTH_AUDIT_LOG_H_
#define TRUSTFIT_SERVER_AUTH_AUDIT_LOG_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/auth/principal.h"
#include "spdlog/logger.h"

namespace trustfit::server::auth {

// AuditEvent
//
// What happened to one call.
struct AuditEvent {
  absl::Time time;
  // Both empty when the caller was not authenticated.
  std::string principal;
  std::optional<AuthMethod> auth_method;
  std::string method;       // "/trustfit.v1.TrustFitService/CreateAssessment"
  std::string record_name;  // The record created or read, when there is one.
  std::string peer;         // gRPC's peer address, "ipv4:10.0.0.7:53012".
  absl::StatusCode outcome = absl::StatusCode::kOk;
  std::string reason;  // The ErrorInfo reason of a failed call.
};

// The event as one line of JSON, without a newline.
std::string AuditEventJson(const AuditEvent& event);

class AuditLog {
 public:
  // Audit events to `destination`: "stderr", or the path of a file that is
  // appended to (created with mode 0600 when missing).
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      absl::string_view destination);

  // Audit events to `sink` (tests, or a sink the server already has).
  explicit AuditLog(std::shared_ptr<spdlog::sinks::sink> sink);

  // Writes and flushes one event. Thread-safe.
  void Write(const AuditEvent& event);

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_AUDIT_LOG_H_
