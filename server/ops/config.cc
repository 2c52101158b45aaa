#include "server/ops/config.h"

#include <sstream>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace trustfit::server {
namespace {

constexpr char kDescription[] = R"(trustfit-server: the TrustFit gRPC service.

Scores how well a prospective school fits a multi-academy trust and quotes
its contribution, over gRPC (package trustfit.v1) with the standard health
service and server reflection. Runs on the embedded default policy unless
--policy names a YAML file; the file is reloaded on SIGHUP and when it
changes, keeping the old policy if the new one is invalid. SIGTERM or SIGINT
shuts down gracefully.

Every option can also be set by an environment variable (shown as Env) or in
a TOML file given with --config (key = value, names without dashes). A flag
beats the environment, which beats the file.

Examples:
  trustfit-server
  trustfit-server --listen=127.0.0.1:50051 --policy=/etc/trustfit/policy.yaml
  TRUSTFIT_LOG_FORMAT=json trustfit-server --metrics-listen=:9090
)";

// Adds a duration option ("20s", "500ms", "2m", "1h30m").
CLI::Option* AddDuration(CLI::App& app, const std::string& name,
                         std::string* text, const std::string& help) {
  return app.add_option(name, *text, help)
      ->check([](const std::string& value) -> std::string {
        absl::Duration d;
        if (!absl::ParseDuration(value, &d) || d < absl::ZeroDuration()) {
          return absl::StrCat("not a duration: \"", value,
                              "\" (try 20s, 500ms, 2m)");
        }
        return "";
      })
      ->capture_default_str();
}

absl::Duration ToDuration(const std::string& text) {
  absl::Duration d;
  absl::ParseDuration(text, &d);
  return d;
}

std::string FormatDurationFlag(absl::Duration d) {
  return absl::FormatDuration(d);
}

}  // namespace

ParseOutcome ParseServerCommandLine(int argc, const char* const* argv) {
  ServerConfig config;
  ParseOutcome outcome;
  CLI::App app(kDescription, "trustfit-server");
  app.get_formatter()->column_width(34);
  app.set_config("--config", "", "Read options from this TOML file")
      ->envname("TRUSTFIT_CONFIG");
  // A misspelt key in the file is an error, not a silently ignored setting.
  app.allow_config_extras(CLI::config_extras_mode::error);

  std::string log_format = "text", log_level = "info";
  std::string policy_poll = FormatDurationFlag(config.policy_poll);
  std::string drain_delay = FormatDurationFlag(config.drain_delay);
  std::string shutdown_grace = FormatDurationFlag(config.shutdown_grace);
  std::string keepalive_time = FormatDurationFlag(config.keepalive_time);
  std::string keepalive_timeout = FormatDurationFlag(config.keepalive_timeout);
  std::string max_age = FormatDurationFlag(config.max_connection_age);
  std::string max_age_grace =
      FormatDurationFlag(config.max_connection_age_grace);
  std::string max_idle = FormatDurationFlag(config.max_connection_idle);

  app.add_option("--listen", config.listen,
                 "gRPC address (host:port; port 0 picks one)")
      ->envname("TRUSTFIT_LISTEN")
      ->capture_default_str();
  app.add_option("--metrics-listen", config.metrics_listen,
                 "Prometheus /metrics address (host:port), or off")
      ->envname("TRUSTFIT_METRICS_LISTEN")
      ->capture_default_str();
  app.add_option(
         "--store", config.store,
         "Recorded assessments: sqlite://PATH (relative) or sqlite:///PATH "
         "(absolute), a postgresql:// URI, or none")
      ->envname("TRUSTFIT_STORE")
      ->capture_default_str();
  app.add_option("--policy", config.policy_file,
                 "Policy YAML file; the embedded default when unset")
      ->envname("TRUSTFIT_POLICY");
  AddDuration(app, "--policy-poll", &policy_poll,
              "How often to check the policy file for changes; 0 disables")
      ->envname("TRUSTFIT_POLICY_POLL");
  app.add_option("--log-format", log_format, "text or json")
      ->envname("TRUSTFIT_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->envname("TRUSTFIT_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  AddDuration(
      app, "--drain-delay", &drain_delay,
      "On SIGTERM, time between reporting NOT_SERVING and refusing new calls")
      ->envname("TRUSTFIT_DRAIN_DELAY");
  AddDuration(app, "--shutdown-grace", &shutdown_grace,
              "Time in-flight calls get to finish on shutdown before they are "
              "cancelled")
      ->envname("TRUSTFIT_SHUTDOWN_GRACE");
  AddDuration(app, "--keepalive-time", &keepalive_time,
              "Interval of server keepalive pings on idle connections")
      ->envname("TRUSTFIT_KEEPALIVE_TIME");
  AddDuration(app, "--keepalive-timeout", &keepalive_timeout,
              "Time to wait for a keepalive ping's answer")
      ->envname("TRUSTFIT_KEEPALIVE_TIMEOUT");
  AddDuration(
      app, "--max-connection-age", &max_age,
      "Close connections after this long so clients rebalance; 0 = never")
      ->envname("TRUSTFIT_MAX_CONNECTION_AGE");
  AddDuration(app, "--max-connection-age-grace", &max_age_grace,
              "Time calls on an aged connection get to finish; 0 = unlimited")
      ->envname("TRUSTFIT_MAX_CONNECTION_AGE_GRACE");
  AddDuration(app, "--max-connection-idle", &max_idle,
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
                 "Write \"<grpc port> <metrics port>\" here once listening")
      ->envname("TRUSTFIT_PORT_FILE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
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

  if (config.metrics_listen == "off") config.metrics_listen.clear();
  if (config.store == "none") config.store.clear();
  config.log_format =
      log_format == "json" ? LogFormat::kJson : LogFormat::kText;
  config.log_level = spdlog::level::from_str(log_level);
  config.policy_poll = ToDuration(policy_poll);
  config.drain_delay = ToDuration(drain_delay);
  config.shutdown_grace = ToDuration(shutdown_grace);
  config.keepalive_time = ToDuration(keepalive_time);
  config.keepalive_timeout = ToDuration(keepalive_timeout);
  config.max_connection_age = ToDuration(max_age);
  config.max_connection_age_grace = ToDuration(max_age_grace);
  config.max_connection_idle = ToDuration(max_idle);
  outcome.run = true;
  outcome.config = config;
  return outcome;
}

}  // namespace trustfit::server
