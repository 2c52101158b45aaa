// The server's observability interceptor: one log line and the gRPC
// metrics for every call, whatever the method. The line ("rpc finished")
// names the call's grpc.service and grpc.method, its grpc.code (spelt as
// the metrics' grpc_code label, grpc_code.h), latency_ms, request_id, the
// peer, and the caller and how it proved who it is (principal=, auth=)
// when the handler's access check set them in RpcCallers.
//
// Every call has a request id: the client's own x-request-id metadata when
// it is usable (IsUsableRequestId), else a new random one. It is on the
// call's log line and sent back to the client as x-request-id initial
// metadata, so that a caller can quote it and an operator find the line.
//
// Health checks are logged at debug level: probes call them every few
// seconds and would drown everything else.

#ifndef TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_
#define TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/ops/metrics.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {

// The metadata key a request id is read from and echoed back in.
inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr size_t kMaxRequestIdLength = 128;

// True when a client's request id can be logged and echoed as it is: 1 to
// kMaxRequestIdLength bytes of printable ASCII without spaces (a UUID, a
// trace id, a load balancer's id). Anything else is replaced, so that a
// client cannot write arbitrary text into the log or make lines huge.
bool IsUsableRequestId(absl::string_view id);

// A new random request id: 32 lowercase hex digits (16 random bytes).
std::string NewRequestId();

// RpcCallers: who made each call in progress, as its handler's access
// check found; the interceptor takes it for the call's log line when the
// call ends (the handler runs after the interceptor first sees the call).
// Thread-safe.
class RpcCallers {
 public:
  struct Caller {
    std::string principal;
    std::string auth_method;  // "token", "jwt" or "mtls".
  };

  void Set(const grpc::ServerContextBase* call, Caller caller);

  // The caller set for `call`, forgotten; nullopt when none was set.
  std::optional<Caller> Take(const grpc::ServerContextBase* call);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, Caller> callers_
      ABSL_GUARDED_BY(mu_);
};

// The level of a call's log line by its code: error for the server's own
// faults (INTERNAL, UNKNOWN, DATA_LOSS), warning for a dependency or limit
// failing (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED), info for
// success and for what the caller asked wrongly.
spdlog::level::level_enum RpcLogLevel(grpc::StatusCode code);

class ObservabilityInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `callers` may be null: lines then name no caller.
  explicit ObservabilityInterceptorFactory(Metrics* metrics,
                                           RpcCallers* callers = nullptr)
      : metrics_(metrics), callers_(callers) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* metrics_;
  RpcCallers* callers_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_OBSERVABILITY_H_
