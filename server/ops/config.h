// ServerConfig: everything trustfit-server can be told, from flags,
// TRUSTFIT_* environment variables and an optional TOML config file
// (--config). A flag beats the environment, which beats the file.

#ifndef TRUSTFIT_SERVER_OPS_CONFIG_H_
#define TRUSTFIT_SERVER_OPS_CONFIG_H_

#include <cstdint>
#include <string>
#include <thread>
#include <variant>

#include "absl/time/time.h"
#include "server/ops/logging.h"
#include "spdlog/common.h"

namespace trustfit::server {

// Who may call, and over what (server/auth/README.md): the --tls-*,
// --auth-*, --audit-log and --allow-unauthenticated options. Files are
// named here and read at start-up.
struct AccessConfig {
  std::string tls_cert;       // PEM; set: the gRPC port speaks only TLS.
  std::string tls_key;        // PEM private key of tls_cert.
  std::string tls_client_ca;  // PEM bundle; set: mutual TLS.
  std::string tls_client_auth = "require";  // Or "optional".
  absl::Duration tls_reload_interval = absl::Seconds(30);
  std::string tokens_file;
  std::string jwks_file;
  std::string jwt_public_key_file;
  std::string jwt_issuer;
  std::string jwt_audience;  // Comma-separated: a token needs one of them.
  std::string jwt_roles_claim = "roles";
  std::string jwt_principal_claim = "sub";
  std::string jwt_algorithms = "RS256,ES256";
  absl::Duration clock_skew = absl::Seconds(60);
  std::string role_bindings_file;  // --auth-mtls-clients
  bool allow_unauthenticated = false;
  std::string audit_log = "-";  // A file, "-" for stderr, or "off".
};

struct ServerConfig {
  std::string listen = "0.0.0.0:50051";
  // Loopback unless told otherwise: /metrics has no access control.
  std::string metrics_listen = "127.0.0.1:9090";  // Empty: no endpoint.
  // Plaintext, grpc.health.v1 only, for probes beside a TLS port; empty:
  // none.
  std::string health_listen;
  std::string policy_file;  // Empty: the embedded default policy.
  // Where recorded assessments are kept: sqlite://PATH, postgresql://...,
  // or empty (--store=none) to keep none.
  std::string store = "sqlite://trustfit.db";
  // A file holding the store URI instead (its password stays out of ps and
  // the environment).
  std::string store_file;
  absl::Duration policy_poll = absl::Seconds(2);
  LogFormat log_format = LogFormat::kText;
  spdlog::level::level_enum log_level = spdlog::level::info;
  // Long enough for calls already on their way to arrive and be served
  // before the listener closes: with none, gRPC cancels the calls it has
  // received but not yet handed to a handler (about 11% of those in flight
  // under load).
  absl::Duration drain_delay = absl::Seconds(2);
  absl::Duration shutdown_grace = absl::Seconds(20);
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  absl::Duration max_connection_age = absl::ZeroDuration();  // Zero: unlimited.
  absl::Duration max_connection_age_grace = absl::ZeroDuration();
  absl::Duration max_connection_idle = absl::ZeroDuration();
  // The limits below fit the chart's 512 MiB memory limit with room for the
  // server's own 70 MB: gRPC's buffers take at most max_memory_bytes, and
  // each connection has at most max_concurrent_streams calls at once.
  int64_t max_message_bytes = 4 << 20;
  int64_t max_memory_bytes = 256 << 20;
  int max_concurrent_streams = 100;
  // Threads scoring stream items besides the reactor's: one per core.
  int stream_workers = static_cast<int>(std::thread::hardware_concurrency());
  std::string port_file;
  AccessConfig access;
};

// What parsing the command line came to: a config to run with, or an exit
// code and the text to print (for --help, or a usage error).
struct ParseOutcome {
  bool run = false;
  ServerConfig config;
  int exit_code = 0;
  std::string output;  // To stdout on success, stderr on error.
};

ParseOutcome ParseServerCommandLine(int argc, const char* const* argv);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_CONFIG_H_
