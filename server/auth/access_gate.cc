#include "server/auth/access_gate.h"

#include <utility>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/auth/auth_status.h"

namespace trustfit::server::auth {
namespace {

// The ErrorInfo reason in a grpc::Status's details, or "".
std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace

AccessGate::AccessGate(Options options) : options_(std::move(options)) {}

absl::StatusOr<Principal> AccessGate::Check(
    const grpc::ServerContextBase& context, absl::string_view method) const {
  const std::shared_ptr<const grpc::AuthContext> auth_context =
      context.auth_context();
  absl::StatusOr<Principal> caller = options_.authenticator->Authenticate(
      context.client_metadata(), auth_context.get(), options_.clock());
  if (!caller.ok()) {
    Audit(context, nullptr, method, "", caller.status().code(),
          scoring::ErrorReasonOf(caller.status()).reason);
    return caller.status();
  }
  const absl::StatusOr<const MethodRule*> rule =
      options_.authorizer.Authorize(*caller, method);
  if (!rule.ok()) {
    Audit(context, &*caller, method, "", rule.status().code(),
          scoring::ErrorReasonOf(rule.status()).reason);
    return rule.status();
  }
  return caller;
}

void AccessGate::AuditOutcome(const grpc::ServerContextBase& context,
                              const Principal& caller, absl::string_view method,
                              absl::string_view record_name,
                              const grpc::Status& status) const {
  const MethodRule* rule = options_.authorizer.Find(method);
  if (rule == nullptr || !rule->changes_state) return;
  Audit(context, &caller, method, record_name,
        static_cast<absl::StatusCode>(status.error_code()),
        status.ok() ? "" : ReasonOf(status));
}

void AccessGate::Audit(const grpc::ServerContextBase& context,
                       const Principal* caller, absl::string_view method,
                       absl::string_view record_name, absl::StatusCode outcome,
                       std::string reason) const {
  if (options_.audit == nullptr) return;
  AuditEvent event;
  event.time = options_.clock();
  if (caller != nullptr) {
    event.principal = caller->name;
    event.auth_method = caller->method;
  }
  event.method = std::string(method);
  event.record_name = std::string(record_name);
  event.peer = context.peer();
  event.outcome = outcome;
  event.reason = std::move(reason);
  options_.audit->Write(event);
}

}  // namespace trustfit::server::auth
