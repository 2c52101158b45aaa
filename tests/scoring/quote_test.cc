// The contribution quote (§4): arithmetic on awkward numbers, credits,
// contributions, the no-subsidy floor, schedules and every validation error.

#include "scoring/quote.h"

#include <numeric>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/dates.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::EditedPolicy;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::HasViolation;
using ::trustfit::testing::ValueOrDie;

google::type::Date Date(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

v1::Candidate WithBase(int64_t base_pence, int pupils = 1000) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("100000");
  candidate.mutable_identity()->set_name("Test School");
  candidate.mutable_identity()->set_pupils_on_roll(pupils);
  candidate.mutable_finance()->set_funding_base_pence(base_pence);
  return candidate;
}

v1::QuoteSpec Spec(v1::Arrangement arrangement,
                   std::optional<int> months = std::nullopt) {
  v1::QuoteSpec spec;
  spec.set_arrangement(arrangement);
  if (months) spec.set_term_months(*months);
  *spec.mutable_start_date() = Date(2026, 9, 1);
  return spec;
}

void AddService(v1::QuoteSpec* spec, const std::string& code,
                int quantity = 1) {
  auto* s = spec->add_services();
  s->set_code(code);
  s->set_quantity(quantity);
}

void AddContribution(v1::QuoteSpec* spec, const std::string& code,
                     int quantity) {
  auto* s = spec->add_contributions();
  s->set_code(code);
  s->set_quantity(quantity);
}

v1::Quote QuoteOrDie(const v1::Candidate& candidate, const v1::QuoteSpec& spec,
                     const Policy& policy = Policy::Default()) {
  return ValueOrDie(QuoteContribution(policy, candidate, spec));
}

int64_t LineSum(const v1::Quote& q) {
  int64_t sum = 0;
  for (const auto& line : q.line_items()) sum += line.amount_pence();
  return sum;
}

int64_t ScheduleSum(const v1::Quote& q) {
  int64_t sum = 0;
  for (const auto& i : q.schedule()) sum += i.amount_pence();
  return sum;
}

bool HasNote(const v1::Quote& q, const std::string& code) {
  for (const auto& n : q.notes()) {
    if (n.code() == code) return true;
  }
  return false;
}

TEST(Quote, CoreIsTheRateOfTheFundingBaseProRata) {
  // 2% of £1,234,567.89 for 13 months = 123456789 x 200 x 13 / 120000
  // = 2674897.095 pence: one rounding, to 2674897.
  const v1::Quote q = QuoteOrDie(WithBase(123456789),
                                 Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 13));
  ASSERT_EQ(q.line_items_size(), 1);
  EXPECT_EQ(q.line_items(0).kind(), v1::LINE_KIND_CORE);
  EXPECT_EQ(q.line_items(0).amount_pence(), 2674897);
  EXPECT_EQ(q.line_items(0).quantity(), 123456789);
  EXPECT_EQ(q.line_items(0).unit_price(), 200);
  EXPECT_EQ(q.line_items(0).months(), 13);
  EXPECT_EQ(q.net_pence(), 2674897);
  EXPECT_EQ(q.term_months(), 13);
}

TEST(Quote, HalfPennyRoundsUp) {
  const Policy no_minimum = EditedPolicy(
      [](v1::Policy* p) { p->mutable_cost()->set_core_minimum_fee_pence(0); });
  // 300 x 200 x 12 / 120000 = 6 exactly; at 3 months 1.5 -> 2.
  const v1::Quote q =
      QuoteOrDie(WithBase(300), Spec(v1::ARRANGEMENT_PARTNER, 3), no_minimum);
  EXPECT_EQ(q.line_items(0).amount_pence(), 2);
}

