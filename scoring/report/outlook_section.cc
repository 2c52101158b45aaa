// The report's two forward-looking sections: the outlook while data is
// missing (§3.6) and "what would it take" (§3.7).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/money.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"
#include "scoring/report/report_sections.h"
#include "scoring/report/svg.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

using Fact = std::pair<std::string, std::string>;

// How many of the inputs to collect the report lists; the rest are counted.
constexpr int kCollectListed = 6;

std::string ScoreAndBand(double score, v1::Band band) {
  return absl::StrCat(ScoreText(score), " (", BandLabel(band), ")");
}

// The overall score's range on a 0-100 scale over the band regions, with a
// tick at the score on the data known.
Element ScoreRangeBar(const v1::Assessment& assessment,
                      const v1::Bands& bands) {
  constexpr double kWidth = 690, kLeft = 8, kPlot = kWidth - 16, kTop = 6,
                   kBar = 16;
  const v1::Outlook& o = assessment.outlook();
  const auto x = [](double score) {
    return kLeft + kPlot * std::clamp(score, 0.0, 100.0) / 100;
  };
  Element svg = SvgRoot(
      kWidth, 44,
      absl::StrCat("Overall score could be ", ScoreText(o.min_overall()),
                   " to ", ScoreText(o.max_overall())));
  const struct {
    v1::Band band;
    double from, to;
  } regions[] = {
      {v1::BAND_CONCERN, 0, bands.developing_min()},
      {v1::BAND_DEVELOPING, bands.developing_min(), bands.secure_min()},
      {v1::BAND_SECURE, bands.secure_min(), bands.strong_min()},
      {v1::BAND_STRONG, bands.strong_min(), 100},
  };
  for (const auto& r : regions) {
    svg.Add(Rect(x(r.from), kTop, x(r.to) - x(r.from), kBar)
                .Attr("fill", BandTint(r.band)));
  }
  svg.Add(Rect(x(o.min_overall()), kTop + 4,
               std::max(1.0, x(o.max_overall()) - x(o.min_overall())), kBar - 8)
              .Attr("fill", "#0b3954")
              .Add(Tooltip("The range over the missing inputs")));
  const double now = x(assessment.overall_score());
  svg.Add(Line(now, kTop - 3, now, kTop + kBar + 3)
              .Attr("stroke", "#e69f00")
              .Attr("stroke-width", 2.5)
              .Add(Tooltip("The score on the data known")));
  for (const double tick : {0.0, bands.developing_min(), bands.secure_min(),
                            bands.strong_min(), 100.0}) {
    svg.Add(Label(x(tick), kTop + kBar + 12, scoring::FormatNumber(tick),
                  tick == 0 ? Anchor::kStart
                            : (tick == 100 ? Anchor::kEnd : Anchor::kMiddle))
                .Attr("font-size", 8)
                .Attr("fill", "#5b6670"));
  }
  return svg;
}

std::vector<Fact> OutlookFacts(const v1::Assessment& assessment) {
  const v1::Outlook& o = assessment.outlook();
  std::vector<Fact> facts = {
      {"Overall could be",
       absl::StrCat(ScoreAndBand(o.min_overall(), o.min_band()), " to ",
                    ScoreAndBand(o.max_overall(), o.max_band()))},
      {"At worst", std::string(ArrangementName(o.worst_arrangement()))},
      {"At best", std::string(ArrangementName(o.best_arrangement()))},
  };
  if (o.provisional().term_months() > 0) {
    facts.insert(facts.begin(),
                 {"Provisional term",
                  absl::StrCat(o.provisional().term_months(), " months")});
  }
  return facts;
}

Element PossibleGates(const v1::Outlook& outlook) {
  Element list("ul");
  for (const std::string& code : outlook.possible_gates()) {
    const scoring::ReasonCodeInfo* info = FindReasonCode(code);
    Element item("li");
    item.Add(Element("strong").AddText(code));
    if (info != nullptr) item.AddText(absl::StrCat(": ", info->meaning));
    list.Add(std::move(item));
  }
  return list;
}

Element CollectFirstTable(const v1::Outlook& outlook) {
  Element head("tr");
  head.Add(Element("th").AddText("Collect"))
      .Add(Element("th").AddText("Fields"))
      .Add(Element("th").Attr("class", "num").AddText("Points at stake"))
      .Add(Element("th").AddText("Could change it"));
  Element body("tbody");
  const int listed = std::min(kCollectListed, outlook.collect_first_size());
  for (int i = 0; i < listed; ++i) {
    const v1::DataToCollect& c = outlook.collect_first(i);
    body.Add(Element("tr")
                 .Add(Element("td")
                          .Attr("class", "nowrap")
                          .Attr("title", c.explanation())
                          .Add(Element("strong").AddText(
                              c.factor().empty() ? c.code()
                                                 : FactorName(c.factor()))))
                 .Add(Element("td")
                          .Attr("class", "small")
                          .AddText(absl::StrJoin(c.fields(), ", ")))
                 .Add(Element("td")
                          .Attr("class", "num")
                          .AddText(scoring::FormatNumber(c.points_at_stake())))
                 .Add(Element("td").AddText(
                     c.can_change_provisional() ? "Yes" : "No")));
  }
  Element table("table");
  table.Attr("class", "compact")
      .Add(Element("thead").Add(std::move(head)))
      .Add(std::move(body));
  return table;
}

}  // namespace

Element OutlookSection(const v1::Assessment& assessment,
                       const v1::Bands& bands) {
  const v1::Outlook& o = assessment.outlook();
  const v1::Recommendation& p = o.provisional();
  Element section = Section("Outlook: provisional while data is missing");
  section.Add(Element("div")
                  .Attr("class", "headline")
                  .Add(Chip(absl::StrCat("Provisionally: ",
                                         ArrangementName(p.arrangement())),
                            ArrangementColour(p.arrangement()))));
  section.Add(Facts(OutlookFacts(assessment)));
  section.Add(Element("div")
                  .Attr("class", "keep")
                  .Add(ScoreRangeBar(assessment, bands))
                  .Add(Element("p")
                           .Attr("class", "small muted")
                           .AddText("The bar spans the overall score with "
                                    "every missing input at its worst and at "
                                    "its best; the orange tick is the score "
                                    "on the data known.")));
  section.Add(Element("p").AddText(
      absl::StrCat("Provisional, by ", p.rule(), ": ", p.explanation())));
  if (!o.possible_gates().empty()) {
    section.Add(Element("h3").AddText("Gates that could still fire"));
    section.Add(PossibleGates(o));
  }
  if (!o.collect_first().empty()) {
    section.Add(Element("h3").AddText("Data to collect first"));
    section.Add(CollectFirstTable(o));
    if (o.collect_first_size() > kCollectListed) {
      section.Add(Element("p")
                      .Attr("class", "small muted")
                      .AddText(absl::StrCat(
                          "And ", o.collect_first_size() - kCollectListed,
                          " more inputs, each with fewer points at stake.")));
    }
  }
  return section;
}

}  // namespace trustfit::report
