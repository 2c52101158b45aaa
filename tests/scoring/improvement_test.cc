// "What would it take" (§3.7): paths that reach their target when applied,
// blockers named when there is none, and the greedy search against brute
// force on small cases.

#include "scoring/improvement.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/levers.h"
#include "scoring/recommendation.h"
#include "tests/scoring/assess_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::trustfit::testing::EditedPolicy;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;
using ::trustfit::testing::ValueOrDie;

v1::ImprovementPath PathOrDie(const v1::Candidate& candidate,
                              v1::Arrangement target,
                              const Policy& policy = Policy::Default(),
                              const std::string& cluster = "north") {
  return ValueOrDie(FindImprovementPath(policy, candidate,
                                        *policy.FindCluster(cluster), target));
}

// The candidate with the path's changes applied, as a program would apply
// them: by field, with the numeric value.
v1::Candidate Applied(v1::Candidate candidate,
                      const v1::ImprovementPath& path) {
  for (const v1::InputChange& change : path.changes()) {
    const Lever* lever = FindLever(change.field());
    EXPECT_NE(lever, nullptr) << change.field();
    if (lever != nullptr) lever->apply(change.value(), &candidate);
  }
  return candidate;
}

// The arrangement re-scoring gives: the recommendation, or the provisional
// one while data is incomplete.
v1::Arrangement Effective(const v1::Assessment& a) {
  return a.recommendation().arrangement() == v1::ARRANGEMENT_INSUFFICIENT_DATA
             ? a.outlook().provisional().arrangement()
             : a.recommendation().arrangement();
}

std::vector<std::string> Fields(const v1::ImprovementPath& path) {
  std::vector<std::string> fields;
  for (const auto& c : path.changes()) fields.push_back(c.field());
  return fields;
}

std::vector<std::string> BlockerCodes(const v1::ImprovementPath& path) {
  std::vector<std::string> codes;
  for (const auto& b : path.blockers()) codes.push_back(b.code());
  return codes;
}

