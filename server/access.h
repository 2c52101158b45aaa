// Access control as configured: the gate every handler calls, the
// credentials of the gRPC port and the audit log, built at start-up from
// the --tls-*, --auth-* and --audit-log options (server/auth/README.md),
// and the secure default that keeps an unauthenticated server on loopback.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<Access> access,
//                             Access::Build(config.access));
//   TRUSTFIT_RETURN_IF_ERROR(access->CheckExposure(config.listen));
//   builder.AddListeningPort(config.listen, access->credentials(), &port);
//   TrustFitServiceImpl service(policies, metrics, store, workers,
//                               &access->gate(), callers);

#ifndef TRUSTFIT_SERVER_ACCESS_H_
#define TRUSTFIT_SERVER_ACCESS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/server_credentials.h"
#include "server/auth/access_gate.h"
#include "server/auth/audit_log.h"
#include "server/auth/authenticator.h"
#include "server/ops/config.h"

namespace trustfit::server {

class Access {
 public:
  // Reads every file the options name; an error names the option and the
  // file, and stops the server.
  static absl::StatusOr<std::unique_ptr<Access>> Build(
      const AccessConfig& config);

  // OK to serve on `listen`: authentication is configured, or the address
  // is loopback, or --allow-unauthenticated was given (then logged loudly).
  absl::Status CheckExposure(absl::string_view listen) const;

  const auth::AccessGate& gate() const { return *gate_; }
  // TLS when --tls-cert is set, else plaintext.
  const std::shared_ptr<grpc::ServerCredentials>& credentials() const {
    return credentials_;
  }
  bool tls() const { return tls_; }
  // "token,jwt,mtls", or "none".
  std::string Describe() const;

 private:
  Access() = default;

  bool allow_unauthenticated_ = false;
  bool tls_ = false;
  std::string methods_;
  std::unique_ptr<auth::AuditLog> audit_;
  std::shared_ptr<const auth::Authenticator> authenticator_;
  std::unique_ptr<auth::AccessGate> gate_;
  std::shared_ptr<grpc::ServerCredentials> credentials_;
};

// True for 127.0.0.0/8, [::1], localhost and unix: sockets: addresses only
// this machine can reach.
bool IsLoopbackAddress(absl::string_view listen);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_ACCESS_H_
