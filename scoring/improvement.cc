#include "scoring/improvement.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "scoring/assess.h"
#include "scoring/field_violations.h"
#include "scoring/levers.h"
#include "scoring/recommendation.h"
#include "scoring/status_macros.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

struct Change {
  const Lever* lever;
  double value;
};

// What re-scoring a candidate with some changes gives.
struct Verdict {
  double overall = 0;
  v1::Arrangement arrangement = v1::ARRANGEMENT_UNSPECIFIED;
  std::string rule;
  bool provisional = false;
  RecommendationInputs inputs;
  std::vector<v1::Gate> gates;
};

AssessOptions NoOutlook() {
  AssessOptions options;
  options.outlook = false;
  return options;
}

bool HoldsBelow(v1::GateEffect effect, v1::Arrangement target) {
  switch (effect) {
    case v1::GATE_EFFECT_BLOCKS_ALL:
      return true;
    case v1::GATE_EFFECT_CAPS_AT_PARTNER:
      return ArrangementRank(target) > ArrangementRank(v1::ARRANGEMENT_PARTNER);
    case v1::GATE_EFFECT_BLOCKS_INTEGRATION:
      return target == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION;
    default:
      return false;
  }
}

class Search {
 public:
  Search(const Policy& policy, const v1::Candidate& candidate,
         const v1::Cluster& cluster)
      : policy_(policy),
        candidate_(candidate),
        cluster_(cluster),
        ctx_{policy.scoring(), policy.proto().trust(), cluster, candidate} {
    for (const std::string& field :
         policy.scoring().improvement().actionable_fields()) {
      if (const Lever* lever = FindLever(field)) enabled_.push_back(lever);
    }
  }

  // Scores the candidate with `changes` applied.
  Verdict Judge(const std::vector<Change>& changes) {
    ++evaluations_;
    v1::Candidate changed = candidate_;
    for (const Change& change : changes) {
      change.lever->apply(change.value, &changed);
    }
    // The candidate was valid and levers keep it so.
    (void)AssessInto(policy_, changed, cluster_, &scratch_, NoOutlook());
    const AssessmentContext ctx{policy_.scoring(), policy_.proto().trust(),
                                cluster_, changed};
    Verdict verdict;
    verdict.overall = scratch_.overall_score();
    verdict.inputs = RecommendationInputsOf(ctx, scratch_);
    verdict.gates.assign(scratch_.gates().begin(), scratch_.gates().end());
    const v1::Recommendation& rec = scratch_.recommendation();
    verdict.arrangement = rec.arrangement();
    verdict.rule = rec.rule();
    if (rec.arrangement() == v1::ARRANGEMENT_INSUFFICIENT_DATA) {
      RecommendationInputs provisional = verdict.inputs;
      provisional.apply_completeness_minimum = false;
      const ArrangementChoice choice =
          ChooseArrangement(policy_.scoring().recommendation(), provisional);
      verdict.arrangement = choice.arrangement;
      verdict.rule = std::string(ReasonCodeName(choice.rule));
      verdict.provisional = true;
    }
    return verdict;
  }

  bool Reached(const Verdict& v, v1::Arrangement target) const {
    return ArrangementRank(v.arrangement) >= ArrangementRank(target);
  }

  bool Enabled(const Lever* lever) const {
    return std::find(enabled_.begin(), enabled_.end(), lever) != enabled_.end();
  }

  const AssessmentContext& ctx() const { return ctx_; }
  const std::vector<const Lever*>& enabled() const { return enabled_; }
  int evaluations() const { return evaluations_; }

 private:
  const Policy& policy_;
  const v1::Candidate& candidate_;
  const v1::Cluster& cluster_;
  const AssessmentContext ctx_;
  std::vector<const Lever*> enabled_;
  v1::Assessment scratch_;
  int evaluations_ = 0;
};

bool Uses(const std::vector<Change>& changes, const Lever* lever) {
  for (const Change& change : changes) {
    if (change.lever == lever) return true;
  }
  return false;
}

// Steps 1 and 2: the rule condition and the gates only one lever can meet.
void MeetConditionsAndClearGates(Search& search, v1::Arrangement target,
                                 std::vector<Change>* changes) {
  const Lever* stage = FindLever("governance.stage");
  if (target == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION &&
      search.Enabled(stage) &&
      search.ctx().candidate.governance().stage() <
          v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED) {
    changes->push_back({stage, v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED});
  }
  const Verdict now = search.Judge(*changes);
  for (const v1::Gate& gate : now.gates) {
    if (!HoldsBelow(gate.effect(), target)) continue;
    for (const Lever* lever : search.enabled()) {
      const auto& clears = lever->clears_gates;
      const bool names_it = std::any_of(
          clears.begin(), clears.end(),
          [&](ReasonCode code) { return ReasonCodeName(code) == gate.code(); });
      if (!names_it || Uses(*changes, lever)) continue;
      const std::vector<double> options = lever->options(search.ctx());
      if (!options.empty()) changes->push_back({lever, options.front()});
    }
  }
}