TEST(Quote, MinimumFeeAppliesToSmallSchools) {
  // 2% of £200,000 is £4,000, below the £6,000 minimum.
  const v1::Quote q =
      QuoteOrDie(WithBase(20'000'000), Spec(v1::ARRANGEMENT_PARTNER, 6));
  EXPECT_EQ(q.line_items(0).amount_pence(), 300'000);  // Half of £6,000.
  EXPECT_EQ(q.line_items(0).basis(), v1::PRICE_BASIS_FIXED_PER_YEAR);
  EXPECT_TRUE(HasNote(q, "COST_MINIMUM_FEE_APPLIED"));
}

TEST(Quote, DefaultTermComesFromThePolicy) {
  EXPECT_EQ(QuoteOrDie(WithBase(400'000'000),
                       Spec(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION))
                .term_months(),
            24);
  EXPECT_EQ(
      QuoteOrDie(WithBase(400'000'000), Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP))
          .term_months(),
      12);
}

TEST(Quote, AddOnsArePricedPerYearProRata) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 13);
  AddService(&spec, "HEADTEACHER_MENTORING", 7);  // £650 x 7 days x 13/12.
  AddService(&spec, "HR_PAYROLL");                // £22 x 997 pupils x 13/12.
  AddService(&spec, "ECT_INDUCTION", 3);          // £3,500 x 3 x 13/12.
  const v1::Quote q = QuoteOrDie(WithBase(400'000'000, 997), spec);
  ASSERT_EQ(q.line_items_size(), 4);
  EXPECT_EQ(q.line_items(1).amount_pence(), 492917);   // 492916.67
  EXPECT_EQ(q.line_items(2).amount_pence(), 2376183);  // 2376183.33
  EXPECT_EQ(q.line_items(2).quantity(), 997);
  EXPECT_EQ(q.line_items(3).amount_pence(), 1137500);
  EXPECT_EQ(q.gross_pence(), LineSum(q));
  EXPECT_EQ(q.net_pence(), q.gross_pence());
}

TEST(Quote, ServiceBoughtElsewhereIsShownAndCredited) {
  v1::Candidate candidate = WithBase(400'000'000, 800);
  candidate.mutable_finance()->add_services_bought_elsewhere("HR_PAYROLL");
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 12);
  AddService(&spec, "HR_PAYROLL");
  const v1::Quote q = QuoteOrDie(candidate, spec);
  ASSERT_EQ(q.line_items_size(), 3);
  EXPECT_EQ(q.line_items(1).kind(), v1::LINE_KIND_ADD_ON);
  EXPECT_EQ(q.line_items(2).kind(), v1::LINE_KIND_CREDIT);
  EXPECT_EQ(q.line_items(2).amount_pence(), -q.line_items(1).amount_pence());
  EXPECT_EQ(q.credits_pence(), 1'760'000);
  EXPECT_EQ(q.net_pence(), q.line_items(0).amount_pence());
  // The trust does not deliver it, so it costs the trust nothing either.
  EXPECT_EQ(q.delivery_cost_pence(), 6'000'000);  // Core only: 1.5% of £4m.
  EXPECT_TRUE(HasNote(q, "COST_CREDIT_BOUGHT_ELSEWHERE"));
}

