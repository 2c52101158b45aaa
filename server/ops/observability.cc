#include "server/ops/observability.h"

#include <chrono>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

const char* CodeText(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
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
        LogEvent(level, "rpc",
                 {{"method", info_->method()},
                  {"type", type_},
                  {"code", CodeText(status.error_code())},
                  {"latency_ms", absl::StrFormat("%.3f", seconds * 1000)},
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

  ServerRpcInfo* info_;
  Metrics* metrics_;
  RpcCallers* callers_;
  bool taken_ = false;
  const char* type_;
  const bool health_;
  bool unparseable_ = false;
  std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
};

}  // namespace

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
