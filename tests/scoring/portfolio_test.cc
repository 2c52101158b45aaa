// Portfolio capacity: an assessment against a cluster counts the days its
// active arrangements commit (§7).

#include "scoring/portfolio.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;

v1::PortfolioCommitment Commitment(const std::string& id,
                                   const std::string& urn, double days) {
  v1::PortfolioCommitment c;
  c.set_arrangement("arrangements/" + id);
  c.set_urn(urn);
  c.set_school_name("School " + urn);
  c.set_committed_days(days);
  return c;
}

v1::Assessment AssessNorth(const v1::Candidate& candidate,
                           const std::vector<v1::PortfolioCommitment>& active) {
  const Policy policy = Policy::Default();
  v1::Assessment out;
  const absl::Status status = AssessWithPortfolio(
      policy, candidate, *policy.FindCluster("north"), active, &out);
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

bool HasGate(const v1::Assessment& a, const std::string& code) {
  for (const auto& g : a.gates()) {
    if (g.code() == code) return true;
  }
  return false;
}

const v1::Condition* CapacityCondition(const v1::Assessment& a) {
  for (const auto& c : a.recommendation().conditions()) {
    if (c.code() == "CLUSTER_CAPACITY_REQUIRED") return &c;
  }
  return nullptr;
}

TEST(CommittedDays, IsTheNetNeedAndNeverNegative) {
  v1::Assessment a;
  EXPECT_EQ(CommittedDays(a), 0);  // Need unknown.
  a.mutable_capacity()->set_net_days(-35);
  EXPECT_EQ(CommittedDays(a), 35);
  a.mutable_capacity()->set_net_days(25);  // A contributor draws nothing.
  EXPECT_EQ(CommittedDays(a), 0);
}

TEST(AssessWithPortfolio, WithoutArrangementsItIsTheSameAsAssess) {
  const Policy policy = Policy::Default();
  const v1::Candidate candidate = GoldenCandidate("deficit");
  v1::Assessment plain, with_none;
  ASSERT_TRUE(
      AssessInto(policy, candidate, *policy.FindCluster("north"), &plain).ok());
  ASSERT_TRUE(AssessWithPortfolio(policy, candidate,
                                  *policy.FindCluster("north"), {}, &with_none)
                  .ok());
  EXPECT_EQ(with_none.SerializeAsString(), plain.SerializeAsString());
}

TEST(AssessWithPortfolio, ArrangementsTakeTheirDaysFromTheSpare) {
  // North: 420 days, 350 configured as committed: 70 spare. The deficit
  // school needs a net 35; on its own it fits.
  const v1::Candidate candidate = GoldenCandidate("deficit");
  const v1::Assessment alone = AssessNorth(candidate, {});
  ASSERT_EQ(alone.capacity().net_days(), -35);
  EXPECT_EQ(alone.capacity().cluster_spare_days(), 70);
  EXPECT_FALSE(alone.capacity().overstretched());
  EXPECT_FALSE(HasGate(alone, "CAPACITY_CLUSTER_OVERSTRETCHED"));
  EXPECT_EQ(CapacityCondition(alone), nullptr);

  // Two associates already draw 20 and 20: 30 spare, 5 days short.
  const v1::Assessment counted = AssessNorth(
      candidate,
      {Commitment("a1", "100001", 20), Commitment("a2", "100002", 20)});
  EXPECT_EQ(counted.capacity().cluster_spare_days(), 30);
  EXPECT_TRUE(counted.capacity().overstretched());
  // (350 configured + 40 arrangements + 35 needed) / 420.
  EXPECT_DOUBLE_EQ(counted.capacity().utilisation_pct(), 101.19);
  EXPECT_TRUE(HasGate(counted, "CAPACITY_CLUSTER_OVERSTRETCHED"));
  const v1::Condition* condition = CapacityCondition(counted);
  ASSERT_NE(condition, nullptr);
  EXPECT_EQ(condition->days_missing(), 5);

  // The assessment says what it counted.
  EXPECT_EQ(counted.capacity().configured_committed_days(), 350);
  ASSERT_EQ(counted.capacity().counted_arrangements_size(), 2);
  EXPECT_EQ(counted.capacity().counted_arrangements(0).arrangement(),
            "arrangements/a1");
  EXPECT_EQ(counted.capacity().counted_arrangements(1).committed_days(), 20);
}

TEST(AssessWithPortfolio, TheSchoolsOwnArrangementIsNotCounted) {
  // A review re-assesses the need the school's own arrangement stands for.
  const v1::Candidate candidate = GoldenCandidate("deficit");
  const v1::Assessment a =
      AssessNorth(candidate, {Commitment("own", candidate.identity().urn(), 60),
                              Commitment("other", "100002", 10)});
  EXPECT_EQ(a.capacity().cluster_spare_days(), 60);
  EXPECT_FALSE(a.capacity().overstretched());
  ASSERT_EQ(a.capacity().counted_arrangements_size(), 1);
  EXPECT_EQ(a.capacity().counted_arrangements(0).arrangement(),
            "arrangements/other");
}

TEST(AssessWithPortfolio, AContributorIsNotStoppedByAFullPortfolio) {
  // The strong local school offers a net 25 days: however full the cluster,
  // it raises no condition unless the cluster is over-committed beyond 25.
  const v1::Candidate candidate = GoldenCandidate("strong_local");
  const v1::Assessment full =
      AssessNorth(candidate, {Commitment("a1", "100001", 70)});
  EXPECT_EQ(full.capacity().cluster_spare_days(), 0);
  EXPECT_FALSE(full.capacity().overstretched());
  EXPECT_EQ(CapacityCondition(full), nullptr);
  const v1::Assessment over =
      AssessNorth(candidate, {Commitment("a1", "100001", 100)});
  EXPECT_EQ(over.capacity().cluster_spare_days(), -30);
  const v1::Condition* condition = CapacityCondition(over);
  ASSERT_NE(condition, nullptr);
  EXPECT_EQ(condition->days_missing(), 5);
}

TEST(AssessWithPortfolio, RefusesCommitmentsThatAreNotDays) {
  const Policy policy = Policy::Default();
  v1::Assessment out;
  const absl::Status status = AssessWithPortfolio(
      policy, GoldenCandidate("deficit"), *policy.FindCluster("north"),
      {Commitment("a1", "100001", 10), Commitment("a2", "100002", -1)}, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status,
              HasViolation("commitments[1].committed_days", "at least 0"));
}

}  // namespace
}  // namespace trustfit::scoring
