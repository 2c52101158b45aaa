#include "server/ops/metrics.h"

#include <exception>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"
#include "server/ops/grpc_code.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::server {
namespace {

const char* TypeOf(const google::protobuf::MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming())
    return "bidi_stream";
  if (method.client_streaming()) return "client_stream";
  if (method.server_streaming()) return "server_stream";
  return "unary";
}

// Each registers a family of metrics named `name`, with `help` as its HELP
// text, in `registry`.
prometheus::Family<prometheus::Counter>& CounterFamily(
    prometheus::Registry& registry, const std::string& name,
    const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Gauge>& GaugeFamily(
    prometheus::Registry& registry, const std::string& name,
    const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Histogram>& HistogramFamily(
    prometheus::Registry& registry, const std::string& name,
    const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(registry);
}

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      started_(CounterFamily(*registry_, "grpc_server_started_total",
                             "Total number of RPCs started on the server.")),
      handled_(CounterFamily(*registry_, "grpc_server_handled_total",
                             "Total number of RPCs completed on the server, "
                             "by status code.")),
      handling_seconds_(
          HistogramFamily(*registry_, "grpc_server_handling_seconds",
                          "Time from receiving an RPC to sending its status.")),
      assessments_(
          CounterFamily(*registry_, "trustfit_assessments_total",
                        "Assessments made, by recommended arrangement.")),
      stream_items_(
          CounterFamily(*registry_, "trustfit_stream_items_total",
                        "ScoreCandidates items answered, by outcome.")),
      quotes_(CounterFamily(*registry_, "trustfit_quotes_total",
                            "Contribution quotes made.")
                  .Add({})),
      log_lines_dropped_(
          CounterFamily(*registry_, "trustfit_log_lines_dropped_total",
                        "Log lines dropped because stderr was not being read "
                        "fast enough.")
              .Add({})),
      reloads_(CounterFamily(*registry_, "trustfit_policy_reloads_total",
                             "Policy reloads, by result.")),
      policy_info_(GaugeFamily(
          *registry_, "trustfit_policy_info",
          "The policy in use (value 1), by name, version and hash.")),
      store_commits_(
          CounterFamily(*registry_, "trustfit_store_commits_total",
                        "Group commits of recorded assessments, by result.")),
      store_commit_seconds_(
          HistogramFamily(*registry_, "trustfit_store_commit_seconds",
                          "Time to commit one group of records durably.")
              .Add({},
                   prometheus::Histogram::BucketBoundaries{
                       0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                       0.25, 0.5, 1, 2.5})),
      store_batch_records_(
          HistogramFamily(*registry_, "trustfit_store_batch_records",
                          "Records committed together in one group commit.")
              .Add({},
                   prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32,
                                                           64, 128, 256, 512})),
      build_info_(GaugeFamily(*registry_, "trustfit_build_info",
                              "The build of this server (value 1): its "
                              "version (as --version prints it) and gRPC's.")),
      process_metrics_(std::make_shared<ProcessMetrics>()) {
  build_info_
      .Add({{"version", TRUSTFIT_VERSION}, {"grpc_version", grpc::Version()}})
      .Set(1);
  reload_success_ = &reloads_.Add({{"result", "success"}});
  reload_failure_ = &reloads_.Add({{"result", "failure"}});
  store_commit_success_ = &store_commits_.Add({{"result", "success"}});
  store_commit_failure_ = &store_commits_.Add({{"result", "failure"}});
  for (int i = 0; i <= trustfit::v1::Arrangement_MAX; ++i) {
    assessments_by_arrangement_[i] = &assessments_.Add(
        {{"arrangement", trustfit::v1::Arrangement_Name(
                             static_cast<trustfit::v1::Arrangement>(i))}});
  }
  stream_items_ok_ = &stream_items_.Add({{"outcome", "assessed"}});
  stream_items_error_ = &stream_items_.Add({{"outcome", "error"}});
  for (const auto& [full_method, type] : KnownMethods()) {
    const size_t slash = full_method.rfind('/');
    methods_[full_method] = Register(full_method.substr(1, slash - 1),
                                     full_method.substr(slash + 1), type);
  }
  unknown_method_ = Register("unknown", "unknown", "unknown");
}

std::vector<std::pair<std::string, std::string>> KnownMethods() {
  std::vector<std::pair<std::string, std::string>> methods = {
      {"/grpc.health.v1.Health/Check", "unary"},
      {"/grpc.health.v1.Health/Watch", "server_stream"},
      {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
       "bidi_stream"},
      {"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
       "bidi_stream"}};
  const google::protobuf::ServiceDescriptor* service =
      trustfit::v1::ScoreCandidateRequest::descriptor()
          ->file()
          ->FindServiceByName("TrustFitService");
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *service->method(i);
    methods.push_back(
        {absl::StrCat("/", service->full_name(), "/", method.name()),
         TypeOf(method)});
  }
  return methods;
}

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Create(
    const std::string& listen) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  if (!listen.empty()) {
    try {
      metrics->exposer_ =
          std::make_unique<prometheus::Exposer>(listen, /*num_threads=*/1);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
    }
    metrics->exposer_->RegisterCollectable(metrics->registry_);
    metrics->exposer_->RegisterCollectable(metrics->process_metrics_);
    const auto ports = metrics->exposer_->GetListeningPorts();
    if (!ports.empty()) metrics->port_ = ports.front();
  }
  return metrics;
}

