// The server's observability interceptor: one log line and the gRPC
// metrics for every call, whatever the method.
//
// Health checks are logged at debug level: probes call them every few
// seconds and would drown everything else.

#ifndef TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_
#define TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/ops/metrics.h"

namespace trustfit::server {

class ObservabilityInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ObservabilityInterceptorFactory(Metrics* metrics)
      : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* metrics_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_
