// The quote's pictures for known pence: a plot 462 wide and 129 tall from
// (78, 22), its top at the largest figure plus a twelfth.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/charts.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// £1,200 core less a £240 credit: net £960 against a £1,200 delivery cost,
// so the plot's top is 130,000 pence.
v1::Quote Quote() {
  v1::Quote quote;
  auto* core = quote.add_line_items();
  core->set_kind(v1::LINE_KIND_CORE);
  core->set_amount_pence(120000);
  auto* credit = quote.add_line_items();
  credit->set_kind(v1::LINE_KIND_CREDIT);
  credit->set_amount_pence(-24000);
  quote.set_gross_pence(120000);
  quote.set_delivery_cost_pence(120000);
  quote.set_net_pence(96000);
  return quote;
}

TEST(CostBreakdownChart, BarsAreAsLongAsTheirPence) {
  const std::string svg = CostBreakdownChart(Quote()).Render();
  // Core: 129 * 12/13 tall from the baseline at 151, in the first slot.
  EXPECT_THAT(svg, HasSubstr("<rect x=\"94.63\" y=\"31.92\" width=\"59.14\" "
                             "height=\"119.08\" fill=\"#0b3954\"/>"));
  // The credit takes 129 * 24000/130000 off, in the third slot.
  EXPECT_THAT(svg, HasSubstr("<rect x=\"279.43\" y=\"31.92\" width=\"59.14\" "
                             "height=\"23.82\" fill=\"#56b4e9\"/>"));
  // The net from zero in the fifth slot.
  EXPECT_THAT(svg, HasSubstr("<rect x=\"464.23\" y=\"55.74\" width=\"59.14\" "
                             "height=\"95.26\" fill=\"#009e73\"/>"));
  EXPECT_THAT(svg, HasSubstr(">+£1,200.00</text>"));
  EXPECT_THAT(svg, HasSubstr(">Trust&#39;s delivery cost</text>"));
  EXPECT_THAT(svg, HasSubstr("aria-label=\"Cost breakdown of the quote\""));
  EXPECT_THAT(svg, Not(HasSubstr("No-subsidy uplift")));
}

TEST(CostBreakdownChart, ShowsTheUpliftOnlyWhenTheNetWasRaised) {
  v1::Quote quote = Quote();
  quote.set_cost_floor_pence(5000);
  EXPECT_THAT(CostBreakdownChart(quote).Render(),
              HasSubstr(">No-subsidy uplift</text>"));
}

TEST(InstalmentTimeline, EmptyScheduleIsJustTheNamedPicture) {
  const std::string svg = InstalmentTimeline(v1::Quote()).Render();
  EXPECT_THAT(svg, HasSubstr("<title>Instalment timeline</title>"));
  EXPECT_THAT(svg, Not(HasSubstr("<rect")));
}

TEST(InstalmentTimeline, BarsAreAsTallAsTheirAmounts) {
  v1::Quote quote;
  quote.set_term_months(12);
  for (const int month : {1, 7}) {
    auto* instalment = quote.add_schedule();
    instalment->mutable_due_date()->set_year(2027);
    instalment->mutable_due_date()->set_month(month);
    instalment->mutable_due_date()->set_day(1);
    instalment->set_amount_pence(month == 1 ? 10000 : 5000);
  }
  const std::string svg = InstalmentTimeline(quote).Render();
  // The largest is 30 tall on the baseline at 50, at the left edge (40).
  EXPECT_THAT(svg, HasSubstr("<rect x=\"37\" y=\"20\" width=\"6\" "
                             "height=\"30\" fill=\"#009e73\">"));
  // Half the amount, half as tall: 181 days of 365 along 580.
  EXPECT_THAT(svg, HasSubstr("y=\"35\" width=\"6\" height=\"15\""));
  EXPECT_THAT(svg, HasSubstr("<title>1 January 2027: £100.00</title>"));
}

}  // namespace
}  // namespace trustfit::report
