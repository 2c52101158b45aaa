#include "server/ops/decision_metrics.h"

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

// "approved" for DECISION_OUTCOME_APPROVED: the enum name without its
// prefix, lower case, as Prometheus labels usually are.
std::string Label(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::StripPrefix(name, prefix));
}

}  // namespace

DecisionMetrics::DecisionMetrics(prometheus::Registry& registry)
    : decisions_(prometheus::BuildCounter()
                     .Name("trustfit_decisions_total")
                     .Help("Board decisions recorded, by outcome.")
                     .Register(registry)),
      events_(prometheus::BuildCounter()
                  .Name("trustfit_arrangement_events_total")
                  .Help("Arrangement events recorded, by kind (an approval "
                        "opens one).")
                  .Register(registry)),
      refused_(prometheus::BuildCounter()
                   .Name("trustfit_arrangement_steps_refused_total")
                   .Help("Arrangement steps refused, by reason.")
                   .Register(registry)) {
  // Outcomes and kinds are closed sets: each series exists at 0 from the
  // start, so a rate over it is defined before the first board meeting.
  for (int i = v1::DecisionOutcome_MIN + 1; i <= v1::DecisionOutcome_MAX; ++i) {
    if (!v1::DecisionOutcome_IsValid(i)) continue;
    decisions_.Add(
        {{"outcome", Label(v1::DecisionOutcome_Name(i), "DECISION_OUTCOME_")}});
  }
  for (int i = v1::ArrangementEventKind_MIN + 1;
       i <= v1::ArrangementEventKind_MAX; ++i) {
    if (!v1::ArrangementEventKind_IsValid(i)) continue;
    events_.Add({{"kind", Label(v1::ArrangementEventKind_Name(i),
                                "ARRANGEMENT_EVENT_KIND_")}});
  }
}

void DecisionMetrics::DecisionRecorded(v1::DecisionOutcome outcome) {
  decisions_
      .Add({{"outcome",
             Label(v1::DecisionOutcome_Name(outcome), "DECISION_OUTCOME_")}})
      .Increment();
  if (outcome == v1::DECISION_OUTCOME_APPROVED) {
    EventRecorded(v1::ARRANGEMENT_EVENT_KIND_OPENED);
  }
}

void DecisionMetrics::EventRecorded(v1::ArrangementEventKind kind) {
  events_
      .Add({{"kind", Label(v1::ArrangementEventKind_Name(kind),
                           "ARRANGEMENT_EVENT_KIND_")}})
      .Increment();
}

void DecisionMetrics::StepRefused(absl::string_view reason) {
  // Family::Add is thread-safe and returns the same counter for the same
  // labels; steps are rare, so there is nothing to cache.
  refused_.Add({{"reason", std::string(reason)}}).Increment();
}

}  // namespace trustfit::server
