// The pipeline view: per cluster capacity, commitments and what is due.

#include "scoring/pipeline.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scoring/dates.h"
#include "tests/scoring/date_util.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::trustfit::testing::Day;

v1::ArrangementRecord Active(const std::string& id, const std::string& cluster,
                             double days, google::type::Date review,
                             google::type::Date term_end) {
  v1::ArrangementRecord a;
  a.set_name("arrangements/" + id);
  a.set_urn("1000" + id);
  a.set_cluster_id(cluster);
  a.set_state(v1::ARRANGEMENT_STATE_ACTIVE);
  a.set_arrangement_type(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  a.set_associate_phase(v1::ASSOCIATE_PHASE_1);
  a.set_committed_days(days);
  *a.mutable_next_review_date() = review;
  *a.mutable_term_end_date() = term_end;
  return a;
}

TEST(DayNumber, CountsDaysAcrossMonthsAndLeapYears) {
  EXPECT_EQ(DayNumber(Day(1970, 1, 1)), 0);
  EXPECT_EQ(DayNumber(Day(2024, 3, 1)) - DayNumber(Day(2024, 2, 28)), 2);
  EXPECT_EQ(DayNumber(Day(2027, 1, 1)) - DayNumber(Day(2026, 12, 31)), 1);
  EXPECT_EQ(FormatDate(DateOf(absl::FromUnixSeconds(0))), "1970-01-01");
}

TEST(BuildPipeline, CountsEachClustersArrangementsAndWhatIsDue) {
  const std::vector<v1::ArrangementRecord> arrangements = {
      Active("a1", "north", 20, Day(2027, 3, 1), Day(2028, 12, 1)),
      Active("a2", "north", 25, Day(2027, 1, 20), Day(2027, 1, 31)),
      Active("a3", "north", 10, Day(2026, 12, 1), Day(2028, 1, 1)),
      Active("m1", "midlands", 5, Day(2027, 6, 1), Day(2028, 1, 1)),
  };
  v1::ArrangementRecord ended = arrangements[0];
  ended.set_name("arrangements/gone");
  ended.set_state(v1::ARRANGEMENT_STATE_ENDED);
  std::vector<v1::ArrangementRecord> all = arrangements;
  all.push_back(ended);

  const v1::GetPipelineResponse p =
      BuildPipeline(Policy::Default(), all, "", Day(2027, 1, 10), 30);
  ASSERT_EQ(p.clusters_size(), 3);  // north, midlands, south-west.
  const v1::ClusterPipeline& north = p.clusters(0);
  EXPECT_EQ(north.cluster_id(), "north");
  EXPECT_EQ(north.support_capacity_days(), 420);
  EXPECT_EQ(north.configured_committed_days(), 350);
  EXPECT_EQ(north.arrangement_committed_days(), 55);
  EXPECT_EQ(north.spare_days(), 15);
  EXPECT_DOUBLE_EQ(north.utilisation_pct(), 96.43);
  ASSERT_EQ(north.arrangements_size(), 3);
  // Soonest review first: a3 (overdue), a2 (due in 10 days), a1.
  EXPECT_EQ(north.arrangements(0).arrangement(), "arrangements/a3");
  EXPECT_TRUE(north.arrangements(0).review_overdue());
  EXPECT_EQ(north.arrangements(1).arrangement(), "arrangements/a2");
  EXPECT_TRUE(north.arrangements(1).review_due_soon());
  EXPECT_TRUE(north.arrangements(1).term_ending_soon());
  EXPECT_FALSE(north.arrangements(2).review_due_soon());
  EXPECT_FALSE(north.arrangements(2).review_overdue());
  EXPECT_EQ(north.overdue_count(), 1);
  EXPECT_EQ(north.due_soon_count(), 1);
  EXPECT_EQ(p.clusters(1).arrangement_committed_days(), 5);
  EXPECT_EQ(p.clusters(2).arrangements_size(), 0);
  EXPECT_EQ(p.clusters(2).spare_days(), 10);
}

TEST(BuildPipeline, ATermPastItsEndIsOverdue) {
  const v1::GetPipelineResponse p = BuildPipeline(
      Policy::Default(),
      {Active("a1", "north", 0, Day(2027, 6, 1), Day(2027, 1, 1))}, "north",
      Day(2027, 1, 10), 30);
  ASSERT_EQ(p.clusters_size(), 1);
  EXPECT_TRUE(p.clusters(0).arrangements(0).term_overdue());
  EXPECT_EQ(p.clusters(0).overdue_count(), 1);
}

TEST(BuildPipeline, KeepsArrangementsOfAClusterThePolicyNoLongerHas) {
  const v1::GetPipelineResponse p = BuildPipeline(
      Policy::Default(),
      {Active("x1", "east", 12, Day(2027, 6, 1), Day(2028, 1, 1))}, "",
      Day(2027, 1, 10), 30);
  ASSERT_EQ(p.clusters_size(), 4);
  EXPECT_EQ(p.clusters(3).cluster_id(), "east");
  EXPECT_EQ(p.clusters(3).arrangement_committed_days(), 12);
  EXPECT_EQ(p.clusters(3).spare_days(), -12);
}

TEST(CommitmentsOf, ListsTheClustersActiveArrangements) {
  v1::ArrangementRecord ended =
      Active("e1", "north", 30, Day(2027, 6, 1), Day(2028, 1, 1));
  ended.set_state(v1::ARRANGEMENT_STATE_ENDED);
  const std::vector<v1::PortfolioCommitment> c = CommitmentsOf(
      {Active("a1", "north", 20, Day(2027, 6, 1), Day(2028, 1, 1)), ended,
       Active("m1", "midlands", 5, Day(2027, 6, 1), Day(2028, 1, 1))},
      "north");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].arrangement(), "arrangements/a1");
  EXPECT_EQ(c[0].committed_days(), 20);
}

}  // namespace
}  // namespace trustfit::scoring