std::unique_ptr<Metrics::MethodMetrics> Metrics::Register(
    const std::string& service, const std::string& method,
    const std::string& type) {
  auto entry = std::make_unique<MethodMetrics>();
  entry->service = service;
  entry->method = method;
  entry->type = type;
  entry->started = &started_.Add({{"grpc_service", service},
                                  {"grpc_method", method},
                                  {"grpc_type", type}});
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,    0.5,    1,     2.5,    5,     10,   30,    60};
  entry->seconds = &handling_seconds_.Add(
      {{"grpc_service", service}, {"grpc_method", method}, {"grpc_type", type}},
      kBuckets);
  for (int code = 0; code < 17; ++code) {
    entry->handled[code] = &handled_.Add(
        {{"grpc_service", service},
         {"grpc_method", method},
         {"grpc_type", type},
         {"grpc_code",
          std::string(GrpcCodeName(static_cast<grpc::StatusCode>(code)))}});
  }
  return entry;
}

Metrics::MethodMetrics& Metrics::ForMethod(absl::string_view full_method) {
  const auto known = methods_.find(std::string(full_method));
  return known == methods_.end() ? *unknown_method_ : *known->second;
}

void Metrics::RpcStarted(absl::string_view full_method,
                         absl::string_view /*type*/) {
  ForMethod(full_method).started->Increment();
}

void Metrics::RpcHandled(absl::string_view full_method,
                         absl::string_view /*type*/, grpc::StatusCode code,
                         double seconds) {
  MethodMetrics& m = ForMethod(full_method);
  m.seconds->Observe(seconds);
  const int index = static_cast<int>(code) >= 0 && static_cast<int>(code) < 17
                        ? static_cast<int>(code)
                        : static_cast<int>(grpc::StatusCode::UNKNOWN);
  m.handled[index]->Increment();
}

void Metrics::AssessmentMade(trustfit::v1::Arrangement arrangement) {
  const int index =
      trustfit::v1::Arrangement_IsValid(arrangement) ? arrangement : 0;
  assessments_by_arrangement_[index]->Increment();
}

void Metrics::StreamItem(bool ok) {
  (ok ? stream_items_ok_ : stream_items_error_)->Increment();
}

void Metrics::QuoteMade() { quotes_.Increment(); }

void Metrics::LogLineDropped() { log_lines_dropped_.Increment(); }

void Metrics::PolicyReloaded(bool ok) {
  (ok ? reload_success_ : reload_failure_)->Increment();
}

void Metrics::PolicyInUse(const trustfit::v1::PolicyRef& ref) {
  absl::MutexLock lock(&policy_info_mu_);
  if (policy_info_current_ != nullptr) policy_info_current_->Set(0);
  policy_info_current_ =
      &policy_info_.Add({{"name", ref.name()},
                         {"version", ref.version()},
                         {"content_hash", ref.content_hash()}});
  policy_info_current_->Set(1);
}

void Metrics::StoreCommitted(int records, double seconds, bool ok) {
  (ok ? store_commit_success_ : store_commit_failure_)->Increment();
  store_commit_seconds_.Observe(seconds);
  store_batch_records_.Observe(records);
}

}  // namespace trustfit::server
