// The quote's section of the board pack (report_sections.h QuoteSection):
// its heading, key figures, the warnings a board must not miss, the lines
// with their totals, the notes and the instalments in one sentence.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/report_sections.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

void AddInstalment(v1::Quote* quote, int month, int64_t pence) {
  v1::Instalment* instalment = quote->add_schedule();
  instalment->set_sequence(quote->schedule_size());
  instalment->mutable_due_date()->set_year(2027);
  instalment->mutable_due_date()->set_month(month);
  instalment->mutable_due_date()->set_day(1);
  instalment->set_amount_pence(pence);
}

// A 12-month partnership: £36,290 net, in three termly instalments.
v1::Quote PartnershipQuote() {
  v1::Quote quote;
  quote.set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  quote.set_term_months(12);
  quote.set_funding_base_pence(500'000'000);
  quote.set_delivery_cost_pence(3'000'000);
  quote.set_gross_pence(3'629'000);
  quote.set_net_pence(3'629'000);
  quote.set_effective_rate_bps(73);
  quote.set_frequency(v1::SCHEDULE_FREQUENCY_TERMLY);
  v1::LineItem* core = quote.add_line_items();
  core->set_description("Core partnership <support>");
  core->set_amount_pence(3'629'000);
  AddInstalment(&quote, 1, 1'209'700);
  AddInstalment(&quote, 4, 1'209'650);
  AddInstalment(&quote, 9, 1'209'650);
  return quote;
}

TEST(QuoteSection, NamesTheArrangementAndTermAndItsKeyFigures) {
  const std::string html = QuoteSection(PartnershipQuote()).Render();
  EXPECT_THAT(html, HasSubstr("<h2>Contribution quote: Trust partnership, 12 "
                              "months</h2>"));
  EXPECT_THAT(html, HasSubstr("<dd>£36,290.00</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>0.73% a year</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>£5,000,000.00</dd>"));
  EXPECT_THAT(html, HasSubstr("<dd>£30,000.00</dd>"));
}

TEST(QuoteSection, ListsEachLineEscapedThenTheTotals) {
  const std::string html = QuoteSection(PartnershipQuote()).Render();
  EXPECT_THAT(html, HasSubstr("Core partnership &lt;support&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<support>")));
  EXPECT_THAT(html, HasSubstr("<strong>Gross (core and add-ons)</strong>"));
  EXPECT_THAT(html, HasSubstr("<strong>Net for the term</strong>"));
}

TEST(QuoteSection, CountsEqualInstalmentsTogetherInOneSentence) {
  const std::string html = QuoteSection(PartnershipQuote()).Render();
  EXPECT_THAT(html,
              HasSubstr("Instalments: 3 termly instalments from 1 January "
                        "2027: 1 of £12,097.00, then 2 of £12,096.50."));
}

TEST(QuoteSection, ASingleInstalmentIsSingular) {
  v1::Quote quote = PartnershipQuote();
  quote.clear_schedule();
  quote.set_frequency(v1::SCHEDULE_FREQUENCY_ANNUAL);
  AddInstalment(&quote, 9, 3'629'000);
  EXPECT_THAT(QuoteSection(quote).Render(),
              HasSubstr("1 annual instalment from 1 September 2027: 1 of "
                        "£36,290.00."));
}

TEST(QuoteSection, ANetOfNothingHasNoInstalments) {
  v1::Quote quote = PartnershipQuote();
  quote.clear_schedule();
  quote.set_net_pence(0);
  quote.set_cost_neutral(true);
  const std::string html = QuoteSection(quote).Render();
  EXPECT_THAT(html, HasSubstr("Instalments: none, the net is £0.00"));
  EXPECT_THAT(html, HasSubstr("Cost-neutral: the school&#39;s contributions "
                              "cover the whole charge."));
}

TEST(QuoteSection, WarnsOfASubsidyAndOfAnUpliftToTheFloor) {
  v1::Quote quote = PartnershipQuote();
  EXPECT_THAT(QuoteSection(quote).Render(), Not(HasSubstr("warning")));
  quote.set_subsidised(true);
  quote.set_subsidy_shortfall_pence(150'000);
  quote.set_cost_floor_pence(25'000);
  const std::string html = QuoteSection(quote).Render();
  EXPECT_THAT(html, HasSubstr("Subsidised: the net leaves the trust&#39;s "
                              "schools paying £1,500.00 of the cost"));
  EXPECT_THAT(html, HasSubstr("The net was raised by £250.00 to the no-subsidy "
                              "floor."));
}

TEST(QuoteSection, ShowsEachNoteWithItsCode) {
  v1::Quote quote = PartnershipQuote();
  v1::QuoteNote* note = quote.add_notes();
  note->set_code("TERM_PRORATED");
  note->set_explanation("The first term is charged pro rata.");
  EXPECT_THAT(QuoteSection(quote).Render(),
              HasSubstr("<li>TERM_PRORATED: The first term is charged pro "
                        "rata.</li>"));
}

}  // namespace
}  // namespace trustfit::report