TEST(ImprovementPath, AnExploringSchoolNeedsItsGovernorsToResolve) {
  const v1::Candidate coasting = GoldenCandidate("coasting");
  ASSERT_EQ(coasting.governance().stage(), v1::GOVERNANCE_STAGE_EXPLORING);
  const v1::ImprovementPath path =
      PathOrDie(coasting, v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(path.from_arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  ASSERT_TRUE(path.reachable()) << path.DebugString();
  EXPECT_THAT(Fields(path), Contains("governance.stage"));
  EXPECT_EQ(path.changes(0).field(), "governance.stage");
  EXPECT_EQ(path.changes(0).value_now(), "GOVERNANCE_STAGE_EXPLORING");
  EXPECT_EQ(path.changes(0).value_needed(),
            "GOVERNANCE_STAGE_GOVERNORS_RESOLVED");
  EXPECT_EQ(path.changes(0).satisfies(), "RULE_ASSOCIATE_INTEGRATION");
  const v1::Assessment after = AssessOrDie(Applied(coasting, path));
  EXPECT_EQ(after.recommendation().arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(after.overall_score(), path.overall_after());
}

TEST(ImprovementPath, TheDefaultTargetIsTheNextBetterArrangement) {
  const v1::ImprovementPath path =
      PathOrDie(GoldenCandidate("coasting"), v1::ARRANGEMENT_UNSPECIFIED);
  EXPECT_EQ(path.target_arrangement(), v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  ASSERT_TRUE(path.reachable());
  EXPECT_GE(ArrangementRank(Effective(
                AssessOrDie(Applied(GoldenCandidate("coasting"), path)))),
            ArrangementRank(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC));
}

TEST(ImprovementPath, AlreadyThereNeedsNoChange) {
  const v1::ImprovementPath path = PathOrDie(GoldenCandidate("strong_local"),
                                             v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_TRUE(path.reachable());
  EXPECT_EQ(path.changes_size(), 0);
  const v1::ImprovementPath best =
      PathOrDie(GoldenCandidate("strong_local"), v1::ARRANGEMENT_UNSPECIFIED);
  EXPECT_EQ(best.target_arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_TRUE(best.reachable());
}

TEST(ImprovementPath, AReligiousCharacterTheTrustDoesNotAcceptBlocks) {
  const v1::ImprovementPath path =
      PathOrDie(GoldenCandidate("catholic"), v1::ARRANGEMENT_PARTNER);
  EXPECT_FALSE(path.reachable());
  EXPECT_THAT(BlockerCodes(path),
              Contains("ETHOS_RELIGIOUS_CHARACTER_NOT_ACCEPTED"));
}

TEST(ImprovementPath, BeyondTheRadiusNoChangeMakesAnIntegratingAssociate) {
  const v1::ImprovementPath path =
      PathOrDie(GoldenCandidate("far_high_performer"),
                v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_FALSE(path.reachable());
  EXPECT_THAT(BlockerCodes(path), Contains("LOCATION_BEYOND_CLUSTER_RADIUS"));
}

TEST(ImprovementPath, ADeficitGateIsClearedOnlyByARecoveryPlan) {
  const v1::Candidate deficit = GoldenCandidate("deficit");
  const v1::ImprovementPath path =
      PathOrDie(deficit, v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  ASSERT_TRUE(path.reachable()) << path.DebugString();
  EXPECT_THAT(Fields(path), Contains("finance.recovery_plan_agreed"));
  EXPECT_THAT(Fields(path),
              ::testing::Not(Contains("finance.revenue_reserves_pence")));
  const v1::Assessment after = AssessOrDie(Applied(deficit, path));
  EXPECT_GE(ArrangementRank(Effective(after)),
            ArrangementRank(v1::ARRANGEMENT_TRUST_PARTNERSHIP));
  // With no recovery plan among the levers, the gate blocks.
  const Policy no_plan = EditedPolicy([](v1::Policy* p) {
    auto* fields = p->mutable_scoring()
                       ->mutable_improvement()
                       ->mutable_actionable_fields();
    fields->erase(std::remove(fields->begin(), fields->end(),
                              "finance.recovery_plan_agreed"),
                  fields->end());
  });
  const v1::ImprovementPath blocked =
      PathOrDie(deficit, v1::ARRANGEMENT_TRUST_PARTNERSHIP, no_plan);
  EXPECT_FALSE(blocked.reachable());
  EXPECT_THAT(BlockerCodes(blocked),
              Contains("FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT"));
}

TEST(ImprovementPath, SafeguardingNotMetIsClearedBySafeguardingMet) {
  const v1::Candidate school = GoldenCandidate("safeguarding_not_met");
  const v1::ImprovementPath path = PathOrDie(school, v1::ARRANGEMENT_PARTNER);
  ASSERT_TRUE(path.reachable()) << path.DebugString();
  EXPECT_THAT(Fields(path),
              Contains("standards.legacy_inspection.safeguarding_effective"));
  EXPECT_EQ(Effective(AssessOrDie(Applied(school, path))),
            v1::ARRANGEMENT_PARTNER);
}

TEST(ImprovementPath, PublicDataIsJudgedProvisionally) {
  const v1::Candidate school = GoldenCandidate("public_data");
  const v1::ImprovementPath path =
      PathOrDie(school, v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_TRUE(path.from_provisional());
  ASSERT_TRUE(path.reachable()) << path.DebugString();
  EXPECT_THAT(Fields(path), Contains("governance.stage"));
  EXPECT_TRUE(path.after_is_provisional());
  EXPECT_EQ(Effective(AssessOrDie(Applied(school, path))),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
}

TEST(ImprovementPath, EveryChangeSaysFromWhatToWhat) {
  const v1::ImprovementPath path = PathOrDie(
      GoldenCandidate("coasting"), v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  ASSERT_GT(path.changes_size(), 0);
  for (const auto& change : path.changes()) {
    EXPECT_NE(change.value_now(), change.value_needed()) << change.field();
    EXPECT_FALSE(change.explanation().empty());
    EXPECT_FALSE(change.satisfies().empty());
  }
  EXPECT_GT(path.evaluations(), 0);
  EXPECT_EQ(path.max_changes(), 8);
}

TEST(ImprovementPath, ATargetThatIsNoArrangementIsRefused) {
  const Policy& policy = Policy::Default();
  for (v1::Arrangement target :
       {v1::ARRANGEMENT_NOT_RECOMMENDED, v1::ARRANGEMENT_INSUFFICIENT_DATA}) {
    EXPECT_THAT(
        FindImprovementPath(policy, GoldenCandidate("coasting"),
                            *policy.FindCluster("north"), target)
            .status(),
        HasViolation("target_arrangement", "not an arrangement to aim for"));
  }
}

TEST(ImprovementPath, AnInvalidCandidateIsRefused) {
  v1::Candidate bad = GoldenCandidate("coasting");
  bad.mutable_identity()->clear_urn();
  const Policy& policy = Policy::Default();
  EXPECT_THAT(FindImprovementPath(policy, bad, *policy.FindCluster("north"),
                                  v1::ARRANGEMENT_UNSPECIFIED)
                  .status(),
              HasViolation("candidate.identity.urn", "required"));
}

TEST(ImprovementPath, WithNothingActionableTheRuleBlocks) {
  const Policy none = EditedPolicy([](v1::Policy* p) {
    p->mutable_scoring()->mutable_improvement()->clear_actionable_fields();
  });
  const v1::ImprovementPath path = PathOrDie(
      GoldenCandidate("coasting"), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION, none);
  EXPECT_FALSE(path.reachable());
  EXPECT_EQ(path.changes_size(), 0);
  ASSERT_THAT(BlockerCodes(path), Contains("RULE_ASSOCIATE_INTEGRATION"));
  EXPECT_THAT(path.blockers(0).explanation(), HasSubstr("governance.stage"));
}

// A candidate with random values in the inputs the levers and gates read.
v1::Candidate RandomCandidate(std::mt19937* rng) {
  static const char* const kBases[] = {
      "strong_local",       "coasting",    "deficit",
      "report_card_church", "public_data", "safeguarding_not_met",
      "far_high_performer", "catholic"};
  auto pick = [rng](int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(*rng);
  };
  auto real = [rng](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(*rng);
  };
  // Parsed once each: the test scores hundreds of them.
  static auto* const parsed = new std::map<std::string, v1::Candidate>();
  const std::string base = kBases[pick(std::size(kBases))];
  if (parsed->count(base) == 0) (*parsed)[base] = GoldenCandidate(base);
  v1::Candidate c = parsed->at(base);
  c.mutable_governance()->set_stage(static_cast<v1::GovernanceStage>(pick(4)));
  if (pick(4) == 0) {
    c.mutable_governance()->clear_governance_rating();
  } else {
    c.mutable_governance()->mutable_governance_rating()->set_rating(1 +
                                                                    pick(4));
  }
  c.mutable_standards()->set_overall_absence_pct(std::round(real(3, 12) * 10) /
                                                 10);
  c.mutable_leadership()->set_staff_turnover_pct(std::round(real(5, 40)));
  c.mutable_leadership()->set_national_leaders_of_education(pick(2));
  c.mutable_leadership()->set_headteacher_status(
      static_cast<v1::HeadteacherStatus>(1 + pick(4)));
  c.mutable_leadership()->set_headteacher_years_in_post(pick(8));
  if (c.finance().has_total_income_pence()) {
    const int64_t income = c.finance().total_income_pence();
    c.mutable_finance()->set_in_year_balance_pence(
        static_cast<int64_t>(income * real(-0.06, 0.04)));
    c.mutable_finance()->set_notice_to_improve(pick(8) == 0);
  }
  return c;
}

TEST(ImprovementPath, AppliedChangesReachTheTargetEveryTime) {
  std::mt19937 rng(20261201);
  int reachable = 0, unreachable = 0;
  for (int i = 0; i < 300; ++i) {
    const v1::Candidate candidate = RandomCandidate(&rng);
    const v1::ImprovementPath path =
        PathOrDie(candidate, v1::ARRANGEMENT_UNSPECIFIED);
    if (!path.reachable()) {
      ++unreachable;
      EXPECT_GT(path.blockers_size(), 0) << candidate.DebugString();
      continue;
    }
    ++reachable;
    const v1::Assessment after = AssessOrDie(Applied(candidate, path));
    EXPECT_GE(ArrangementRank(Effective(after)),
              ArrangementRank(path.target_arrangement()))
        << candidate.DebugString() << path.DebugString();
    EXPECT_EQ(after.overall_score(), path.overall_after());
    EXPECT_LE(path.changes_size(), path.max_changes());
  }
  EXPECT_GT(reachable, 200);  // The cases are mostly reachable...
  EXPECT_GT(unreachable, 0);  // ...and some are not.
  std::cout << "random candidates: " << reachable << " reachable, "
            << unreachable << " not\n";
}

// The fewest changes of the policy's levers that reach `target`, by trying
// every combination of their options (and leaving each alone).
std::optional<int> BruteForce(const Policy& policy,
                              const v1::Candidate& candidate,
                              v1::Arrangement target) {
  const v1::Cluster& north = *policy.FindCluster("north");
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), north,
                              candidate};
  std::vector<std::pair<const Lever*, std::vector<double>>> levers;
  for (const std::string& field :
       policy.scoring().improvement().actionable_fields()) {
    const Lever* lever = FindLever(field);
    levers.push_back({lever, lever->options(ctx)});
  }
  std::optional<int> best;
  std::vector<size_t> choice(levers.size(), 0);  // 0: unchanged.
  while (true) {
    v1::Candidate changed = candidate;
    int changes = 0;
    for (size_t i = 0; i < levers.size(); ++i) {
      if (choice[i] == 0) continue;
      levers[i].first->apply(levers[i].second[choice[i] - 1], &changed);
      ++changes;
    }
    if (!best.has_value() || changes < *best) {
      const v1::Assessment a = ValueOrDie(Assess(policy, changed, north));
      if (ArrangementRank(Effective(a)) >= ArrangementRank(target)) {
        best = changes;
      }
    }
    size_t i = 0;
    while (i < levers.size() && ++choice[i] > levers[i].second.size()) {
      choice[i++] = 0;
    }
    if (i == levers.size()) return best;
  }
}

TEST(ImprovementPath, GreedyAgainstBruteForceOnSmallCases) {
  const Policy few = EditedPolicy([](v1::Policy* p) {
    auto* rules = p->mutable_scoring()->mutable_improvement();
    rules->clear_actionable_fields();
    for (const char* field :
         {"governance.stage", "governance.governance_rating.rating",
          "leadership.staff_turnover_pct", "standards.overall_absence_pct",
          "leadership.specialist_leaders_of_education"}) {
      rules->add_actionable_fields(field);
    }
  });
  std::mt19937 rng(7);
  int cases = 0, optimal = 0, longer_by_one = 0, missed = 0;
  for (int i = 0; i < 40; ++i) {
    const v1::Candidate candidate = RandomCandidate(&rng);
    for (v1::Arrangement target : {v1::ARRANGEMENT_ASSOCIATE_STRATEGIC,
                                   v1::ARRANGEMENT_ASSOCIATE_INTEGRATION}) {
      const std::optional<int> fewest = BruteForce(few, candidate, target);
      const v1::ImprovementPath path = PathOrDie(candidate, target, few);
      if (!fewest.has_value()) {
        EXPECT_FALSE(path.reachable()) << candidate.DebugString();
        continue;
      }
      ++cases;
      if (!path.reachable()) {
        ++missed;
        continue;
      }
      const int extra = path.changes_size() - *fewest;
      optimal += extra == 0;
      longer_by_one += extra == 1;
      EXPECT_EQ(extra, 0) << candidate.DebugString() << path.DebugString();
    }
  }
  std::cout << "brute force: " << cases
            << " reachable cases; greedy optimal in " << optimal
            << ", one change longer in " << longer_by_one << ", missed "
            << missed << "\n";
  EXPECT_GT(cases, 20);
  EXPECT_EQ(missed, 0);
}

}  // namespace
}  // namespace trustfit::scoring
