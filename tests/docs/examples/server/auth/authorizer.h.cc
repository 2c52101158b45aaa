// The context of server/auth/authorizer.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "server/auth/authorizer.h"

#include "absl/status/status.h"
#include "scoring/status_macros.h"
#include "server/auth/audit_log.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// Given: the caller, the audit log and the event of the call.
absl::Status Example(const Principal& principal, AuditLog& audit,
                     const AuditEvent& event) {
  // EXAMPLE 1
  return absl::OkStatus();
}

}  // namespace trustfit::server::auth
