// The levers "what would it take" pulls (scoring/levers.h, §3.7): one per
// actionable field, each offering only values better than the school's
// now, nearest first, setting its field and showing it as a reader would.

#include "scoring/levers.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/criteria.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

class LeversTest : public ::testing::Test {
 protected:
  std::vector<double> Options(const std::string& field) {
    const Lever* lever = FindLever(field);
    EXPECT_NE(lever, nullptr) << field;
    if (lever == nullptr) return {};
    const AssessmentContext ctx{policy_.scoring(), policy_.proto().trust(),
                                policy_.proto().clusters(0), candidate_};
    return lever->options(ctx);
  }

  const Policy policy_ = Policy::Default();
  v1::Candidate candidate_;
};

TEST_F(LeversTest, EveryActionableFieldOfTheDefaultPolicyHasALever) {
  for (const std::string& field :
       policy_.scoring().improvement().actionable_fields()) {
    EXPECT_NE(FindLever(field), nullptr) << field;
  }
}

TEST_F(LeversTest, EachFieldHasOneLever) {
  std::set<std::string> fields;
  for (const Lever& lever : AllLevers()) {
    EXPECT_TRUE(fields.insert(std::string(lever.field)).second) << lever.field;
    EXPECT_NE(lever.options, nullptr);
    EXPECT_NE(lever.apply, nullptr);
    EXPECT_NE(lever.show, nullptr);
  }
  EXPECT_EQ(FindLever("standards.shoe_size"), nullptr);
}

TEST_F(LeversTest, AbsenceOffersOnlyLowerRatesThatScoreMoreNearestFirst) {
  // The default curve: 4% → 100, 6% → 75, 8% → 45, 10% → 0.
  candidate_.mutable_standards()->set_overall_absence_pct(9);
  EXPECT_THAT(Options("standards.overall_absence_pct"), ElementsAre(8, 6, 4));
  candidate_.mutable_standards()->set_overall_absence_pct(6);
  EXPECT_THAT(Options("standards.overall_absence_pct"), ElementsAre(4));
  candidate_.mutable_standards()->set_overall_absence_pct(4);
  EXPECT_THAT(Options("standards.overall_absence_pct"), IsEmpty());
}

TEST_F(LeversTest, AMissingRateMayTakeAnyPointOfTheCurve) {
  EXPECT_THAT(Options("standards.overall_absence_pct"),
              ElementsAre(10, 8, 6, 4));
}

TEST_F(LeversTest, ALeverSetsItsFieldAndShowsItAsAReaderSeesIt) {
  const Lever* absence = FindLever("standards.overall_absence_pct");
  ASSERT_NE(absence, nullptr);
  EXPECT_EQ(absence->show(candidate_), "missing");
  absence->apply(6.5, &candidate_);
  EXPECT_DOUBLE_EQ(candidate_.standards().overall_absence_pct(), 6.5);
  EXPECT_EQ(absence->show(candidate_), "6.5%");
}

TEST_F(LeversTest, RatingsOfferOnlyTheRatingsAbove) {
  EXPECT_THAT(Options("governance.governance_rating.rating"),
              ElementsAre(1, 2, 3, 4));
  candidate_.mutable_governance()->mutable_governance_rating()->set_rating(2);
  EXPECT_THAT(Options("governance.governance_rating.rating"),
              ElementsAre(3, 4));
  candidate_.mutable_governance()->mutable_governance_rating()->set_rating(4);
  EXPECT_THAT(Options("governance.governance_rating.rating"), IsEmpty());
}

TEST_F(LeversTest, SafeguardingIsALeverOnlyWhenNotMetAndClearsItsGate) {
  const Lever* safeguarding =
      FindLever("standards.legacy_inspection.safeguarding_effective");
  ASSERT_NE(safeguarding, nullptr);
  EXPECT_THAT(safeguarding->clears_gates, Not(IsEmpty()));
  EXPECT_THAT(Options(std::string(safeguarding->field)), IsEmpty());
  candidate_.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_safeguarding_effective(false);
  EXPECT_THAT(Options(std::string(safeguarding->field)), ElementsAre(1));
  EXPECT_EQ(safeguarding->show(candidate_), "not effective");
  safeguarding->apply(1, &candidate_);
  EXPECT_EQ(safeguarding->show(candidate_), "effective");
}

TEST_F(LeversTest, ALeverThatImprovesAFactorClearsNoGate) {
  EXPECT_THAT(FindLever("standards.overall_absence_pct")->clears_gates,
              IsEmpty());
}

TEST_F(LeversTest, AMoneyFieldWithoutItsBaseCannotHelp) {
  candidate_.mutable_finance()->set_in_year_balance_pence(-5'000'000);
  EXPECT_THAT(Options("finance.in_year_balance_pence"), IsEmpty());
}

}  // namespace
}  // namespace trustfit::scoring
