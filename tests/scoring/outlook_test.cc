// The outlook of an assessment (§3.6): provisional recommendation, score
// range over the missing inputs, possible gates, and the data to collect.

#include "scoring/outlook.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/assess_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::Contains;
using ::testing::Not;
using ::trustfit::testing::GoldenCandidate;

// Roundhay School as the public file has it: no finance, leadership,
// governance or ethos ratings, no safeguarding outcome, no governance stage.
v1::Candidate PublicData() { return GoldenCandidate("public_data"); }

// The public-data school with every missing input at its worst under the
// default policy's curves.
v1::Candidate AtWorst() {
  v1::Candidate c = PublicData();
  auto* leadership = c.mutable_leadership();
  leadership->set_headteacher_status(v1::HEADTEACHER_STATUS_VACANT);
  leadership->set_staff_turnover_pct(40);
  auto* inspection = c.mutable_standards()->mutable_legacy_inspection();
  inspection->set_leadership_and_management(v1::LEGACY_GRADE_INADEQUATE);
  c.mutable_governance()->mutable_governance_rating()->set_rating(1);
  auto* f = c.mutable_finance();
  f->set_total_income_pence(1'000'000'000);
  f->set_total_expenditure_pence(1'100'000'000);
  f->set_in_year_balance_pence(-100'000'000);
  f->set_revenue_reserves_pence(-10'000'000);
  f->set_staff_costs_pence(1'000'000'000);
  f->add_pupil_forecast(2000);
  c.mutable_ethos()->mutable_values_alignment()->set_rating(1);
  c.mutable_ethos()->mutable_inclusion_commitment()->set_rating(1);
  return c;
}

// ... and at its best.
v1::Candidate AtBest() {
  v1::Candidate c = PublicData();
  auto* leadership = c.mutable_leadership();
  leadership->set_headteacher_status(v1::HEADTEACHER_STATUS_SUBSTANTIVE);
  leadership->set_headteacher_years_in_post(8);
  leadership->set_staff_turnover_pct(5);
  auto* inspection = c.mutable_standards()->mutable_legacy_inspection();
  inspection->set_leadership_and_management(v1::LEGACY_GRADE_OUTSTANDING);
  c.mutable_governance()->mutable_governance_rating()->set_rating(4);
  auto* f = c.mutable_finance();
  f->set_total_income_pence(1'000'000'000);
  f->set_total_expenditure_pence(950'000'000);
  f->set_in_year_balance_pence(50'000'000);
  f->set_revenue_reserves_pence(200'000'000);
  f->set_staff_costs_pence(700'000'000);
  f->add_pupil_forecast(2500);
  c.mutable_ethos()->mutable_values_alignment()->set_rating(4);
  c.mutable_ethos()->mutable_inclusion_commitment()->set_rating(4);
  return c;
}

TEST(Outlook, CompleteDataHasAZeroWidthRangeAndProvisionalIsFinal) {
  for (const char* name :
       {"strong_local", "coasting", "deficit", "catholic", "far_high_performer",
        "safeguarding_not_met", "report_card_church"}) {
    SCOPED_TRACE(name);
    const v1::Assessment a = AssessOrDie(GoldenCandidate(name));
    ASSERT_EQ(a.completeness_pct(), 100);
    const v1::Outlook& o = a.outlook();
    EXPECT_FALSE(o.is_provisional());
    EXPECT_EQ(o.min_overall(), a.overall_score());
    EXPECT_EQ(o.max_overall(), a.overall_score());
    EXPECT_EQ(o.provisional().SerializeAsString(),
              a.recommendation().SerializeAsString());
    EXPECT_EQ(o.worst_arrangement(), a.recommendation().arrangement());
    EXPECT_EQ(o.best_arrangement(), a.recommendation().arrangement());
    EXPECT_EQ(o.collect_first_size(), 0);
    EXPECT_EQ(o.possible_gates_size(), 0);
  }
}

TEST(Outlook, PublicDataGetsAProvisionalRecommendation) {
  const v1::Assessment a = AssessOrDie(PublicData());
  ASSERT_EQ(a.recommendation().arrangement(),
            v1::ARRANGEMENT_INSUFFICIENT_DATA);
  const v1::Outlook& o = a.outlook();
  EXPECT_TRUE(o.is_provisional());
  EXPECT_EQ(o.provisional().arrangement(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(o.provisional().rule(), "RULE_TRUST_PARTNERSHIP");
  EXPECT_EQ(o.provisional().term_months(), 12);
}

TEST(Outlook, TheRangeIsReachedByTheWorstAndBestInputs) {
  const v1::Assessment a = AssessOrDie(PublicData());
  const v1::Outlook& o = a.outlook();
  EXPECT_LE(o.min_overall(), a.overall_score());
  EXPECT_GE(o.max_overall(), a.overall_score());
  // Real candidates with every missing input at an extreme reach the bounds.
  EXPECT_EQ(AssessOrDie(AtWorst()).overall_score(), o.min_overall());
  EXPECT_EQ(AssessOrDie(AtBest()).overall_score(), o.max_overall());
  EXPECT_EQ(o.min_band(), v1::BAND_DEVELOPING);
  EXPECT_EQ(o.max_band(), v1::BAND_STRONG);
}

TEST(Outlook, AnUnknownSafeguardingOutcomeCanStillBlockEverything) {
  const v1::Outlook o = AssessOrDie(PublicData()).outlook();
  EXPECT_THAT(o.possible_gates(), Contains("STANDARDS_SAFEGUARDING_NOT_MET"));
  EXPECT_EQ(o.worst_arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
  EXPECT_EQ(o.worst_rule(), "RULE_GATE_BLOCKS_ALL");
  // Known and met, it cannot.
  v1::Candidate met = PublicData();
  met.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(true);
  EXPECT_THAT(AssessOrDie(met).outlook().possible_gates(),
              Not(Contains("STANDARDS_SAFEGUARDING_NOT_MET")));
}

TEST(Outlook, UnknownReservesCouldCapAtPartner) {
  const v1::Outlook o = AssessOrDie(PublicData()).outlook();
  EXPECT_THAT(o.possible_gates(),
              Contains("FINANCE_RESERVES_DEFICIT_BEYOND_LIMIT"));
  bool found = false;
  for (const auto& c : o.collect_first()) {
    if (c.code() != "FINANCE_RESERVES_DATA_MISSING") continue;
    found = true;
    EXPECT_TRUE(c.can_change_provisional());  // Partner, at worst.
    EXPECT_EQ(c.factor(), "finance.reserves");
  }
  EXPECT_TRUE(found);
}

TEST(Outlook, TheBestCaseResolvesAnUnknownGovernanceStage) {
  const v1::Outlook o = AssessOrDie(PublicData()).outlook();
  EXPECT_EQ(o.best_arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  const auto& last = o.collect_first(o.collect_first_size() - 1);
  EXPECT_EQ(last.code(), "GOVERNANCE_STAGE_DATA_MISSING");
  EXPECT_TRUE(last.can_change_provisional());
  // Exploring is known: not missing, and the best case stays exploring.
  v1::Candidate exploring = PublicData();
  exploring.mutable_governance()->set_stage(v1::GOVERNANCE_STAGE_EXPLORING);
  const v1::Outlook known = AssessOrDie(exploring).outlook();
  for (const auto& c : known.collect_first()) {
    EXPECT_NE(c.code(), "GOVERNANCE_STAGE_DATA_MISSING");
  }
  EXPECT_NE(known.best_arrangement(), v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
}

TEST(Outlook, DataToCollectIsOrderedByPointsAtStake) {
  const v1::Outlook o = AssessOrDie(PublicData()).outlook();
  ASSERT_GT(o.collect_first_size(), 3);
  for (int i = 1; i < o.collect_first_size(); ++i) {
    EXPECT_GE(o.collect_first(i - 1).points_at_stake(),
              o.collect_first(i).points_at_stake());
  }
  EXPECT_GT(o.collect_first(0).points_at_stake(), 0);
}

TEST(Outlook, PointsAtStakeAreWhatTheInputAloneMoves) {
  // Only governance missing from a complete school: its stake is what the
  // rubric's worst and best scores make of the overall.
  v1::Candidate c = GoldenCandidate("strong_local");
  c.mutable_governance()->clear_governance_rating();
  const v1::Outlook o = AssessOrDie(c).outlook();
  ASSERT_EQ(o.collect_first_size(), 1);
  v1::Candidate weak = c, strong = c;
  weak.mutable_governance()->mutable_governance_rating()->set_rating(1);
  strong.mutable_governance()->mutable_governance_rating()->set_rating(4);
  const double low = AssessOrDie(weak).overall_score();
  const double high = AssessOrDie(strong).overall_score();
  EXPECT_EQ(o.min_overall(), low);
  EXPECT_EQ(o.max_overall(), high);
  EXPECT_NEAR(o.collect_first(0).points_at_stake(), high - low, 0.005);
  EXPECT_EQ(o.collect_first(0).code(), "LEADERSHIP_GOVERNANCE_DATA_MISSING");
  EXPECT_FALSE(o.collect_first(0).can_change_provisional());
}

TEST(Outlook, AnUnknownLocationCouldBeBeyondTheRadius) {
  v1::Candidate c = GoldenCandidate("strong_local");
  c.clear_location();
  const v1::Assessment a = AssessOrDie(c);
  EXPECT_THAT(a.outlook().possible_gates(),
              Contains("LOCATION_BEYOND_CLUSTER_RADIUS"));
  EXPECT_EQ(a.outlook().best_arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_NE(a.outlook().worst_arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
}

TEST(Outlook, NothingKnownStillHasARange) {
  v1::Candidate bare;
  bare.mutable_identity()->set_urn("100000");
  bare.mutable_identity()->set_name("Bare");
  const v1::Outlook o = AssessOrDie(bare).outlook();
  EXPECT_LT(o.min_overall(), o.max_overall());
  EXPECT_EQ(o.worst_arrangement(), v1::ARRANGEMENT_NOT_RECOMMENDED);
}

TEST(Outlook, EveryFactorHasBoundsUnderThePolicy) {
  v1::Candidate bare;
  bare.mutable_identity()->set_urn("100000");
  bare.mutable_identity()->set_name("Bare");
  const Policy& policy = Policy::Default();
  const v1::Cluster& north = *policy.FindCluster("north");
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), north,
                              bare};
  const v1::Assessment assessment = AssessOrDie(bare);
  for (const auto& c : assessment.criteria()) {
    for (const auto& f : c.factors()) {
      const std::optional<ScoreBounds> bounds =
          FactorScoreBounds(ctx, f.factor());
      ASSERT_TRUE(bounds.has_value()) << f.factor();
      EXPECT_LE(0, bounds->worst) << f.factor();
      EXPECT_LT(bounds->worst, bounds->best) << f.factor();
      EXPECT_LE(bounds->best, 100) << f.factor();
    }
  }
  EXPECT_FALSE(FactorScoreBounds(ctx, "standards.no_such_factor").has_value());
}

}  // namespace
}  // namespace trustfit::scoring
