#include "scoring/candidate_validation.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;

absl::Status Problems(const v1::Candidate& candidate) {
  return ValidateCandidate(candidate).ToStatus("invalid candidate");
}

TEST(ValidateCandidate, CompleteCandidatesAreValid) {
  for (const char* name : {"strong_local", "deficit", "report_card_church"}) {
    EXPECT_TRUE(ValidateCandidate(GoldenCandidate(name)).empty()) << name;
  }
}

TEST(ValidateCandidate, OnlyUrnAndNameAreRequired) {
  v1::Candidate candidate;
  EXPECT_THAT(Problems(candidate), HasViolation("identity.urn", "required"));
  EXPECT_THAT(Problems(candidate), HasViolation("identity.name", "required"));
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("A school");
  EXPECT_TRUE(ValidateCandidate(candidate).empty());
}

TEST(ValidateCandidate, UrnIsSixDigits) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  for (const char* urn : {"10805", "1080577", "10805a"}) {
    candidate.mutable_identity()->set_urn(urn);
    EXPECT_THAT(Problems(candidate), HasViolation("identity.urn", "six-digit"));
  }
}

TEST(ValidateCandidate, UnknownEnumValues) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->set_phase(static_cast<v1::Phase>(42));
  candidate.mutable_governance()->set_stage(
      static_cast<v1::GovernanceStage>(9));
  candidate.mutable_standards()
      ->mutable_legacy_inspection()
      ->set_overall_effectiveness(static_cast<v1::LegacyGrade>(7));
  candidate.mutable_identity()->add_specialisms(
      static_cast<v1::Specialism>(99));
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("identity.phase", "unknown value 42"));
  EXPECT_THAT(s, HasViolation("governance.stage", "unknown value 9"));
  EXPECT_THAT(s,
              HasViolation("standards.legacy_inspection.overall_effectiveness",
                           "unknown"));
  EXPECT_THAT(s,
              HasViolation("identity.specialisms[0]", "unknown specialism 99"));
}

TEST(ValidateCandidate, SpecialismsListedOnce) {
  v1::Candidate candidate = GoldenCandidate("report_card_church");
  candidate.mutable_identity()->add_specialisms(v1::SPECIALISM_SEND);
  EXPECT_THAT(Problems(candidate),
              HasViolation("identity.specialisms[1]", "more than once"));
}

TEST(ValidateCandidate, PercentagesWithinZeroToHundred) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_standards()->set_overall_absence_pct(0.055 * 100 + 100);
  candidate.mutable_leadership()->set_staff_turnover_pct(-3);
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("standards.overall_absence_pct", "within 0-100"));
  EXPECT_THAT(s, HasViolation("leadership.staff_turnover_pct", "within 0-100"));
}

TEST(ValidateCandidate, AttainmentYearsAndRanges) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  auto* standards = candidate.mutable_standards();
  standards->mutable_attainment(1)->set_year(2017);
  standards->mutable_attainment(2)->set_progress8(7);
  standards->add_attainment()->set_year(19);
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("standards.attainment[1].year", "listed twice"));
  EXPECT_THAT(s,
              HasViolation("standards.attainment[2].progress8", "within -5-5"));
  EXPECT_THAT(s, HasViolation("standards.attainment[3].year", "calendar year"));
  EXPECT_THAT(s, HasViolation("standards.attainment[3]", "at least one of"));
}

TEST(ValidateCandidate, RubricRatingsOneToFour) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_ethos()->mutable_values_alignment()->set_rating(5);
  candidate.mutable_governance()->mutable_governance_rating()->set_rating(0);
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("ethos.values_alignment.rating", "must be 1-4"));
  EXPECT_THAT(
      s, HasViolation("governance.governance_rating.rating", "must be 1-4"));
}

TEST(ValidateCandidate, InspectionDatesAreRealDates) {
  v1::Candidate candidate = GoldenCandidate("report_card_church");
  candidate.mutable_standards()
      ->mutable_report_card()
      ->mutable_inspection_date()
      ->set_day(31);
  candidate.mutable_standards()
      ->mutable_report_card()
      ->mutable_inspection_date()
      ->set_month(2);
  EXPECT_THAT(Problems(candidate),
              HasViolation("standards.report_card.inspection_date",
                           "not a valid date"));
}

TEST(ValidateCandidate, MoneyThatCannotBeNegative) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_finance()->set_funding_base_pence(-1);
  candidate.mutable_finance()->set_staff_costs_pence(-5);
  candidate.mutable_finance()->set_revenue_reserves_pence(
      -50000);  // Allowed: a deficit.
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(
      s, HasViolation("finance.funding_base_pence", "must not be negative"));
  EXPECT_THAT(
      s, HasViolation("finance.staff_costs_pence", "must not be negative"));
  EXPECT_EQ(ValidateCandidate(candidate).size(), 2u);
}

TEST(ValidateCandidate, ImplausiblyLargeMoney) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_finance()->set_in_year_balance_pence(-20'000'000'000'000);
  EXPECT_THAT(Problems(candidate),
              HasViolation("finance.in_year_balance_pence", "implausibly"));
}

TEST(ValidateCandidate, StaffCostsWithinExpenditure) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_finance()->set_staff_costs_pence(
      candidate.finance().total_expenditure_pence() + 1);
  EXPECT_THAT(Problems(candidate),
              HasViolation("finance.staff_costs_pence", "must not exceed"));
}