// Step 3: one greedy round. Returns false when no lever makes progress.
bool TakeBestLever(Search& search, v1::Arrangement target,
                   std::vector<Change>* changes, Verdict* verdict) {
  std::optional<Change> best;
  Verdict best_verdict;
  for (const Lever* lever : search.enabled()) {
    if (!lever->clears_gates.empty() || Uses(*changes, lever)) continue;
    const std::vector<double> options = lever->options(search.ctx());
    if (options.empty()) continue;
    std::vector<Change> trial = *changes;
    trial.push_back({lever, options.back()});
    const Verdict v = search.Judge(trial);
    const bool reached = search.Reached(v, target);
    const bool best_reached =
        best.has_value() && search.Reached(best_verdict, target);
    if (!best.has_value() || (reached && !best_reached) ||
        (reached == best_reached && v.overall > best_verdict.overall)) {
      best = trial.back();
      best_verdict = v;
    }
  }
  if (!best.has_value()) return false;
  if (!search.Reached(best_verdict, target) &&
      best_verdict.overall <= verdict->overall) {
    return false;  // Nothing left moves the score.
  }
  changes->push_back(*best);
  *verdict = std::move(best_verdict);
  return true;
}

// Step 4: drop what the target does not need, then move each change to the
// value nearest to now that still reaches it.
void Prune(Search& search, v1::Arrangement target,
           std::vector<Change>* changes) {
  for (size_t i = changes->size(); i-- > 0;) {
    std::vector<Change> trial = *changes;
    trial.erase(trial.begin() + i);
    if (search.Reached(search.Judge(trial), target)) *changes = trial;
  }
  for (Change& change : *changes) {
    for (double value : change.lever->options(search.ctx())) {
      if (value == change.value) break;
      std::vector<Change> trial = *changes;
      for (Change& c : trial) {
        if (c.lever == change.lever) c.value = value;
      }
      if (search.Reached(search.Judge(trial), target)) {
        change.value = value;
        break;
      }
    }
  }
}

std::string Threshold(const v1::RecommendationRules& rules,
                      v1::Arrangement target) {
  switch (target) {
    case v1::ARRANGEMENT_ASSOCIATE_INTEGRATION:
      return FormatNumber(rules.integration_min_overall());
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return FormatNumber(rules.strategic_min_overall());
    default:
      return FormatNumber(rules.partnership_min_overall());
  }
}

ReasonCode RuleOf(v1::Arrangement target) {
  switch (target) {
    case v1::ARRANGEMENT_ASSOCIATE_INTEGRATION:
      return ReasonCode::kRuleAssociateIntegration;
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return ReasonCode::kRuleAssociateStrategic;
    case v1::ARRANGEMENT_TRUST_PARTNERSHIP:
      return ReasonCode::kRuleTrustPartnership;
    default:
      return ReasonCode::kRulePartner;
  }
}

void AddBlocker(absl::string_view code, std::string explanation,
                v1::ImprovementPath* path) {
  v1::PathBlocker* blocker = path->add_blockers();
  blocker->set_code(std::string(code));
  blocker->set_explanation(std::move(explanation));
}

// What still holds the school below the target after the search.
void ListBlockers(const Search& search, const Verdict& v,
                  v1::Arrangement target, v1::ImprovementPath* path) {
  const v1::RecommendationRules& rules = search.ctx().rules.recommendation();
  for (const v1::Gate& gate : v.gates) {
    if (!HoldsBelow(gate.effect(), target)) continue;
    AddBlocker(gate.code(),
               absl::StrCat(gate.explanation(),
                            " No input the policy lists as actionable clears "
                            "it."),
               path);
  }
  const RecommendationInputs& in = v.inputs;
  const absl::string_view rule = ReasonCodeName(RuleOf(target));
  const bool integration = target == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION;
  if (integration && !in.has_distance) {
    AddBlocker(ReasonCodeName(ReasonCode::kLocationDataMissing),
               "The school's location is unknown, so it cannot be shown to be "
               "within the cluster radius.",
               path);
  }
  if (integration && in.stage < v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED) {
    AddBlocker(rule,
               "An integrating associate needs its governors' resolution to "
               "join, and governance.stage is not among the policy's "
               "actionable inputs.",
               path);
  }
  if (target == v1::ARRANGEMENT_ASSOCIATE_STRATEGIC &&
      in.offer_days < rules.strategic_min_offer_days() &&
      !in.strategic_specialism) {
    AddBlocker(rule,
               absl::StrCat("A strategic associate needs an offer of ",
                            FormatNumber(rules.strategic_min_offer_days()),
                            " days of support a year or a strategic "
                            "specialism; the school offers ",
                            FormatNumber(in.offer_days), "."),
               path);
  }
  if (target != v1::ARRANGEMENT_PARTNER &&
      ArrangementRank(v.arrangement) < ArrangementRank(target)) {
    AddBlocker(
        rule,
        absl::StrCat("The overall score reaches at most ",
                     FormatNumber(v.overall), " with ", path->changes_size(),
                     " changes of the ", path->max_changes(), " allowed; ",
                     v1::Arrangement_Name(target), " needs ",
                     Threshold(rules, target), "."),
        path);
  }
}

