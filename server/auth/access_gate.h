// AccessGate: the one check every TrustFitService handler makes before it
// does anything — authenticate the caller, check the method's role, audit a
// refusal — and the audit of the outcome of calls that change state.
//
//   // Once, at start-up:
//   TRUSTFIT_ASSIGN_OR_RETURN(Authorizer rules, Authorizer::ForTrustFit());
//   AccessGate gate({authenticator, std::move(rules), audit.get()});
//
//   // First thing in each handler:
//   constexpr absl::string_view kMethod =
//       "/trustfit.v1.TrustFitService/CreateAssessment";
//   absl::StatusOr<Principal> caller = gate.Check(*context, kMethod);
//   if (!caller.ok())
//     return FinishUnary(context, AccessRefusal(caller.status()));
//   // The call's work, which makes `record` and ends in `status`.
//   // When it finishes (audited only when the method changes state):
//   gate.AuditOutcome(*context, *caller, kMethod, record.name(), status);
//
// Why a call in each handler rather than gRPC interception: in gRPC 1.51 a
// server interceptor cannot end a call (it may only cancel it, which the
// client sees as CANCELLED with no details, and the handler runs anyway),
// and an AuthMetadataProcessor, though it runs before the handler, exists
// only on TLS ports and drops the error details (the google.rpc.Status with
// the reason). tests/server/auth/access_gate_test.cc shows both.

#ifndef TRUSTFIT_SERVER_AUTH_ACCESS_GATE_H_
#define TRUSTFIT_SERVER_AUTH_ACCESS_GATE_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "server/auth/audit_log.h"
#include "server/auth/authenticator.h"
#include "server/auth/authorizer.h"

namespace trustfit::server::auth {

class AccessGate {
 public:
  struct Options {
    // Never null; an Authenticator with no method turns authentication off.
    std::shared_ptr<const Authenticator> authenticator;
    Authorizer authorizer;
    // Where refusals and state changes are written; null: nowhere.
    AuditLog* audit = nullptr;
    std::function<absl::Time()> clock = [] { return absl::Now(); };
  };

  explicit AccessGate(Options options);

  // The caller of the call `context` belongs to, when it may call `method`
  // ("/package.Service/Method"); otherwise the status to end the call with
  // (UNAUTHENTICATED, PERMISSION_DENIED, or INTERNAL for a method without a
  // rule), which is also audited. Thread-safe.
  absl::StatusOr<Principal> Check(const grpc::ServerContextBase& context,
                                  absl::string_view method) const;

  // Audits how a call that Check let through ended, when `method` changes
  // state: `status` is what the call ends with (its details' ErrorInfo
  // gives the reason), `record_name` the record it made, if any.
  void AuditOutcome(const grpc::ServerContextBase& context,
                    const Principal& caller, absl::string_view method,
                    absl::string_view record_name,
                    const grpc::Status& status) const;

 private:
  void Audit(const grpc::ServerContextBase& context, const Principal* caller,
             absl::string_view method, absl::string_view record_name,
             absl::StatusCode outcome, std::string reason) const;

  Options options_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_ACCESS_GATE_H_
