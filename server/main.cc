// trustfit-server: see `trustfit-server --help`.
//
// Signals are blocked in every thread and taken by sigwait() here, never in
// a handler: SIGHUP reloads the policy, SIGTERM and SIGINT shut down
// gracefully (calling Server::Shutdown from a handler would deadlock).

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/access.h"
#include "server/ops/config.h"
#include "server/ops/logging.h"
#include "server/ops/metrics.h"
#include "server/ops/policy_holder.h"
#include "server/ops/policy_reloader.h"
#include "server/server.h"
#include "server/store/assessment_store.h"

namespace trustfit::server {
namespace {

// Stops logging and returns `code`, or exits with it at once when the log
// writer is stuck on an unread stderr.
int Exit(int code) {
  if (!ShutdownLogging()) std::_Exit(code);
  return code;
}

int Fail(absl::string_view what, const absl::Status& status) {
  LogEvent(spdlog::level::critical, what,
           {{"error", std::string(status.message())}});
  return Exit(1);
}

// Writes the ports listened on, so that whoever asked for port 0 can connect.
void WritePortFile(const std::string& path, const TrustFitServer& server,
                   const Metrics& metrics) {
  std::ofstream ports(path);
  ports << server.port() << " " << metrics.port();
  if (server.health_port() != 0) ports << " " << server.health_port();
  ports << "\n";
}

// The start-up line: where the server listens, how it admits callers, and
// the policy and store it serves from.
void LogServing(const TrustFitServer& server, const Metrics& metrics,
                const PolicyHolder& policies, const AssessmentStore* store,
                bool tls, const std::string& access_methods) {
  const scoring::Policy policy = policies.Current();
  LogEvent(spdlog::level::info, "serving",
           {{"grpc_port", server.port()},
            {"metrics_port", metrics.port()},
            {"health_port", server.health_port()},
            {"tls", tls},
            {"authentication", access_methods},
            {"policy_source", policies.source()},
            {"store", store ? store->Describe() : "none"},
            {"policy_name", policy.ref().name()},
            {"policy_version", policy.ref().version()},
            {"policy_content_hash", policy.ref().content_hash()}});
}

// Waits for SIGTERM or SIGINT, reloading the policy on each SIGHUP meanwhile.
void AwaitShutdownSignal(const sigset_t& signals, const ServerConfig& config,
                         PolicyReloader* reloader) {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      reloader->ReloadNow("SIGHUP");
      continue;
    }
    LogEvent(spdlog::level::info, "shutting down",
             {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"},
              {"drain_delay", absl::FormatDuration(config.drain_delay)},
              {"grace", absl::FormatDuration(config.shutdown_grace)}});
    return;
  }
}

int Run(const ServerConfig& config, const sigset_t& signals) {
  // Lines dropped before the metrics exist are not counted (there are none:
  // nothing is logged before them but a start-up failure).
  std::atomic<Metrics*> metrics_for_drops{nullptr};
  InitLogging(config.log_format, config.log_level, [&metrics_for_drops] {
    if (Metrics* m = metrics_for_drops.load()) m->LogLineDropped();
  });

  PolicyHolder policies(config.policy_file);
  if (absl::Status loaded = policies.Reload(); !loaded.ok()) {
    return Fail("cannot load the policy", loaded);
  }
  absl::StatusOr<std::unique_ptr<Metrics>> metrics =
      Metrics::Create(config.metrics_listen);
  if (!metrics.ok()) return Fail("cannot start metrics", metrics.status());
  (*metrics)->PolicyInUse(policies.Current().ref());
  metrics_for_drops = metrics->get();

  // Access control before the store: a server that may not serve should
  // leave no database behind.
  absl::StatusOr<std::unique_ptr<Access>> access = Access::Build(config.access);
  if (!access.ok())
    return Fail("cannot set up access control", access.status());
  if (absl::Status exposed = (*access)->CheckExposure(config.listen);
      !exposed.ok()) {
    return Fail("refusing to start", exposed);
  }
  const std::string access_methods = (*access)->Describe();
  const bool tls = (*access)->tls();

  std::unique_ptr<AssessmentStore> store;
  if (!config.store.empty()) {
    Metrics* m = metrics->get();
    absl::StatusOr<std::unique_ptr<AssessmentStore>> opened =
        OpenStore(config.store, [m](int records, double seconds, bool ok) {
          m->StoreCommitted(records, seconds, ok);
        });
    if (!opened.ok()) return Fail("cannot open the store", opened.status());
    store = *std::move(opened);
  }

  absl::StatusOr<std::unique_ptr<TrustFitServer>> server =
      TrustFitServer::Start(config, &policies, metrics->get(), store.get(),
                            *std::move(access));
  if (!server.ok()) {
    store.reset();  // Its threads stop before the log does.
    return Fail("cannot start the server", server.status());
  }

  if (!config.port_file.empty()) {
    WritePortFile(config.port_file, **server, **metrics);
  }
  auto reloader = std::make_unique<PolicyReloader>(&policies, metrics->get(),
                                                   config.policy_poll);
  LogServing(**server, **metrics, policies, store.get(), tls, access_methods);
  AwaitShutdownSignal(signals, config, reloader.get());
  (*server)->Shutdown(config.drain_delay, config.shutdown_grace);
  // Whatever logs from threads of its own (the reloader's poll, the store's
  // refreshers and checkpointer) stops before the log does.
  reloader.reset();
  server->reset();
  store.reset();
  LogEvent(spdlog::level::info, "stopped");
  return Exit(0);
}

}  // namespace
}  // namespace trustfit::server

int main(int argc, char** argv) {
  // Debian's Abseil checks every absl::Mutex acquisition for lock-order
  // cycles; gRPC takes several per call. That is a debugging aid, and
  // profiling showed it on the hot path.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block before any thread starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const trustfit::server::ParseOutcome parsed =
      trustfit::server::ParseServerCommandLine(argc, argv);
  if (!parsed.run) {
    std::fputs(parsed.output.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code == 0 ? 0 : 2;
  }
  return trustfit::server::Run(parsed.config, signals);
}
