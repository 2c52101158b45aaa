// Capacity (§3.1): whether the school supports or drains its cluster, in
// days of executive support per year, and whether the cluster can give them.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/curve.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

double NeedForBand(const v1::BandDays& days, v1::Band band) {
  switch (band) {
    case v1::BAND_STRONG:
      return days.strong();
    case v1::BAND_SECURE:
      return days.secure();
    case v1::BAND_DEVELOPING:
      return days.developing();
    default:
      return days.concern();
  }
}

}  // namespace

void ScoreCapacity(const AssessmentContext& ctx,
                   const v1::CriterionResult& standards,
                   const v1::CriterionResult& leadership,
                   const v1::CriterionResult& finance,
                   v1::CapacityAnalysis* analysis, v1::CriterionResult* out) {
  out->set_criterion(v1::CRITERION_CAPACITY);
  out->set_weight(ctx.rules.weights().capacity());
  const auto& rules = ctx.rules.capacity();
  const auto& leaders = ctx.candidate.leadership();

  // Offer: system leaders and specialisms. Missing counts offer nothing.
  double offer =
      leaders.national_leaders_of_education() * rules.national_leader_days() +
      leaders.local_leaders_of_education() * rules.local_leader_days() +
      leaders.specialist_leaders_of_education() *
          rules.specialist_leader_days();
  bool strategic = false;
  for (int specialism : ctx.candidate.identity().specialisms()) {
    const auto& offers = rules.specialisms();
    auto it = std::find_if(offers.begin(), offers.end(),
                           [&](const v1::SpecialismOffer& o) {
                             return o.specialism() == specialism;
                           });
    if (it == offers.end()) {
      offer += rules.other_specialism_days();
    } else {
      offer += it->days();
      strategic = strategic || it->strategic();
    }
  }
  analysis->set_offer_days(offer);
  analysis->set_strategic_specialism(strategic);
  analysis->set_cluster_spare_days(ctx.cluster.support_capacity_days() -
                                   ctx.cluster.committed_days());

  v1::FactorResult* f = AddFactor(out, "capacity.net_support", 1);
  if (!standards.has_score() && !leadership.has_score()) {
    MarkMissing(
        f, ReasonCode::kCapacityDataMissing, {"standards", "leadership"},
        "Neither standards nor leadership could be scored, so the support the "
        "school needs is unknown.");
    return;
  }

  // Need: the larger of the standards and leadership bands' days, plus extra
  // when finance is a concern.
  std::vector<std::string> because;
  double need = 0;
  for (const v1::CriterionResult* c : {&standards, &leadership}) {
    if (!c->has_score()) continue;
    const double days = NeedForBand(rules.need_days_by_band(), c->band());
    need = std::max(need, days);
    because.push_back(absl::StrCat(c == &standards ? "standards" : "leadership",
                                   " ", BandName(c->band())));
  }
  if (finance.has_score() && finance.band() == v1::BAND_CONCERN) {
    need += rules.finance_concern_extra_days();
    because.push_back("finance Concern");
  }
  const double net = offer - need;
  analysis->set_need_days(need);
  analysis->set_net_days(net);

  const double net_need = std::max(0.0, -net);
  const double capacity_days = ctx.cluster.support_capacity_days();
  if (capacity_days > 0) {
    analysis->set_utilisation_pct(Round2(
        100.0 * (ctx.cluster.committed_days() + net_need) / capacity_days));
  }
  // Days missing = need - offer - spare (§3.4); spare is negative when the
  // cluster is already over-committed, and a contributor can cover that.
  analysis->set_overstretched(-net - analysis->cluster_spare_days() > 0);

  const double score = EvaluateCurve(rules.net_days(), net);
  const bool contributor = net >= 0;
  MarkScored(f, net,
             absl::StrCat("offers ", FormatNumber(offer), ", needs ",
                          FormatNumber(need), " days a year"),
             score,
             contributor ? ReasonCode::kCapacityNetContributor
                         : ReasonCode::kCapacityNetDrain,
             absl::StrCat(
                 "The school can offer ", FormatNumber(offer),
                 " days of support a year and needs ", FormatNumber(need), " (",
                 absl::StrJoin(because, ", "),
                 "): ", contributor ? "a net contribution of" : "a net need of",
                 " ", FormatNumber(std::abs(net)), " days; scores ",
                 FormatNumber(Round2(score)), "."));
}

}  // namespace trustfit::scoring