TEST(Quote, CoreServiceBoughtElsewhereIsCreditedAtItsPrice) {
  v1::Candidate candidate = WithBase(400'000'000);
  candidate.mutable_finance()->add_services_bought_elsewhere("CORE_GOVERNANCE");
  const v1::Quote q = QuoteOrDie(candidate, Spec(v1::ARRANGEMENT_PARTNER, 12));
  ASSERT_EQ(q.line_items_size(), 2);
  EXPECT_EQ(q.line_items(1).code(), "CORE_GOVERNANCE");
  EXPECT_EQ(q.line_items(1).amount_pence(), -1'200'000);  // 0.30% of £4m.
  EXPECT_EQ(q.net_pence(), 8'000'000 - 1'200'000);
  EXPECT_EQ(q.delivery_cost_pence(), 6'000'000 - 800'000);
}

TEST(Quote, CoreCreditsNeverExceedTheCoreFee) {
  // A small school on the minimum fee that buys every core service elsewhere.
  const Policy pricey = EditedPolicy([](v1::Policy* p) {
    for (auto& s : *p->mutable_cost()->mutable_catalogue()) {
      if (s.core()) s.mutable_price()->set_amount(5000);  // 50% each.
    }
  });
  v1::Candidate candidate = WithBase(100'000'000);
  for (const char* code : {"CORE_SCHOOL_IMPROVEMENT", "CORE_TRUST_CPD",
                           "CORE_GOVERNANCE", "CORE_FINANCE_OVERSIGHT"}) {
    candidate.mutable_finance()->add_services_bought_elsewhere(code);
  }
  const v1::Quote q =
      QuoteOrDie(candidate, Spec(v1::ARRANGEMENT_PARTNER, 12), pricey);
  EXPECT_EQ(q.credits_pence(), q.line_items(0).amount_pence());
  EXPECT_GE(q.net_pence(), 0);
  EXPECT_EQ(LineSum(q), q.net_pence());
}

TEST(Quote, ContributionsAreDeducted) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC, 12);
  AddContribution(&spec, "SLE_SUPPORT", 10);  // £4,500.
  const v1::Quote q = QuoteOrDie(WithBase(400'000'000), spec);
  EXPECT_EQ(q.contributions_pence(), 450'000);
  EXPECT_EQ(q.net_pence(), 8'000'000 - 450'000);
  EXPECT_EQ(q.line_items(1).kind(), v1::LINE_KIND_CONTRIBUTION);
  EXPECT_EQ(q.line_items(1).amount_pence(), -450'000);
  EXPECT_FALSE(q.cost_neutral());
}

TEST(Quote, ContributionsCanMakeItCostNeutral) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC, 12);
  AddContribution(&spec, "NLE_SUPPORT",
                  150);  // £120,000, more than the £80,000 charge.
  const v1::Quote q = QuoteOrDie(WithBase(400'000'000), spec);
  EXPECT_EQ(q.contributions_pence(), 8'000'000);
  EXPECT_EQ(q.net_pence(), 0);
  EXPECT_TRUE(q.cost_neutral());
  EXPECT_TRUE(HasNote(q, "COST_NEUTRAL"));
  EXPECT_TRUE(HasNote(q, "COST_CONTRIBUTION_CAPPED"));
  EXPECT_EQ(q.schedule_size(), 0);  // Nothing to pay.
  EXPECT_EQ(q.effective_rate_bps(), 0);
  EXPECT_EQ(LineSum(q), 0);
}

TEST(Quote, ANetOfZeroFromCreditsAloneIsNotCostNeutral) {
  // A £1,000,000 school that buys all four core services elsewhere pays
  // nothing, but it contributes nothing either (§4 step 6).
  v1::Candidate candidate = WithBase(100'000'000);
  for (const char* code : {"CORE_SCHOOL_IMPROVEMENT", "CORE_TRUST_CPD",
                           "CORE_GOVERNANCE", "CORE_FINANCE_OVERSIGHT"}) {
    candidate.mutable_finance()->add_services_bought_elsewhere(code);
  }
  const v1::Quote q =
      QuoteOrDie(candidate, Spec(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC, 12));
  ASSERT_EQ(q.net_pence(), 0);
  EXPECT_EQ(q.contributions_pence(), 0);
  EXPECT_GT(q.credits_pence(), 0);
  EXPECT_FALSE(q.cost_neutral());
  EXPECT_FALSE(HasNote(q, "COST_NEUTRAL"));
}

TEST(Quote, ContributionsCappedAtThePolicyMaximum) {
  const Policy half = EditedPolicy(
      [](v1::Policy* p) { p->mutable_cost()->set_max_contribution_bps(5000); });
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_ASSOCIATE_STRATEGIC, 12);
  AddContribution(&spec, "NLE_SUPPORT",
                  75);  // £60,000 offered against £80,000.
  const v1::Quote q = QuoteOrDie(WithBase(400'000'000), spec, half);
  EXPECT_EQ(q.contributions_pence(), 4'000'000);  // At most 50%.
  EXPECT_EQ(q.net_pence(), 4'000'000);
  EXPECT_TRUE(HasNote(q, "COST_CONTRIBUTION_CAPPED"));
  const v1::LineItem& cap = q.line_items(q.line_items_size() - 1);
  EXPECT_EQ(cap.code(), "CONTRIBUTION_CAP");
  EXPECT_EQ(cap.amount_pence(), 2'000'000);
  EXPECT_EQ(LineSum(q), q.net_pence());
}

