// PolicyReloader: reloads the policy file on demand (SIGHUP) and when it
// changes on disk, logging and counting every outcome.

#ifndef TRUSTFIT_SERVER_OPS_POLICY_RELOADER_H_
#define TRUSTFIT_SERVER_OPS_POLICY_RELOADER_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/ops/metrics.h"
#include "server/ops/policy_holder.h"

namespace trustfit::server {

class PolicyReloader {
 public:
  // Polls the file every `poll` (not at all when zero or when the policy is
  // the embedded one).
  PolicyReloader(PolicyHolder* policies, Metrics* metrics, absl::Duration poll);
  ~PolicyReloader();

  // Reloads now; `trigger` says why, for the log ("SIGHUP").
  void ReloadNow(absl::string_view trigger);

 private:
  void Report(const absl::Status& status, absl::string_view trigger);
  void Poll(absl::Duration interval);

  PolicyHolder* const policies_;
  Metrics* const metrics_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread poller_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_POLICY_RELOADER_H_
