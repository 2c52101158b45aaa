#include "server/server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "scoring/status_macros.h"
#include "server/ops/observability.h"
#include "server/service/reflection_v1.h"

namespace trustfit::server {
namespace {

constexpr char kServiceName[] = "trustfit.v1.TrustFitService";
constexpr int kMaxSyncThreads = 16;

int Millis(absl::Duration d) {
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
}

// Keepalive, connection age, message sizes.
void SetChannelArguments(const ServerConfig& config,
                         grpc::ServerBuilder* builder) {
  // gRPC enables SO_REUSEPORT by default, which lets a second server quietly
  // share the port with the first; a clash should be an error instead.
  builder->AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder->SetMaxReceiveMessageSize(static_cast<int>(config.max_message_bytes));
  builder->SetMaxSendMessageSize(static_cast<int>(config.max_message_bytes));
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                              Millis(config.keepalive_time));
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                              Millis(config.keepalive_timeout));
  // Clients may ping as often as every 10 s without being disconnected.
  builder->AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (config.max_connection_age > absl::ZeroDuration()) {
    builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                                Millis(config.max_connection_age));
  }
  if (config.max_connection_age_grace > absl::ZeroDuration()) {
    builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                                Millis(config.max_connection_age_grace));
  }
  if (config.max_connection_idle > absl::ZeroDuration()) {
    builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                                Millis(config.max_connection_idle));
  }
}

// Why gRPC could not listen on `address` ("host:port"), found by binding it
// as gRPC would: the system's reason, such as "Address already in use".
std::string WhyCannotListen(const std::string& address) {
  constexpr char kUnknown[] =
      "the address is malformed, in use, or not permitted";
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || absl::StartsWith(address, "unix:"))
    return kUnknown;
  const std::string host(absl::StripSuffix(
      absl::StripPrefix(absl::string_view(address).substr(0, colon), "["),
      "]"));
  const std::string port = address.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int failed = getaddrinfo(host.empty() ? nullptr : host.c_str(),
                                     port.c_str(), &hints, &found)) {
    return absl::StrCat("it does not resolve (", gai_strerror(failed), ")");
  }
  std::string reason = kUnknown;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));  // As gRPC.
    const bool bound = bind(fd, a->ai_addr, a->ai_addrlen) == 0;
    const int error = errno;
    close(fd);
    if (!bound) {
      reason = std::strerror(error);
      break;
    }
  }
  freeaddrinfo(found);
  return reason;
}

// A plaintext server on `listen` with only gRPC's health service: the
// kubelet's gRPC probes cannot speak TLS.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartHealthServer(
    const std::string& listen, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    return absl::UnavailableError(
        absl::StrCat("--health-listen: cannot listen on ", listen, ": ",
                     WhyCannotListen(listen)));
  }
  return server;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TrustFitServer>> TrustFitServer::Start(
    const ServerConfig& config, PolicyHolder* policies, Metrics* metrics,
    AssessmentStore* store, std::unique_ptr<Access> access) {
  std::unique_ptr<TrustFitServer> server(new TrustFitServer());
  if (access == nullptr) {
    TRUSTFIT_ASSIGN_OR_RETURN(access, Access::Build(config.access));
    TRUSTFIT_RETURN_IF_ERROR(access->CheckExposure(config.listen));
  }
  server->access_ = std::move(access);
  server->service_ = std::make_unique<TrustFitServiceImpl>(
      policies, metrics, store, config.stream_workers, &server->access_->gate(),
      &server->callers_);

  grpc::EnableDefaultHealthCheckService(true);
  // Before reflection's plugin is registered, which every later builder in
  // the process gets: the health port serves health and nothing else.
  if (!config.health_listen.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        server->health_server_,
        StartHealthServer(config.health_listen, &server->health_port_));
  }
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, server->access_->credentials(),
                           &server->port_);
  builder.RegisterService(server->service_.get());
  // v1 beside grpc's v1alpha: newer grpcurl and grpcui ask for v1 first.
  builder.SetOption(std::make_unique<ReflectionV1Option>());
  // Bounds on memory whatever clients send: gRPC's buffers share one quota
  // (reads wait while it is used up), and each connection has a bounded
  // number of calls at once.
  grpc::ResourceQuota quota("trustfit-server");
  quota.Resize(static_cast<size_t>(config.max_memory_bytes));
  // Reflection is a synchronous service: its threads come out of the quota
  // too, and without a bound gRPC keeps making them when the quota is
  // tight.
  quota.SetMaxThreads(kMaxSyncThreads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             config.max_concurrent_streams);
  SetChannelArguments(config, &builder);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<ObservabilityInterceptorFactory>(
      metrics, &server->callers_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ",
                                               config.listen, ": ",
                                               WhyCannotListen(config.listen)));
  }
  for (grpc::Server* s :
       {server->server_.get(), server->health_server_.get()}) {
    if (s == nullptr) continue;
    s->GetHealthCheckService()->SetServingStatus(true);
    s->GetHealthCheckService()->SetServingStatus(kServiceName, true);
  }
  // The records have a health of their own: while the store fails, this
  // turns NOT_SERVING and the rest stays SERVING, since scoring does not
  // need the store (a liveness probe failing on the store would restart
  // every replica at once, for a database they cannot fix).
  if (store != nullptr) {
    grpc::HealthCheckServiceInterface* health =
        server->server_->GetHealthCheckService();
    health->SetServingStatus(kRecordsHealthName, true);
    store->SetHealthObserver([health](bool healthy) {
      health->SetServingStatus(kRecordsHealthName, healthy);
    });
    server->store_ = store;
  }
  return server;
}

void TrustFitServer::Shutdown(absl::Duration drain_delay,
                              absl::Duration grace) {
  if (stopped_ || server_ == nullptr)
    return;  // Never started, or already stopped.
  stopped_ = true;
  if (store_ != nullptr) store_->SetHealthObserver(nullptr);
  server_->GetHealthCheckService()->SetServingStatus(false);
  if (health_server_ != nullptr)
    health_server_->GetHealthCheckService()->SetServingStatus(false);
  if (drain_delay > absl::ZeroDuration()) absl::SleepFor(drain_delay);
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoNanoseconds(grace));
  server_->Wait();
  if (health_server_ != nullptr) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
}

TrustFitServer::~TrustFitServer() {
  Shutdown(absl::ZeroDuration(), absl::ZeroDuration());
}

}  // namespace trustfit::server