// A policy whose core rate is below its delivery cost, so that the package
// costs the trust more than the school pays.
Policy Underpriced(bool enforce) {
  return EditedPolicy([enforce](v1::Policy* p) {
    p->mutable_cost()->set_core_rate_bps(100);
    p->mutable_cost()->set_core_delivery_cost_bps(150);
    p->mutable_cost()->set_enforce_no_subsidy(enforce);
  });
}

TEST(Quote, NoSubsidyFloorRaisesTheNet) {
  const v1::Quote q =
      QuoteOrDie(WithBase(400'000'000), Spec(v1::ARRANGEMENT_PARTNER, 12),
                 Underpriced(true));
  EXPECT_EQ(q.delivery_cost_pence(), 6'000'000);
  EXPECT_EQ(q.cost_floor_pence(), 2'000'000);
  EXPECT_EQ(q.net_pence(), 6'000'000);
  EXPECT_FALSE(q.subsidised());
  EXPECT_TRUE(HasNote(q, "COST_FLOOR_APPLIED"));
  EXPECT_EQ(q.line_items(q.line_items_size() - 1).kind(),
            v1::LINE_KIND_COST_FLOOR);
  EXPECT_EQ(LineSum(q), q.net_pence());
}

TEST(Quote, SubsidyIsFlaggedWhenTheFloorIsNotEnforced) {
  const v1::Quote q =
      QuoteOrDie(WithBase(400'000'000), Spec(v1::ARRANGEMENT_PARTNER, 12),
                 Underpriced(false));
  EXPECT_TRUE(q.subsidised());
  EXPECT_EQ(q.subsidy_shortfall_pence(), 2'000'000);
  EXPECT_EQ(q.net_pence(), 4'000'000);
  EXPECT_TRUE(HasNote(q, "COST_SUBSIDISED"));
}

TEST(Quote, ContributionsCountTowardsTheDeliveryCost) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER, 12);
  AddContribution(&spec, "NLE_SUPPORT",
                  50);  // £40,000 = the whole £40,000 charge.
  const v1::Quote q =
      QuoteOrDie(WithBase(400'000'000), spec, Underpriced(true));
  // Paid 0 + contributed £40,000 against a £60,000 delivery cost.
  EXPECT_EQ(q.cost_floor_pence(), 2'000'000);
  EXPECT_EQ(q.net_pence(), 2'000'000);
  EXPECT_FALSE(q.cost_neutral());
}

TEST(Quote, EffectiveRateIsPerYearOfTheFundingBase) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION, 24);
  AddService(&spec, "PROCUREMENT");  // +0.30%
  const v1::Quote q = QuoteOrDie(WithBase(400'000'000), spec);
  EXPECT_EQ(q.effective_rate_bps(), 230);
}

TEST(Quote, ScheduleSumsToThePennyWithRemainderFirst) {
  const v1::Quote q = QuoteOrDie(WithBase(123456789),
                                 Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 13));
  ASSERT_EQ(q.schedule_size(), 13);
  EXPECT_EQ(ScheduleSum(q), q.net_pence());
  // 2674897 = 13 x 205761 + 4.
  for (int i = 0; i < 13; ++i) {
    EXPECT_EQ(q.schedule(i).amount_pence(), 205761 + (i < 4 ? 1 : 0)) << i;
    EXPECT_EQ(q.schedule(i).sequence(), i + 1);
  }
  EXPECT_EQ(FormatDate(q.schedule(12).due_date()), "2027-09-01");
  EXPECT_EQ(q.frequency(), v1::SCHEDULE_FREQUENCY_MONTHLY);
}

TEST(Quote, TermlyAndAnnualSchedulesCoverAnUnevenTerm) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 13);
  spec.set_frequency(v1::SCHEDULE_FREQUENCY_TERMLY);
  v1::Quote q = QuoteOrDie(WithBase(123456789), spec);
  ASSERT_EQ(q.schedule_size(), 4);  // Months 0, 4, 8, 12.
  EXPECT_EQ(FormatDate(q.schedule(3).due_date()), "2027-09-01");
  EXPECT_EQ(ScheduleSum(q), q.net_pence());
  spec.set_frequency(v1::SCHEDULE_FREQUENCY_ANNUAL);
  q = QuoteOrDie(WithBase(123456789), spec);
  ASSERT_EQ(q.schedule_size(), 2);
  EXPECT_EQ(q.schedule(0).amount_pence(), 1337449);
  EXPECT_EQ(q.schedule(1).amount_pence(), 1337448);
}

