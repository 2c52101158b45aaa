// The quote's section of the assessment report: its key figures, the cost
// breakdown chart, the line items with their totals, and the instalments.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/money.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"
#include "scoring/report/report_sections.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

Element AmountRow(absl::string_view label, int64_t pence, bool bold) {
  Element name("td");
  Element amount("td");
  amount.Attr("class", "num");
  if (bold) {
    name.Add(Element("strong").AddText(label));
    amount.Add(Element("strong").AddText(scoring::FormatPence(pence)));
  } else {
    name.AddText(label);
    amount.AddText(scoring::FormatPence(pence));
  }
  return Element("tr").Add(std::move(name)).Add(std::move(amount));
}

Element LinesTable(const v1::Quote& quote) {
  Element body("tbody");
  for (const auto& line : quote.line_items()) {
    body.Add(AmountRow(line.description(), line.amount_pence(), false));
  }
  body.Add(AmountRow("Gross (core and add-ons)", quote.gross_pence(), true));
  body.Add(AmountRow("Net for the term", quote.net_pence(), true));
  return Element("table")
      .Attr("class", "compact")
      .Add(Element("thead").Add(
          Element("tr")
              .Add(Element("th").AddText("Line"))
              .Add(Element("th").Attr("class", "num").AddText("Amount"))))
      .Add(std::move(body));
}

// "6 termly instalments from 1 January 2027: 2 of £12,097.00, then 4 of
// £12,095.00." Consecutive equal amounts are counted together.
std::string ScheduleSentence(const v1::Quote& quote) {
  std::vector<std::string> runs;
  const auto& schedule = quote.schedule();
  for (int i = 0; i < schedule.size();) {
    int j = i;
    while (j < schedule.size() &&
           schedule[j].amount_pence() == schedule[i].amount_pence()) {
      ++j;
    }
    runs.push_back(absl::StrCat(
        j - i, " of ", scoring::FormatPence(schedule[i].amount_pence())));
    i = j;
  }
  return absl::StrCat(schedule.size(), " ", FrequencyName(quote.frequency()),
                      schedule.size() == 1 ? " instalment" : " instalments",
                      " from ", LongDate(schedule[0].due_date()), ": ",
                      absl::StrJoin(runs, ", then "), ".");
}

// What a board must not miss about the price: a subsidy, an uplift to the
// floor, or a school that pays nothing.
void AddWarnings(const v1::Quote& quote, Element* section) {
  if (quote.subsidised()) {
    section->Add(
        Element("div")
            .Attr("class", "warning")
            .AddText(absl::StrCat(
                "Subsidised: the net leaves the trust's schools paying ",
                scoring::FormatPence(quote.subsidy_shortfall_pence()),
                " of the cost of delivering the package.")));
  }
  if (quote.cost_floor_pence() > 0) {
    section->Add(Element("div")
                     .Attr("class", "warning")
                     .AddText(absl::StrCat(
                         "The net was raised by ",
                         scoring::FormatPence(quote.cost_floor_pence()),
                         " to the no-subsidy floor.")));
  }
  if (quote.cost_neutral()) {
    section->Add(Element("div")
                     .Attr("class", "callout")
                     .AddText("Cost-neutral: the school's contributions cover "
                              "the whole charge."));
  }
}

}  // namespace

Element QuoteSection(const v1::Quote& quote) {
  Element section = Section(
      absl::StrCat("Contribution quote: ", ArrangementName(quote.arrangement()),
                   ", ", quote.term_months(), " months"));
  section.Add(Facts({
      {"Net cost", scoring::FormatPence(quote.net_pence())},
      {"Effective rate",
       absl::StrCat(scoring::FormatBasisPoints(quote.effective_rate_bps()),
                    " a year")},
      {"Funding base", scoring::FormatPence(quote.funding_base_pence())},
      {"Delivery cost", scoring::FormatPence(quote.delivery_cost_pence())},
  }));
  AddWarnings(quote, &section);
  section.Add(CostBreakdownChart(quote));
  section.Add(LinesTable(quote));
  if (!quote.notes().empty()) {
    Element notes("ul");
    notes.Attr("class", "small muted");
    for (const auto& note : quote.notes()) {
      notes.Add(Element("li").AddText(
          absl::StrCat(note.code(), ": ", note.explanation())));
    }
    section.Add(std::move(notes));
  }
  if (quote.schedule().empty()) {
    section.Add(Element("h3").AddText("Instalments: none, the net is £0.00"));
    return section;
  }
  section.Add(Element("h3").AddText(
      absl::StrCat("Instalments: ", ScheduleSentence(quote))));
  section.Add(InstalmentTimeline(quote));
  return section;
}

}  // namespace trustfit::report
