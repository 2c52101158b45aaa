#include "server/ops/decision_metrics.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "prometheus/registry.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

// Every series of `name` in `registry`, keyed by its one label's value.
std::map<std::string, double> Series(prometheus::Registry& registry,
                                     const std::string& name) {
  std::map<std::string, double> out;
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      if (metric.label.size() == 1)
        out[metric.label[0].value] = metric.counter.value;
    }
  }
  return out;
}

TEST(DecisionMetricsTest, EveryOutcomeAndKindStartsAtZero) {
  prometheus::Registry registry;
  const DecisionMetrics metrics(registry);
  EXPECT_EQ(Series(registry, "trustfit_decisions_total"),
            (std::map<std::string, double>{{"approved", 0},
                                           {"declined", 0},
                                           {"deferred", 0},
                                           {"withdrawn", 0}}));
  EXPECT_EQ(Series(registry, "trustfit_arrangement_events_total"),
            (std::map<std::string, double>{{"opened", 0},
                                           {"phase_advanced", 0},
                                           {"reviewed", 0},
                                           {"extended", 0},
                                           {"ended", 0}}));
  EXPECT_TRUE(
      Series(registry, "trustfit_arrangement_steps_refused_total").empty());
}

TEST(DecisionMetricsTest, AnApprovalAlsoCountsAnOpenedArrangement) {
  prometheus::Registry registry;
  DecisionMetrics metrics(registry);
  metrics.DecisionRecorded(v1::DECISION_OUTCOME_APPROVED);
  metrics.DecisionRecorded(v1::DECISION_OUTCOME_DECLINED);
  metrics.DecisionRecorded(v1::DECISION_OUTCOME_DECLINED);
  const auto decisions = Series(registry, "trustfit_decisions_total");
  EXPECT_EQ(decisions.at("approved"), 1);
  EXPECT_EQ(decisions.at("declined"), 2);
  EXPECT_EQ(decisions.at("deferred"), 0);
  const auto events = Series(registry, "trustfit_arrangement_events_total");
  EXPECT_EQ(events.at("opened"), 1) << "only the approval opens one";
}

TEST(DecisionMetricsTest, CountsEventsByKind) {
  prometheus::Registry registry;
  DecisionMetrics metrics(registry);
  metrics.EventRecorded(v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED);
  metrics.EventRecorded(v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED);
  metrics.EventRecorded(v1::ARRANGEMENT_EVENT_KIND_ENDED);
  const auto events = Series(registry, "trustfit_arrangement_events_total");
  EXPECT_EQ(events.at("phase_advanced"), 2);
  EXPECT_EQ(events.at("ended"), 1);
  EXPECT_EQ(events.at("opened"), 0);
}

TEST(DecisionMetricsTest, CountsRefusedStepsByTheirReason) {
  prometheus::Registry registry;
  DecisionMetrics metrics(registry);
  metrics.StepRefused("ARRANGEMENT_ENDED");
  metrics.StepRefused("INVALID");
  metrics.StepRefused("INVALID");
  EXPECT_EQ(Series(registry, "trustfit_arrangement_steps_refused_total"),
            (std::map<std::string, double>{{"ARRANGEMENT_ENDED", 1},
                                           {"INVALID", 2}}));
}

}  // namespace
}  // namespace trustfit::server