TEST(BuildSchedule, ClampsDueDatesToTheEndOfTheMonth) {
  google::protobuf::RepeatedPtrField<v1::Instalment> schedule;
  BuildSchedule(1000, 3, v1::SCHEDULE_FREQUENCY_MONTHLY, Date(2027, 1, 31),
                &schedule);
  ASSERT_EQ(schedule.size(), 3);
  EXPECT_EQ(FormatDate(schedule[1].due_date()), "2027-02-28");
  EXPECT_EQ(FormatDate(schedule[2].due_date()), "2027-03-31");
  EXPECT_EQ(schedule[0].amount_pence(), 334);
  EXPECT_EQ(schedule[2].amount_pence(), 333);
}

TEST(BuildSchedule, FewerPenniesThanInstalments) {
  google::protobuf::RepeatedPtrField<v1::Instalment> schedule;
  BuildSchedule(2, 12, v1::SCHEDULE_FREQUENCY_MONTHLY, Date(2027, 1, 1),
                &schedule);
  ASSERT_EQ(schedule.size(), 12);
  EXPECT_EQ(schedule[0].amount_pence(), 1);
  EXPECT_EQ(schedule[1].amount_pence(), 1);
  EXPECT_EQ(schedule[2].amount_pence(), 0);
}

TEST(Quote, LinesAlwaysSumToTheNet) {
  for (const char* name :
       {"strong_local", "coasting", "deficit", "far_high_performer"}) {
    const v1::Candidate candidate = GoldenCandidate(name);
    v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER, 7);
    AddService(&spec, "IT_MANAGED");
    AddService(&spec, "HR_PAYROLL");
    AddContribution(&spec, "SLE_SUPPORT", 3);
    const v1::Quote q = QuoteOrDie(candidate, spec);
    EXPECT_EQ(LineSum(q), q.net_pence()) << name;
    EXPECT_EQ(q.gross_pence() - q.credits_pence() - q.contributions_pence() +
                  q.cost_floor_pence(),
              q.net_pence())
        << name;
  }
}

TEST(Quote, RecordsThePolicyIdentity) {
  const v1::Quote q =
      QuoteOrDie(WithBase(400'000'000), Spec(v1::ARRANGEMENT_PARTNER));
  EXPECT_EQ(q.policy().content_hash(), Policy::Default().ref().content_hash());
  EXPECT_EQ(q.urn(), "100000");
}

// Validation.

absl::Status QuoteError(const v1::Candidate& candidate,
                        const v1::QuoteSpec& spec) {
  return QuoteContribution(Policy::Default(), candidate, spec).status();
}

TEST(QuoteValidation, TermOutsideTheArrangementsBounds) {
  const absl::Status s = QuoteError(
      WithBase(400'000'000), Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 24));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      s, HasViolation(
             "spec.term_months",
             "within 12-18 months for ARRANGEMENT_TRUST_PARTNERSHIP, got 24"));
}

TEST(QuoteValidation, ArrangementRequiredAndQuotable) {
  EXPECT_THAT(QuoteError(WithBase(1), Spec(v1::ARRANGEMENT_UNSPECIFIED)),
              HasViolation("spec.arrangement", "required"));
  EXPECT_THAT(QuoteError(WithBase(1), Spec(v1::ARRANGEMENT_NOT_RECOMMENDED)),
              HasViolation("spec.arrangement", "cannot be quoted"));
  EXPECT_THAT(QuoteError(WithBase(1), Spec(static_cast<v1::Arrangement>(77))),
              HasViolation("spec.arrangement", "unknown value 77"));
}

