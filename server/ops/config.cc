#include "server/ops/config.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scoring/io/text_file.h"

namespace trustfit::server {
namespace {

constexpr char kDescription[] = R"(trustfit-server: the TrustFit gRPC service.

Scores how well a prospective school fits a multi-academy trust and quotes
its contribution, over gRPC (package trustfit.v1) with the standard health
service and server reflection. Runs on the embedded default policy unless
--policy names a YAML file; the file is reloaded on SIGHUP and when it
changes, keeping the old policy if the new one is invalid. SIGTERM or SIGINT
shuts down gracefully.

Access control: --tls-cert/--tls-key serve TLS (--tls-client-ca: mutual
TLS); --auth-tokens, --auth-jwks or --auth-jwt-public-key authenticate
callers, whose roles (viewer, assessor, admin) decide what they may call.
With no authentication the server serves only on loopback, unless
--allow-unauthenticated.

Every option can also be set by an environment variable (shown as Env) or in
a TOML file given with --config (key = value, names without dashes). A flag
beats the environment, which beats the file.

Examples:
  trustfit-server --listen=127.0.0.1:50051
  trustfit-server --listen=127.0.0.1:50051 --policy=/etc/trustfit/policy.yaml
  trustfit-server --tls-cert=tls.crt --tls-key=tls.key --auth-tokens=tokens
  TRUSTFIT_LOG_FORMAT=json trustfit-server --metrics-listen=0.0.0.0:9090 ...
)";

// Adds a duration option ("20s", "500ms", "2m", "1h30m") that sets
// `*target`, whose value is the default.
CLI::Option* AddDuration(CLI::App& app, const std::string& name,
                         absl::Duration* target, const std::string& help) {
  return app
      .add_option_function<std::string>(
          name,
          [target](const std::string& value) {
            absl::ParseDuration(value, target);
          },
          help)
      ->check([](const std::string& value) -> std::string {
        absl::Duration d;
        if (!absl::ParseDuration(value, &d) || d < absl::ZeroDuration()) {
          return absl::StrCat("not a duration: \"", value,
                              "\" (try 20s, 500ms, 2m)");
        }
        return "";
      })
      ->default_str(absl::FormatDuration(*target));
}

// Adds the --tls-*, --auth-*, --audit-log, --allow-unauthenticated and
// --health-listen options (access control, server/auth/README.md).
void AddAccessOptions(CLI::App& app, ServerConfig& config) {
  AccessConfig& a = config.access;
  app.add_option("--tls-cert", a.tls_cert,
                 "PEM certificate chain: serve gRPC over TLS (re-read when it "
                 "changes)")
      ->envname("TRUSTFIT_TLS_CERT");
  app.add_option("--tls-key", a.tls_key, "PEM private key of --tls-cert")
      ->envname("TRUSTFIT_TLS_KEY");
  app.add_option("--tls-client-ca", a.tls_client_ca,
                 "PEM CA bundle: ask clients for certificates it signed "
                 "(mutual TLS); the subject names the caller")
      ->envname("TRUSTFIT_TLS_CLIENT_CA");
  app.add_option("--tls-client-auth", a.tls_client_auth,
                 "With --tls-client-ca: require a client certificate, or "
                 "verify one when offered and let tokens do the rest")
      ->envname("TRUSTFIT_TLS_CLIENT_AUTH")
      ->check(CLI::IsMember({"require", "optional"}))
      ->capture_default_str();
  AddDuration(app, "--tls-reload-interval", &a.tls_reload_interval,
              "How often the TLS files are checked for a new version")
      ->envname("TRUSTFIT_TLS_RELOAD_INTERVAL");
  app.add_option("--auth-tokens", a.tokens_file,
                 "Bearer tokens file: \"sha256:HASH PRINCIPAL ROLES\" lines")
      ->envname("TRUSTFIT_AUTH_TOKENS");
  app.add_option("--auth-jwks", a.jwks_file,
                 "JWKS file of the keys that sign JWT bearer tokens")
      ->envname("TRUSTFIT_AUTH_JWKS");
  app.add_option("--auth-jwt-public-key", a.jwt_public_key_file,
                 "Or one PEM public key that signs them")
      ->envname("TRUSTFIT_AUTH_JWT_PUBLIC_KEY");
  app.add_option("--auth-jwt-issuer", a.jwt_issuer,
                 "The iss every JWT must carry")
      ->envname("TRUSTFIT_AUTH_JWT_ISSUER");
  app.add_option("--auth-jwt-audience", a.jwt_audience,
                 "The aud a JWT must carry (comma-separated: one of them)")
      ->envname("TRUSTFIT_AUTH_JWT_AUDIENCE");
  app.add_option("--auth-jwt-roles-claim", a.jwt_roles_claim,
                 "Dotted path of the claim holding the caller's roles")
      ->envname("TRUSTFIT_AUTH_JWT_ROLES_CLAIM")
      ->capture_default_str();
  app.add_option("--auth-jwt-principal-claim", a.jwt_principal_claim,
                 "Dotted path of the claim naming the caller")
      ->envname("TRUSTFIT_AUTH_JWT_PRINCIPAL_CLAIM")
      ->capture_default_str();
  app.add_option("--auth-jwt-algorithms", a.jwt_algorithms,
                 "Signature algorithms accepted (RS256,RS384,RS512,ES256,"
                 "ES384,ES512)")
      ->envname("TRUSTFIT_AUTH_JWT_ALGORITHMS")
      ->capture_default_str();
  AddDuration(app, "--auth-clock-skew", &a.clock_skew,
              "Leeway on a JWT's exp and nbf (at most 5m)")
      ->envname("TRUSTFIT_AUTH_CLOCK_SKEW");
  app.add_option("--auth-mtls-clients", a.role_bindings_file,
                 "Roles of certificate (and JWT) principals: \"mtls|jwt "
                 "PRINCIPAL|* ROLES\" lines")
      ->envname("TRUSTFIT_AUTH_MTLS_CLIENTS");
  app.add_flag("--allow-unauthenticated", a.allow_unauthenticated,
               "Serve callers without credentials beyond loopback when no "
               "authentication is configured (logged loudly)")
      ->envname("TRUSTFIT_ALLOW_UNAUTHENTICATED");
  app.add_option("--audit-log", a.audit_log,
                 "Audit log of state-changing and refused calls: a file, - "
                 "for standard error, or off")
      ->envname("TRUSTFIT_AUDIT_LOG")
      ->capture_default_str();
  app.add_option("--health-listen", config.health_listen,
                 "Plaintext address serving only grpc.health.v1 (probes, "
                 "with TLS on the gRPC port)")
      ->envname("TRUSTFIT_HEALTH_LISTEN");
}

void AddNetworkOptions(CLI::App& app, ServerConfig& config) {
  app.add_option("--listen", config.listen,
                 "gRPC address (host:port; port 0 picks one)")
      ->envname("TRUSTFIT_LISTEN")
      ->capture_default_str();
  app.add_option("--metrics-listen", config.metrics_listen,
                 "Prometheus /metrics address (host:port), or off")
      ->envname("TRUSTFIT_METRICS_LISTEN")
      ->capture_default_str();
  AddDuration(app, "--keepalive-time", &config.keepalive_time,
              "Interval of server keepalive pings on idle connections")
      ->envname("TRUSTFIT_KEEPALIVE_TIME");
  AddDuration(app, "--keepalive-timeout", &config.keepalive_timeout,
              "Time to wait for a keepalive ping's answer")
      ->envname("TRUSTFIT_KEEPALIVE_TIMEOUT");
  AddDuration(
      app, "--max-connection-age", &config.max_connection_age,
      "Close connections after this long so clients rebalance; 0 = never")
      ->envname("TRUSTFIT_MAX_CONNECTION_AGE");
  AddDuration(app, "--max-connection-age-grace",
              &config.max_connection_age_grace,
              "Time calls on an aged connection get to finish; 0 = unlimited")
      ->envname("TRUSTFIT_MAX_CONNECTION_AGE_GRACE");
  AddDuration(app, "--max-connection-idle", &config.max_connection_idle,
              "Close connections idle this long; 0 = never")
      ->envname("TRUSTFIT_MAX_CONNECTION_IDLE");
  app.add_option("--max-message-bytes", config.max_message_bytes,
                 "Largest request or response message")
      ->envname("TRUSTFIT_MAX_MESSAGE_BYTES")
      ->check(CLI::Range(int64_t{1024}, int64_t{1} << 30))
      ->capture_default_str();
  app.add_option("--max-memory-bytes", config.max_memory_bytes,
                 "Memory gRPC may use for connections and messages in flight "
                 "(a ResourceQuota); beyond it reads wait")
      ->envname("TRUSTFIT_MAX_MEMORY_BYTES")
      ->check(CLI::Range(int64_t{16} << 20, int64_t{1} << 40))
      ->capture_default_str();
  app.add_option("--max-concurrent-streams", config.max_concurrent_streams,
                 "Calls at once on one connection; more wait for a slot")
      ->envname("TRUSTFIT_MAX_CONCURRENT_STREAMS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--stream-workers", config.stream_workers,
                 "Threads that score the items of stream messages in parallel")
      ->envname("TRUSTFIT_STREAM_WORKERS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  app.add_option("--port-file", config.port_file,
                 "Write \"<grpc port> <metrics port>\" here once listening "
                 "(and \" <health port>\" with --health-listen)")
      ->envname("TRUSTFIT_PORT_FILE");
}

void AddStoreAndPolicyOptions(CLI::App& app, ServerConfig& config) {
  app.add_option(
         "--store", config.store,
         "Recorded assessments: sqlite://PATH (relative) or sqlite:///PATH "
         "(absolute), a postgresql:// URI, or none")
      ->envname("TRUSTFIT_STORE")
      ->capture_default_str();
  app.add_option("--store-file", config.store_file,
                 "Read --store from this file (a URI with a password stays "
                 "out of ps and the environment)")
      ->envname("TRUSTFIT_STORE_FILE");
  app.add_option("--policy", config.policy_file,
                 "Policy YAML file; the embedded default when unset")
      ->envname("TRUSTFIT_POLICY");
  AddDuration(app, "--policy-poll", &config.policy_poll,
              "How often to check the policy file for changes; 0 disables")
      ->envname("TRUSTFIT_POLICY_POLL");
}

void AddLoggingOptions(CLI::App& app, std::string* format, std::string* level) {
  app.add_option("--log-format", *format, "text or json")
      ->envname("TRUSTFIT_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--log-level", *level, "trace, debug, info, warn, error")
      ->envname("TRUSTFIT_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
}

void AddShutdownOptions(CLI::App& app, ServerConfig& config) {
  AddDuration(
      app, "--drain-delay", &config.drain_delay,
      "On SIGTERM, time between reporting NOT_SERVING and refusing new calls")
      ->envname("TRUSTFIT_DRAIN_DELAY");
  AddDuration(app, "--shutdown-grace", &config.shutdown_grace,
              "Time in-flight calls get to finish on shutdown before they are "
              "cancelled")
      ->envname("TRUSTFIT_SHUTDOWN_GRACE");
}

// The store URI in `path` (surrounding white space dropped), or why not.
std::optional<std::string> ReadStoreFile(const std::string& path,
                                         std::string* error) {
  const absl::StatusOr<std::string> text = io::ReadTextFile(path);
  if (!text.ok()) {
    *error = absl::StrCat("--store-file: ", text.status().message());
    return std::nullopt;
  }
  const std::string uri(absl::StripAsciiWhitespace(*text));
  if (uri.empty()) {
    *error = absl::StrCat("--store-file: ", path, " is empty");
    return std::nullopt;
  }
  return uri;
}

// The outcome of a command line CLI11 refused.
ParseOutcome ParseError(const CLI::App& app, const CLI::ParseError& e) {
  ParseOutcome outcome;
  std::ostringstream out, err;
  outcome.exit_code = app.exit(e, out, err);
  outcome.output = out.str() + err.str();
  // CLI11 says "INI was not able to parse KEY"; name the file and the key.
  absl::string_view unknown_key = e.what();
  if (dynamic_cast<const CLI::ConfigError*>(&e) != nullptr &&
      absl::ConsumePrefix(&unknown_key, "INI was not able to parse ")) {
    outcome.output = absl::StrCat(
        "unknown option \"", unknown_key, "\" in the --config file ",
        app["--config"]->as<std::string>(),
        " (its keys are the long option names without the dashes; see "
        "--help)\n");
  }
  return outcome;
}

// Reads --store-file into config->store; the error when it cannot.
std::string ApplyStoreFile(const CLI::App& app, ServerConfig* config) {
  if (config->store_file.empty()) return "";
  if (app["--store"]->count() > 0)
    return "give --store or --store-file, not both";
  std::string error;
  if (std::optional<std::string> uri =
          ReadStoreFile(config->store_file, &error)) {
    config->store = *uri == "none" ? "" : *uri;
  }
  return error;
}

// True when `option` is named in `args` ("--listen", "--listen=...").
bool NamedIn(const CLI::Option& option, const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    const std::string name = arg.substr(0, arg.find('='));
    for (const std::string& lname : option.get_lnames())
      if (name == "--" + lname) return true;
    for (const std::string& sname : option.get_snames())
      if (name == "-" + sname) return true;
  }
  return false;
}

// The command line with each option set in the environment but not on the
// command line added to it, so that the environment beats the --config file
// (CLI11 reads the file first and lets the environment fill only what is
// still unset), and with TRUSTFIT_CONFIG as --config (CLI11 looks for the
// file before it reads the environment). Flags keep CLI11's own handling.
std::vector<std::string> WithEnvironment(const CLI::App& app, int argc,
                                         const char* const* argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<std::string> given = args;
  for (const CLI::Option* option : app.get_options()) {
    const std::string& env = option->get_envname();
    const char* value = env.empty() ? nullptr : std::getenv(env.c_str());
    if (value == nullptr || option->get_type_size() == 0 ||
        option->get_lnames().empty() || NamedIn(*option, given)) {
      continue;
    }
    args.push_back(
        absl::StrCat("--", option->get_lnames().front(), "=", value));
  }
  return args;
}

}  // namespace

