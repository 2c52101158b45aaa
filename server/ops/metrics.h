// Prometheus metrics, served on their own HTTP port (/metrics).
//
// The usual gRPC server metrics (grpc_server_started_total,
// grpc_server_handled_total, grpc_server_handling_seconds, labelled by
// grpc_service, grpc_method, grpc_type and grpc_code) plus TrustFit's own:
// assessments by arrangement, stream items, quotes, policy reloads and the
// identity of the policy in use; trustfit_build_info; and the process_*
// metrics (process_metrics.h) on the same /metrics.
//
// Every series whose labels are a known, closed set exists from start, at 0
// (each method's handled counter for all 17 codes, each arrangement, each
// result), so that rate() and increase() see the first event and a
// dashboard's query is never empty. Only the policy identity is made when
// it is seen.

#ifndef TRUSTFIT_SERVER_OPS_METRICS_H_
#define TRUSTFIT_SERVER_OPS_METRICS_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status_code_enum.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/ops/process_metrics.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::server {

// "/package.Service/Method" and its type ("unary", "bidi_stream", ...) of
// every method the server serves: trustfit.v1.TrustFitService from its
// descriptor, and the standard health and reflection services.
std::vector<std::pair<std::string, std::string>> KnownMethods();

class Metrics {
 public:
  // Metrics served on `listen` ("host:port", port 0 picks a free one), or
  // kept in memory only when `listen` is empty.
  static absl::StatusOr<std::unique_ptr<Metrics>> Create(
      const std::string& listen);

  // `full_method` is gRPC's "/package.Service/Method"; `type` "unary",
  // "client_stream", "server_stream" or "bidi_stream". Labels come from the
  // methods the server serves (KnownMethods()), never from the call: every
  // other method name a client sends is counted under grpc_service and
  // grpc_method "unknown", so that random names cannot grow /metrics.
  void RpcStarted(absl::string_view full_method, absl::string_view type);
  void RpcHandled(absl::string_view full_method, absl::string_view type,
                  grpc::StatusCode code, double seconds);

  void AssessmentMade(trustfit::v1::Arrangement arrangement);
  void StreamItem(bool ok);
  void QuoteMade();
  void PolicyReloaded(bool ok);
  void PolicyInUse(const trustfit::v1::PolicyRef& ref);
  // A log line dropped because stderr was not keeping up (logging.h).
  void LogLineDropped();
  // One group commit of the assessment store.
  void StoreCommitted(int records, double seconds, bool ok);

  // The port /metrics is served on, or 0.
  int port() const { return port_; }
  prometheus::Registry& registry() { return *registry_; }

 private:
  // Metrics of one method, looked up once: prometheus-cpp builds a label map
  // on every Family::Add, too slow for every call.
  struct MethodMetrics {
    prometheus::Counter* started = nullptr;
    prometheus::Histogram* seconds = nullptr;
    prometheus::Counter* handled[17] = {};
    std::string service, method, type;
  };

  Metrics();
  std::unique_ptr<MethodMetrics> Register(const std::string& service,
                                          const std::string& method,
                                          const std::string& type);
  MethodMetrics& ForMethod(absl::string_view full_method);

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
  prometheus::Family<prometheus::Counter>& assessments_;
  prometheus::Family<prometheus::Counter>& stream_items_;
  prometheus::Counter& quotes_;
  prometheus::Counter& log_lines_dropped_;
  prometheus::Family<prometheus::Counter>& reloads_;
  prometheus::Family<prometheus::Gauge>& policy_info_;
  prometheus::Family<prometheus::Counter>& store_commits_;
  prometheus::Histogram& store_commit_seconds_;
  prometheus::Histogram& store_batch_records_;
  absl::Mutex policy_info_mu_;
  prometheus::Gauge* policy_info_current_ ABSL_GUARDED_BY(policy_info_mu_) =
      nullptr;
  prometheus::Family<prometheus::Gauge>& build_info_;
  std::shared_ptr<ProcessMetrics> process_metrics_;

  // Keyed by full method, filled once by the constructor with every counter
  // of each method (so read without a lock); values never move.
  std::unordered_map<std::string, std::unique_ptr<MethodMetrics>> methods_;
  std::unique_ptr<MethodMetrics> unknown_method_;
  prometheus::Counter*
      assessments_by_arrangement_[trustfit::v1::Arrangement_ARRAYSIZE] = {};
  prometheus::Counter* stream_items_ok_ = nullptr;
  prometheus::Counter* stream_items_error_ = nullptr;
  prometheus::Counter* reload_success_ = nullptr;
  prometheus::Counter* reload_failure_ = nullptr;
  prometheus::Counter* store_commit_success_ = nullptr;
  prometheus::Counter* store_commit_failure_ = nullptr;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_METRICS_H_