TEST(QuoteValidation, FundingBaseRequiredAndPositive) {
  v1::Candidate candidate = WithBase(0);
  EXPECT_THAT(
      QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)),
      HasViolation("candidate.finance.funding_base_pence", "must be positive"));
  candidate.mutable_finance()->clear_funding_base_pence();
  EXPECT_THAT(QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)),
              HasViolation("candidate.finance.funding_base_pence",
                           "required for a quote"));
  candidate.mutable_finance()->set_funding_base_pence(-100);
  EXPECT_THAT(QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)),
              HasViolation("candidate.finance.funding_base_pence",
                           "must not be negative"));
}

TEST(QuoteValidation, UnknownCoreAndDuplicateServices) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER);
  AddService(&spec, "HR_PAYROL");
  AddService(&spec, "CORE_GOVERNANCE");
  AddService(&spec, "CLERKING");
  AddService(&spec, "CLERKING");
  AddContribution(&spec, "SLE", 3);
  const absl::Status s = QuoteError(WithBase(400'000'000), spec);
  EXPECT_THAT(s, HasViolation("spec.services[0].code",
                              "unknown service \"HR_PAYROL\""));
  EXPECT_THAT(
      s, HasViolation("spec.services[1].code", "part of the core programme"));
  EXPECT_THAT(s,
              HasViolation("spec.services[3].code", "listed more than once"));
  EXPECT_THAT(s, HasViolation("spec.contributions[0].code", "unknown service"));
}

TEST(QuoteValidation, QuantitiesAtLeastOne) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER);
  AddService(&spec, "HEADTEACHER_MENTORING", 0);
  AddContribution(&spec, "SLE_SUPPORT", -4);
  const absl::Status s = QuoteError(WithBase(400'000'000), spec);
  EXPECT_THAT(
      s, HasViolation("spec.services[0].quantity", "within 1-10000, got 0"));
  EXPECT_THAT(s, HasViolation("spec.contributions[0].quantity", "got -4"));
}

TEST(QuoteValidation, PerPupilPricesNeedPupils) {
  v1::Candidate candidate = WithBase(400'000'000);
  candidate.mutable_identity()->clear_pupils_on_roll();
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER);
  AddService(&spec, "IT_MANAGED");
  EXPECT_THAT(QuoteError(candidate, spec),
              HasViolation("candidate.identity.pupils_on_roll", "IT_MANAGED"));
  // Without per-pupil services, pupils are not needed.
  EXPECT_TRUE(QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)).ok());
}

TEST(QuoteValidation, ServicesBoughtElsewhereMustBeInTheCatalogue) {
  v1::Candidate candidate = WithBase(400'000'000);
  candidate.mutable_finance()->add_services_bought_elsewhere("PAYROLL");
  EXPECT_THAT(QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)),
              HasViolation("candidate.finance.services_bought_elsewhere[0]",
                           "unknown service"));
}

TEST(QuoteValidation, StartDateRequiredAndReal) {
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_PARTNER);
  spec.clear_start_date();
  EXPECT_THAT(QuoteError(WithBase(1), spec),
              HasViolation("spec.start_date", "required"));
  *spec.mutable_start_date() = Date(2026, 2, 30);
  EXPECT_THAT(QuoteError(WithBase(1), spec),
              HasViolation("spec.start_date", "not a valid date"));
}

TEST(QuoteValidation, CandidateIsValidatedToo) {
  v1::Candidate candidate = WithBase(400'000'000);
  candidate.mutable_identity()->set_urn("abc");
  EXPECT_THAT(QuoteError(candidate, Spec(v1::ARRANGEMENT_PARTNER)),
              HasViolation("candidate.identity.urn", "six-digit"));
}

TEST(QuoteValidation, ReportsEveryProblemAtOnce) {
  v1::Candidate candidate = WithBase(-1);
  v1::QuoteSpec spec = Spec(v1::ARRANGEMENT_TRUST_PARTNERSHIP, 40);
  AddService(&spec, "NOPE");
  spec.clear_start_date();
  const absl::Status s = QuoteError(candidate, spec);
  EXPECT_EQ(FieldViolationsOf(s).size(), 4u) << s;
  EXPECT_THAT(s.message(), HasSubstr("invalid quote request (4 problems)"));
}

}  // namespace
}  // namespace trustfit::scoring