ParseOutcome ParseServerCommandLine(int argc, const char* const* argv) {
  ServerConfig config;
  CLI::App app(kDescription, "trustfit-server");
  app.get_formatter()->column_width(34);
  app.set_version_flag("--version", "trustfit-server " TRUSTFIT_VERSION);
  app.set_config("--config", "", "Read options from this TOML file")
      ->envname("TRUSTFIT_CONFIG");
  // A misspelt key in the file is an error, not a silently ignored setting.
  app.allow_config_extras(CLI::config_extras_mode::error);
  std::string log_format = "text", log_level = "info";
  AddNetworkOptions(app, config);
  AddStoreAndPolicyOptions(app, config);
  AddLoggingOptions(app, &log_format, &log_level);
  AddShutdownOptions(app, config);
  AddAccessOptions(app, config);
  try {
    std::vector<std::string> args = WithEnvironment(app, argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first.
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return ParseError(app, e);
  }
  if (config.metrics_listen == "off") config.metrics_listen.clear();
  if (config.store == "none") config.store.clear();
  config.log_format =
      log_format == "json" ? LogFormat::kJson : LogFormat::kText;
  config.log_level = spdlog::level::from_str(log_level);
  ParseOutcome outcome;
  if (const std::string error = ApplyStoreFile(app, &config); !error.empty()) {
    outcome.exit_code = 2;
    outcome.output = error + "\n";
    return outcome;
  }
  outcome.run = true;
  outcome.config = config;
  return outcome;
}

}  // namespace trustfit::server
