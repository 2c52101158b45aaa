#include "server/ops/observability.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "server/ops/grpc_code.h"
#include "server/ops/logging.h"

namespace trustfit::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    default:
      return "bidi_stream";
  }
}

// "/trustfit.v1.TrustFitService/ScoreCandidate" as its service and method;
// a path without a service (only an unknown method can be one) is all
// method.
std::pair<absl::string_view, absl::string_view> SplitMethod(
    absl::string_view full_method) {
  absl::ConsumePrefix(&full_method, "/");
  const size_t slash = full_method.rfind('/');
  if (slash == absl::string_view::npos) return {"", full_method};
  return {full_method.substr(0, slash), full_method.substr(slash + 1)};
}

// The client's request id when it is usable, else a new one.
std::string RequestIdOf(
    const std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
  if (metadata != nullptr) {
    const auto found = metadata->find(kRequestIdHeader);
    if (found != metadata->end()) {
      const absl::string_view id(found->second.data(), found->second.size());
      if (IsUsableRequestId(id)) return std::string(id);
    }
  }
  return NewRequestId();
}

class ObservabilityInterceptor final : public grpc::experimental::Interceptor {
 public:
  ObservabilityInterceptor(ServerRpcInfo* info, Metrics* metrics,
                           RpcCallers* callers)
      : info_(info),
        metrics_(metrics),
        callers_(callers),
        type_(TypeName(info->type())),
        health_(absl::StartsWith(info->method(), "/grpc.health.")) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      start_ = std::chrono::steady_clock::now();
      metrics_->RpcStarted(info_->method(), type_);
      request_id_ = RequestIdOf(methods->GetRecvInitialMetadata());
    }
    // Whether the handler sends its metadata itself or gRPC sends it with
    // the status, it passes here once: the client gets the id it can quote.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader,
                                                 request_id());
    }
    // A unary request gRPC could not parse reaches no handler: gRPC answers
    // UNIMPLEMENTED with no message. Say what it is.
    if (info_->type() == ServerRpcInfo::Type::UNARY &&
        methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparseable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (unparseable_ && methods->GetSendStatus().error_code() ==
                              grpc::StatusCode::UNIMPLEMENTED) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("the request to ", info_->method(),
                         " cannot be parsed as its request message")));
      }
      const grpc::Status status = methods->GetSendStatus();
      const double seconds = std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - start_)
                                 .count();
      metrics_->RpcHandled(info_->method(), type_, status.error_code(),
                           seconds);
      const spdlog::level::level_enum level =
          health_ ? spdlog::level::debug : RpcLogLevel(status.error_code());
      std::optional<RpcCallers::Caller> caller = TakeCaller();
      if (spdlog::should_log(level)) {
        const auto [service, method] = SplitMethod(info_->method());
        // Rounded to the microsecond: finer is the clock's noise.
        const double latency_ms = std::round(seconds * 1e6) / 1e3;
        LogEvent(level, "rpc finished",
                 {{"grpc.service", service},
                  {"grpc.method", method},
                  {"grpc.method_type", type_},
                  {"grpc.code", GrpcCodeName(status.error_code())},
                  {"latency_ms", latency_ms},
                  {"request_id", request_id()},
                  {"peer", info_->server_context()->peer()},
                  {"principal", caller ? caller->principal : ""},
                  {"auth", caller ? caller->auth_method : ""},
                  {"error", status.error_message()}});
      }
    }
    methods->Proceed();
  }

  // A call cancelled before its status was sent still forgets its caller.
  ~ObservabilityInterceptor() override { TakeCaller(); }

 private:
  std::optional<RpcCallers::Caller> TakeCaller() {
    if (callers_ == nullptr || taken_) return std::nullopt;
    taken_ = true;
    return callers_->Take(info_->server_context());
  }

  // Set when the call's metadata arrives; made here should gRPC ever send
  // before that.
  const std::string& request_id() {
    if (request_id_.empty()) request_id_ = NewRequestId();
    return request_id_;
  }

  ServerRpcInfo* info_;
  Metrics* metrics_;
  RpcCallers* callers_;
  bool taken_ = false;
  const char* type_;
  const bool health_;
  bool unparseable_ = false;
  std::string request_id_;
  std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
};

}  // namespace

bool IsUsableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

std::string NewRequestId() {
  // absl::BitGen is not thread-safe; one per thread, seeded from the OS.
  thread_local absl::BitGen random;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(random),
                         absl::Uniform<uint64_t>(random));
}

spdlog::level::level_enum RpcLogLevel(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
      return spdlog::level::err;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return spdlog::level::warn;
    default:
      return spdlog::level::info;
  }
}

void RpcCallers::Set(const grpc::ServerContextBase* call, Caller caller) {
  absl::MutexLock lock(&mu_);
  callers_[call] = std::move(caller);
}

std::optional<RpcCallers::Caller> RpcCallers::Take(
    const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&mu_);
  const auto found = callers_.find(call);
  if (found == callers_.end()) return std::nullopt;
  Caller caller = std::move(found->second);
  callers_.erase(found);
  return caller;
}

grpc::experimental::Interceptor*
ObservabilityInterceptorFactory::CreateServerInterceptor(ServerRpcInfo* info) {
  return new ObservabilityInterceptor(info, metrics_, callers_);
}

}  // namespace trustfit::server
