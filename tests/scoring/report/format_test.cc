// How the board pack writes dates, numbers and names.

#include "scoring/report/format.h"

#include "gtest/gtest.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

google::type::Date MakeDate(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(LongDate, WritesTheDayMonthNameAndYear) {
  EXPECT_EQ(LongDate(MakeDate(2027, 1, 1)), "1 January 2027");
  EXPECT_EQ(ShortDate(MakeDate(2028, 9, 30)), "30 Sep 2028");
}

TEST(DayBefore, CrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(LongDate(DayBefore(MakeDate(2029, 1, 1))), "31 December 2028");
  EXPECT_EQ(LongDate(DayBefore(MakeDate(2028, 3, 1))), "29 February 2028");
  EXPECT_EQ(LongDate(DayBefore(MakeDate(2027, 3, 1))), "28 February 2027");
  EXPECT_EQ(LongDate(DayBefore(MakeDate(2027, 5, 15))), "14 May 2027");
}

TEST(TimestampText, IsInUtc) {
  google::protobuf::Timestamp time;
  time.set_seconds(1795430400 + 59);  // 2026-11-23 10:40:59 UTC.
  EXPECT_EQ(TimestampText(time), "23 November 2026 10:40 UTC");
  EXPECT_EQ(LongDate(DateOf(time)), "23 November 2026");
}

TEST(GroupedNumber, SeparatesThousands) {
  EXPECT_EQ(GroupedNumber(0), "0");
  EXPECT_EQ(GroupedNumber(999), "999");
  EXPECT_EQ(GroupedNumber(1445), "1,445");
  EXPECT_EQ(GroupedNumber(1234567), "1,234,567");
}

TEST(SignedPoints, ShowsTheSignExceptForZero) {
  EXPECT_EQ(SignedPoints(8.75), "+8.75");
  EXPECT_EQ(SignedPoints(-1.476), "-1.48");
  EXPECT_EQ(SignedPoints(0), "0");
}

TEST(ScoreText, SaysNoDataWhenAbsent) {
  EXPECT_EQ(ScoreText(92.24), "92.24");
  EXPECT_EQ(ScoreText(std::nullopt), "no data");
}

TEST(FactorName, NamesKnownFactorsAndShowsOthersAsTheyAre) {
  EXPECT_EQ(FactorName("standards.attainment"), "Attainment");
  EXPECT_EQ(FactorName("FINANCE_PFI_CONTRACT"), "PFI contract");
  EXPECT_EQ(FactorName("standards.new_factor"), "standards.new_factor");
}

TEST(Names, CoverEveryArrangementAndCriterion) {
  EXPECT_EQ(ArrangementName(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION),
            "Associate with a view to integration");
  EXPECT_EQ(ArrangementName(v1::ARRANGEMENT_INSUFFICIENT_DATA),
            "Insufficient data");
  for (int a = v1::Arrangement_MIN + 1; a <= v1::Arrangement_MAX; ++a) {
    EXPECT_NE(ArrangementName(static_cast<v1::Arrangement>(a)),
              "No recommendation")
        << a;
    EXPECT_NE(ArrangementColour(static_cast<v1::Arrangement>(a)), "") << a;
  }
  for (int c = v1::Criterion_MIN + 1; c <= v1::Criterion_MAX; ++c) {
    EXPECT_NE(CriterionName(static_cast<v1::Criterion>(c)), "Other") << c;
  }
}

TEST(CriteriaInOrder, AreTheSixCriteriaOnce) {
  ASSERT_EQ(CriteriaInOrder().size(), 6u);
  EXPECT_EQ(CriteriaInOrder().front(), v1::CRITERION_STANDARDS);
  EXPECT_EQ(CriteriaInOrder().back(), v1::CRITERION_LOCATION);
}

TEST(ClusterNameOf, PrefersTheRecordsCopyThenThePolicy) {
  v1::Policy policy;
  auto* north = policy.add_clusters();
  north->set_id("north");
  north->set_name("North (policy)");
  v1::AssessmentRecord record;
  record.mutable_assessment()->set_cluster_id("north");
  EXPECT_EQ(ClusterNameOf(policy, record), "North (policy)");
  record.mutable_cluster()->set_name("North (as recorded)");
  EXPECT_EQ(ClusterNameOf(policy, record), "North (as recorded)");
  record.clear_cluster();
  record.mutable_assessment()->set_cluster_id("east");
  EXPECT_EQ(ClusterNameOf(policy, record), "east");
}

TEST(FindReasonCode, FindsRulesByName) {
  const scoring::ReasonCodeInfo* rule =
      FindReasonCode("RULE_TRUST_PARTNERSHIP");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->area, "recommendation");
  EXPECT_EQ(FindReasonCode("NO_SUCH_CODE"), nullptr);
}

}  // namespace
}  // namespace trustfit::report