TEST(ValidateCandidate, ForecastAtMostThreeYears) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_finance()->add_pupil_forecast(1500);
  candidate.mutable_finance()->set_pupil_forecast(0, -4);
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("finance.pupil_forecast", "at most three"));
  EXPECT_THAT(s, HasViolation("finance.pupil_forecast[0]", "within 0-10000"));
}

TEST(ValidateCandidate, LocationWithinTheGrid) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_location()->mutable_os_grid()->set_northing(2'000'000);
  EXPECT_THAT(Problems(candidate),
              HasViolation("location.os_grid.northing", "within"));
}

TEST(ValidateCandidate, ReportsEveryProblemAtOnce) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->set_urn("x");
  candidate.mutable_identity()->set_pupils_on_roll(-1);
  candidate.mutable_standards()->set_suspension_rate_per_100(-2);
  candidate.mutable_leadership()->set_teacher_vacancies(-1);
  EXPECT_EQ(ValidateCandidate(candidate).size(), 4u);
}

// Hostile input (#16): a 9 MB school name was stored and then broke every
// read; a NUL byte truncated strings in PostgreSQL.
TEST(ValidateCandidate, BoundsEveryStringAndList) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->set_name(std::string(9 << 20, 'x'));
  for (int i = 0; i < 51; ++i)
    candidate.mutable_finance()->add_services_bought_elsewhere("X");
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s,
              HasViolation("identity.name", "at most 200 bytes, got 9437184"));
  EXPECT_THAT(s, HasViolation("finance.services_bought_elsewhere",
                              "at most 50 entries"));
  EXPECT_LT(s.message().size(), 1000u);
}

TEST(ValidateCandidate, RefusesNulBytes) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->set_local_authority(std::string("Leeds\0x", 7));
  EXPECT_THAT(Problems(candidate),
              HasViolation("identity.local_authority", "NUL"));
}

// The size check spells a field's path only for a violation; the path still
// names the list entry, and a list of messages is bounded like any list.
TEST(ValidateCandidate, NamesTheListEntryThatBreaksABound) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_finance()->add_services_bought_elsewhere("HR");
  candidate.mutable_finance()->add_services_bought_elsewhere(
      std::string("pay\0roll", 8));
  const int entry = candidate.finance().services_bought_elsewhere_size() - 1;
  EXPECT_THAT(Problems(candidate),
              HasViolation(absl::StrCat("finance.services_bought_elsewhere[",
                                        entry, "]"),
                           "NUL"));
  candidate = GoldenCandidate("strong_local");
  for (int i = 0; i <= kMaxCandidateListEntries; ++i)
    candidate.mutable_standards()->add_attainment();
  EXPECT_THAT(Problems(candidate),
              HasViolation("standards.attainment", "at most 50 entries"));
}

// Three messages deep, and in field-number order across the candidate: the
// identity (field 1) before the ethos (field 7), whichever is found first.
TEST(ValidateCandidate, NamesADeepFieldAndReportsInFieldOrder) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_ethos()->mutable_values_alignment()->set_evidence(
      std::string(kMaxCandidateTextBytes + 1, 'e'));
  candidate.mutable_identity()->set_local_authority(std::string("Le\0eds", 6));
  const FieldViolations violations = ValidateCandidate(candidate);
  const absl::Status s = violations.ToStatus("invalid");
  ASSERT_EQ(FieldViolationsOf(s).size(), 2u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "identity.local_authority");
  EXPECT_EQ(FieldViolationsOf(s)[1].field, "ethos.values_alignment.evidence");
}

TEST(ValidateCandidate, QuotesAtMostAPrefixOfABadUrn) {
  v1::Candidate candidate = GoldenCandidate("strong_local");
  candidate.mutable_identity()->set_urn(std::string(150, '1'));
  const absl::Status s = Problems(candidate);
  EXPECT_THAT(s, HasViolation("identity.urn", "(150 bytes)"));
  for (const auto& v : FieldViolationsOf(s))
    EXPECT_LT(v.description.size(), 150u) << v.description;
}

TEST(QuoteValue, EscapesControlCharactersAndCutsAtACharacter) {
  EXPECT_EQ(QuoteValue("10805a"), "\"10805a\"");
  EXPECT_EQ(QuoteValue("a\x1b[2Jb\""), "\"a\\x1b[2Jb\\\"\"");
  // 63 ASCII bytes and a two-byte character: the character is not split.
  const std::string text = std::string(63, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(QuoteValue(text), "\"" + std::string(63, 'a') + "\"... (69 bytes)");
}

TEST(FieldViolations, ReportsABoundedNumberOfProblems) {
  FieldViolations violations;
  for (int i = 0; i < 1000; ++i) violations.Add("f", std::string(2000, 'd'));
  EXPECT_EQ(violations.size(), 1000u);
  EXPECT_EQ(FieldViolationsOf(violations.ToStatus("x")).size(),
            kMaxViolationsReported);
  const absl::Status s = violations.ToStatus("invalid");
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("950 more"));
  EXPECT_LT(s.message().size(), 30000u);
}

}  // namespace
}  // namespace trustfit::scoring
