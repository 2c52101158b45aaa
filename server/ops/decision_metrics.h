// Prometheus counters of decisions and arrangement events (§7), registered
// on the server's registry beside the Metrics of metrics.h:
//
//   trustfit_decisions_total{outcome="approved"|"declined"|...}
//   trustfit_arrangement_events_total{kind="opened"|"phase_advanced"|...}
//   trustfit_arrangement_steps_refused_total{reason="ARRANGEMENT_ENDED"|...}
//
//   DecisionMetrics metrics(registry);
//   metrics.DecisionRecorded(v1::DECISION_OUTCOME_APPROVED);

#ifndef TRUSTFIT_SERVER_OPS_DECISION_METRICS_H_
#define TRUSTFIT_SERVER_OPS_DECISION_METRICS_H_

#include "absl/strings/string_view.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::server {

class DecisionMetrics {
 public:
  // Registers the counters on `registry`, which must outlive this.
  explicit DecisionMetrics(prometheus::Registry& registry);

  // A new decision (not a retry's); an approval also opens an arrangement.
  void DecisionRecorded(trustfit::v1::DecisionOutcome outcome);
  // A step recorded on an arrangement.
  void EventRecorded(trustfit::v1::ArrangementEventKind kind);
  // A step refused, by reason ("INVALID" for a malformed request).
  void StepRefused(absl::string_view reason);

 private:
  prometheus::Family<prometheus::Counter>& decisions_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& refused_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_DECISION_METRICS_H_