// The changes, each with the points it adds given the others.
void DescribeChanges(Search& search, const std::vector<Change>& changes,
                     const Verdict& after, v1::ImprovementPath* path) {
  for (size_t i = 0; i < changes.size(); ++i) {
    std::vector<Change> without = changes;
    without.erase(without.begin() + i);
    const Verdict before = search.Judge(without);
    const Lever& lever = *changes[i].lever;
    v1::Candidate changed = search.ctx().candidate;
    lever.apply(changes[i].value, &changed);
    v1::InputChange* out = path->add_changes();
    out->set_field(std::string(lever.field));
    out->set_value_now(lever.show(search.ctx().candidate));
    out->set_value_needed(lever.show(changed));
    out->set_value(changes[i].value);
    out->set_points_gained(Round2(after.overall - before.overall));
    if (!lever.clears_gates.empty()) {
      out->set_satisfies(std::string(ReasonCodeName(lever.clears_gates[0])));
      out->set_explanation("Clears the gate its reason names.");
    } else if (lever.field == "governance.stage") {
      out->set_satisfies(
          std::string(ReasonCodeName(ReasonCode::kRuleAssociateIntegration)));
      out->set_explanation(
          "An integrating associate needs its governors' resolution to join.");
    } else {
      out->set_satisfies(std::string(lever.field));
      out->set_explanation(absl::StrCat(
          "Adds ", FormatNumber(out->points_gained()), " overall points."));
    }
  }
  // Rule conditions and gates first, then the most points.
  std::stable_sort(path->mutable_changes()->begin(),
                   path->mutable_changes()->end(),
                   [](const v1::InputChange& x, const v1::InputChange& y) {
                     const bool xs = x.satisfies() != x.field();
                     const bool ys = y.satisfies() != y.field();
                     if (xs != ys) return xs;
                     return x.points_gained() > y.points_gained();
                   });
}

absl::Status CheckTarget(v1::Arrangement target) {
  if (target == v1::ARRANGEMENT_UNSPECIFIED || ArrangementRank(target) >= 2) {
    return absl::OkStatus();
  }
  FieldViolations violations;
  violations.Add("target_arrangement",
                 absl::StrCat(v1::Arrangement_Name(target),
                              " is not an arrangement to aim for: choose "
                              "PARTNER up to ASSOCIATE_INTEGRATION"));
  return violations.ToStatus("invalid improvement request");
}

}  // namespace

absl::StatusOr<v1::ImprovementPath> FindImprovementPath(
    const Policy& policy, const v1::Candidate& candidate,
    const v1::Cluster& cluster, v1::Arrangement target) {
  TRUSTFIT_RETURN_IF_ERROR(CheckTarget(target));
  v1::Assessment validated;
  TRUSTFIT_RETURN_IF_ERROR(
      AssessInto(policy, candidate, cluster, &validated, NoOutlook()));

  Search search(policy, candidate, cluster);
  const Verdict now = search.Judge({});
  v1::ImprovementPath path;
  path.set_from_arrangement(now.arrangement);
  path.set_from_provisional(now.provisional);
  path.set_overall_now(now.overall);
  if (target == v1::ARRANGEMENT_UNSPECIFIED) {
    target = NextBetterArrangement(now.arrangement);
    if (target == v1::ARRANGEMENT_UNSPECIFIED) target = now.arrangement;
  }
  path.set_target_arrangement(target);
  const int max_changes = policy.scoring().improvement().max_changes();
  path.set_max_changes(max_changes);

  std::vector<Change> changes;
  Verdict verdict = now;
  if (!search.Reached(now, target)) {
    MeetConditionsAndClearGates(search, target, &changes);
    verdict = search.Judge(changes);
    while (!search.Reached(verdict, target) &&
           static_cast<int>(changes.size()) < max_changes &&
           TakeBestLever(search, target, &changes, &verdict)) {
    }
    if (search.Reached(verdict, target)) Prune(search, target, &changes);
    verdict = search.Judge(changes);
  }
  path.set_reachable(search.Reached(verdict, target));
  DescribeChanges(search, changes, verdict, &path);
  if (!path.reachable()) ListBlockers(search, verdict, target, &path);
  path.set_overall_after(verdict.overall);
  path.set_arrangement_after(verdict.arrangement);
  path.set_rule_after(verdict.rule);
  path.set_after_is_provisional(verdict.provisional);
  path.set_evaluations(search.evaluations());
  *path.mutable_policy() = policy.ref();
  return path;
}

}  // namespace trustfit::scoring
