#include "server/ops/policy_reloader.h"

#include "scoring/field_violations.h"
#include "server/ops/logging.h"

namespace trustfit::server {

PolicyReloader::PolicyReloader(PolicyHolder* policies, Metrics* metrics,
                               absl::Duration poll)
    : policies_(policies), metrics_(metrics) {
  if (policies_->from_file() && poll > absl::ZeroDuration()) {
    poller_ = std::thread([this, poll] { Poll(poll); });
  }
}

PolicyReloader::~PolicyReloader() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (poller_.joinable()) poller_.join();
}

void PolicyReloader::ReloadNow(absl::string_view trigger) {
  if (!policies_->from_file()) {
    LogEvent(spdlog::level::info,
             "policy reload skipped: serving the embedded policy",
             {{"trigger", std::string(trigger)}});
    return;
  }
  Report(policies_->Reload(), trigger);
}

void PolicyReloader::Report(const absl::Status& status,
                            absl::string_view trigger) {
  metrics_->PolicyReloaded(status.ok());
  if (status.ok()) {
    const scoring::Policy policy = policies_->Current();
    metrics_->PolicyInUse(policy.ref());
    LogEvent(spdlog::level::info, "policy reloaded",
             {{"trigger", std::string(trigger)},
              {"source", policies_->source()},
              {"name", policy.ref().name()},
              {"version", policy.ref().version()},
              {"content_hash", policy.ref().content_hash()}});
    return;
  }
  const scoring::Policy kept = policies_->Current();
  LogEvent(spdlog::level::err,
           "policy reload failed; keeping the current policy",
           {{"trigger", std::string(trigger)},
            {"source", policies_->source()},
            {"kept_version", kept.ref().version()},
            {"kept_content_hash", kept.ref().content_hash()},
            {"error", std::string(status.message())}});
}

void PolicyReloader::Poll(absl::Duration interval) {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval)) return;
    }
    // A change is reported whether it loads or not; an unchanged file is quiet.
    const scoring::Policy before = policies_->Current();
    const absl::Status status = policies_->ReloadIfChanged();
    const scoring::Policy after = policies_->Current();
    if (!status.ok() ||
        before.ref().content_hash() != after.ref().content_hash()) {
      Report(status, "file changed");
    }
  }
}

}  // namespace trustfit::server
