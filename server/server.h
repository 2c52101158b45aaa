// TrustFitServer: the gRPC server's lifecycle.
//
// Start order: health service, reflection, builder (keepalive, connection
// age, message size, the observability interceptor), start, then SERVING.
// Shutdown order: NOT_SERVING, a drain delay for load balancers to notice,
// then no new calls while those in flight get a grace period to finish.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       auto server, TrustFitServer::Start(config, &policies, metrics));
//   // Serve until SIGTERM, then:
//   server->Shutdown(config.drain_delay, config.shutdown_grace);

#ifndef TRUSTFIT_SERVER_SERVER_H_
#define TRUSTFIT_SERVER_SERVER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "server/access.h"
#include "server/ops/config.h"
#include "server/ops/metrics.h"
#include "server/ops/observability.h"
#include "server/ops/policy_holder.h"
#include "server/service/trustfit_service.h"

namespace trustfit::server {

// The health service name of the recorded-assessment methods, SERVING
// while the store answers (see README, Operations).
inline constexpr char kRecordsHealthName[] =
    "trustfit.v1.TrustFitService.records";

class TrustFitServer {
 public:
  // Serves on config.listen, with the access control of config.access
  // (refusing a non-loopback address without authentication), and health
  // alone on config.health_listen when set. `policies` and `metrics` must
  // outlive it. `store` may be null: the server then keeps no records.
  // `access` is built from config.access when null.
  static absl::StatusOr<std::unique_ptr<TrustFitServer>> Start(
      const ServerConfig& config, PolicyHolder* policies, Metrics* metrics,
      AssessmentStore* store = nullptr,
      std::unique_ptr<Access> access = nullptr);

  ~TrustFitServer();

  // The port gRPC listens on (the chosen one when config.listen ends in :0).
  int port() const { return port_; }
  // The health-only port; 0 without config.health_listen.
  int health_port() const { return health_port_; }
  const Access& access() const { return *access_; }

  // Reports NOT_SERVING, waits `drain_delay`, then stops accepting calls and
  // gives those in flight `grace` to finish before cancelling them. Returns
  // when the server has stopped.
  void Shutdown(absl::Duration drain_delay, absl::Duration grace);

 private:
  TrustFitServer() = default;

  std::unique_ptr<Access> access_;
  RpcCallers callers_;
  std::unique_ptr<TrustFitServiceImpl> service_;
  AssessmentStore* store_ = nullptr;
  std::unique_ptr<grpc::Server> server_;
  // Plaintext, grpc.health.v1 only, beside a TLS port (probes).
  std::unique_ptr<grpc::Server> health_server_;
  int port_ = 0;
  int health_port_ = 0;
  bool stopped_ = false;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVER_H_
