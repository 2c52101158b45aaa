#include "scoring/portfolio.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "scoring/field_violations.h"
#include "scoring/status_macros.h"

namespace trustfit::scoring {

namespace v1 = ::trustfit::v1;

double CommittedDays(const v1::Assessment& assessment) {
  if (!assessment.capacity().has_net_days()) return 0;
  return std::max(0.0, -assessment.capacity().net_days());
}

absl::Status AssessWithPortfolio(
    const Policy& policy, const v1::Candidate& candidate,
    const v1::Cluster& cluster,
    const std::vector<v1::PortfolioCommitment>& commitments,
    v1::Assessment* out, const AssessOptions& options) {
  FieldViolations violations;
  std::vector<const v1::PortfolioCommitment*> counted;
  double days = 0;
  for (size_t i = 0; i < commitments.size(); ++i) {
    const v1::PortfolioCommitment& c = commitments[i];
    if (!std::isfinite(c.committed_days()) || c.committed_days() < 0) {
      violations.Add(absl::StrCat("commitments[", i, "].committed_days"),
                     "must be a number of days, at least 0");
      continue;
    }
    if (c.urn() == candidate.identity().urn()) continue;
    counted.push_back(&c);
    days += c.committed_days();
  }
  if (!violations.empty()) return violations.ToStatus("invalid portfolio");
  // Scoring sees one cluster whose committed days are the whole portfolio's,
  // so the capacity factor, its utilisation and the gate all count it.
  v1::Cluster with_portfolio = cluster;
  with_portfolio.set_committed_days(cluster.committed_days() + days);
  TRUSTFIT_RETURN_IF_ERROR(
      AssessInto(policy, candidate, with_portfolio, out, options));
  v1::CapacityAnalysis* capacity = out->mutable_capacity();
  if (!counted.empty()) {
    capacity->set_configured_committed_days(cluster.committed_days());
  }
  for (const v1::PortfolioCommitment* c : counted) {
    *capacity->add_counted_arrangements() = *c;
  }
  return absl::OkStatus();
}

}  // namespace trustfit::scoring
