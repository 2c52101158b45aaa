// The one table of criteria: each once, in the product's order, each whole.

#include "scoring/criterion_unit.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/field_violations.h"
#include "scoring/policy.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

TEST(CriterionUnits, ListsTheSixCriteriaOnceEachInTheProductsOrder) {
  std::vector<v1::Criterion> criteria;
  std::vector<std::string> ids;
  for (const CriterionUnit& unit : CriterionUnits()) {
    criteria.push_back(unit.criterion);
    ids.emplace_back(unit.id);
  }
  EXPECT_THAT(criteria,
              ElementsAre(v1::CRITERION_STANDARDS, v1::CRITERION_LEADERSHIP,
                          v1::CRITERION_FINANCE, v1::CRITERION_ETHOS,
                          v1::CRITERION_CAPACITY, v1::CRITERION_LOCATION));
  EXPECT_THAT(ids, ElementsAre("standards", "leadership", "finance", "ethos",
                               "capacity", "location"));
}

TEST(CriterionUnits,
     EveryUnitScoresChecksItsRulesAndInputsAndBoundsItsFactors) {
  for (const CriterionUnit& unit : CriterionUnits()) {
    SCOPED_TRACE(std::string(unit.id));
    EXPECT_NE(unit.score, nullptr);
    EXPECT_NE(unit.check_rules, nullptr);
    EXPECT_NE(unit.check_input, nullptr);
    EXPECT_NE(unit.factor_bounds, nullptr);
  }
}

TEST(CriterionUnits, EachIdNamesItsRulesAndItsWeightInThePolicy) {
  for (const CriterionUnit& unit : CriterionUnits()) {
    const std::string id(unit.id);
    EXPECT_NE(v1::ScoringRules::descriptor()->FindFieldByName(id), nullptr)
        << id;
    EXPECT_NE(v1::CriterionWeights::descriptor()->FindFieldByName(id), nullptr)
        << id;
  }
}

TEST(CriterionUnits, EachInputSectionIsASectionOfTheCandidate) {
  for (const CriterionUnit& unit : CriterionUnits()) {
    EXPECT_NE(v1::Candidate::descriptor()->FindFieldByName(
                  std::string(unit.input_section)),
              nullptr)
        << unit.id;
  }
}

// Each unit's rules check looks at its own section: emptied, that section
// breaks rules, and every violation is named under it.
TEST(CriterionUnits, EachRulesCheckNamesItsViolationsUnderItsSection) {
  for (const CriterionUnit& unit : CriterionUnits()) {
    const std::string id(unit.id);
    v1::ScoringRules rules = Policy::Default().scoring();
    rules.GetReflection()->ClearField(
        &rules, v1::ScoringRules::descriptor()->FindFieldByName(id));
    FieldViolations violations;
    unit.check_rules(rules, PolicyChecker(&violations, id));
    EXPECT_THAT(violations.violations(), Not(IsEmpty())) << id;
    for (const FieldViolation& v : violations.violations()) {
      EXPECT_THAT(v.field, StartsWith(id + ".")) << v.description;
    }
  }
}

TEST(CriterionUnits, TheDefaultPolicyBreaksNoCriterionsRules) {
  const Policy policy = Policy::Default();
  for (const CriterionUnit& unit : CriterionUnits()) {
    FieldViolations violations;
    unit.check_rules(policy.scoring(),
                     PolicyChecker(&violations, std::string(unit.id)));
    EXPECT_THAT(violations.violations(), IsEmpty()) << unit.id;
  }
}

TEST(CriterionUnits, AnAssessmentListsTheCriteriaInTheTablesOrder) {
  const Policy policy = Policy::Default();
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("A school");
  absl::StatusOr<v1::Assessment> assessment =
      Assess(policy, candidate, *policy.FindCluster("north"));
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  ASSERT_EQ(assessment->criteria_size(),
            static_cast<int>(CriterionUnits().size()));
  for (int i = 0; i < assessment->criteria_size(); ++i) {
    EXPECT_EQ(assessment->criteria(i).criterion(),
              CriterionUnits()[i].criterion);
  }
}

// Every factor an assessment makes is bounded by its own criterion's unit,
// and by no other.
TEST(CriterionUnits, EachUnitBoundsExactlyTheFactorsItMakes) {
  const Policy policy = Policy::Default();
  const v1::Cluster& cluster = *policy.FindCluster("north");
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("A school");
  absl::StatusOr<v1::Assessment> assessment =
      Assess(policy, candidate, cluster);
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  const AssessmentContext ctx{policy.scoring(), policy.proto().trust(), cluster,
                              candidate};
  for (const v1::CriterionResult& criterion : assessment->criteria()) {
    for (const v1::FactorResult& factor : criterion.factors()) {
      for (const CriterionUnit& unit : CriterionUnits()) {
        EXPECT_EQ(unit.factor_bounds(ctx, factor.factor()).has_value(),
                  unit.criterion == criterion.criterion())
            << unit.id << " " << factor.factor();
      }
    }
  }
}

}  // namespace
}  // namespace trustfit::scoring
