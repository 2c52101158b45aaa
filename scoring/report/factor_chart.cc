// The points each factor won or lost: a diverging bar chart drawn as a
// table, so that each factor's sentence wraps beside its bar and rows break
// cleanly across printed pages, with one SVG bar per row on a shared scale.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/svg.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr double kBarWidth = 112;
constexpr double kBarHeight = 14;
constexpr absl::string_view kWonColour = "#2c7bb6";
constexpr absl::string_view kLostColour = "#d7191c";
// Points a neutral factor (a phase new to the trust) did not earn: a question
// for the trust, never counted against the school (§3.2).
constexpr absl::string_view kConsiderColour = "#b0b7bd";

struct FactorRow {
  std::string name;
  v1::Criterion criterion;
  double won;
  double lost;  // Positive: the points the factor did not earn.
  bool neutral;
  std::string sentence;
};

std::vector<FactorRow> Rows(const v1::Assessment& assessment) {
  std::vector<FactorRow> rows;
  for (const auto& criterion : assessment.criteria()) {
    for (const auto& factor : criterion.factors()) {
      if (!factor.has_score()) continue;
      rows.push_back({FactorName(factor.factor()), criterion.criterion(),
                      factor.points(), factor.points_lost(),
                      factor.direction() == v1::REASON_DIRECTION_NEUTRAL,
                      factor.explanation()});
    }
    for (const auto& adjustment : criterion.adjustments()) {
      const v1::Criterion c = criterion.criterion();
      rows.push_back({FactorName(adjustment.reason_code()), c,
                      std::max(0.0, adjustment.points()),
                      std::max(0.0, -adjustment.points()), false,
                      adjustment.explanation()});
    }
  }
  // Most points first; a stable order among equals.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const FactorRow& a, const FactorRow& b) {
                     return a.won - a.lost > b.won - b.lost;
                   });
  return rows;
}

// The half-width of the scale in points: the largest bar, rounded up to a
// whole number of points so the axis reads cleanly.
double ScaleMax(const std::vector<FactorRow>& rows) {
  double largest = 1;
  for (const FactorRow& row : rows) {
    largest = std::max({largest, row.won, row.lost});
  }
  return std::ceil(largest);
}

Element Bar(const FactorRow& row, double scale) {
  Element svg =
      SvgRoot(kBarWidth, kBarHeight,
              absl::StrCat(row.name, ": ", SignedPoints(row.won), " won, ",
                           SignedPoints(-row.lost), " lost"));
  const double mid = kBarWidth / 2;
  const double unit = (kBarWidth / 2 - 2) / scale;
  svg.Add(Rect(mid - row.lost * unit, 2, row.lost * unit, kBarHeight - 4)
              .Attr("fill", row.neutral ? kConsiderColour : kLostColour));
  svg.Add(
      Rect(mid, 2, row.won * unit, kBarHeight - 4).Attr("fill", kWonColour));
  svg.Add(Line(mid, 0, mid, kBarHeight)
              .Attr("stroke", "#1d232a")
              .Attr("stroke-width", 0.8));
  return svg;
}

// The header's scale: lost to the left, won to the right.
Element Axis(double scale) {
  Element svg = SvgRoot(kBarWidth, 14, "Points lost and won");
  const double mid = kBarWidth / 2;
  svg.Add(Label(2, 10, absl::StrCat("-", scoring::FormatNumber(scale)))
              .Attr("fill", "#b3261e"));
  svg.Add(Label(mid, 10, "0", Anchor::kMiddle));
  svg.Add(Label(kBarWidth - 2, 10,
                absl::StrCat("+", scoring::FormatNumber(scale)), Anchor::kEnd)
              .Attr("fill", "#1f6f9f"));
  return svg;
}

Element Header(double scale) {
  Element head("tr");
  head.Add(Element("th").Attr("class", "name").AddText("Factor"));
  head.Add(Element("th").Attr("class", "bar").Add(Axis(scale)));
  head.Add(Element("th").Attr("class", "num").AddText("Won"));
  head.Add(Element("th").Attr("class", "num").AddText("Lost"));
  head.Add(Element("th").AddText("Why"));
  return Element("thead").Add(std::move(head));
}

Element RowElement(const FactorRow& row, double scale) {
  Element name("td");
  name.Attr("class", "name");
  name.Add(Element("strong").AddText(row.name));
  name.AddText(" ");
  name.Add(Element("span")
               .Attr("class", "small muted nowrap")
               .AddText(row.neutral
                            ? absl::StrCat(CriterionName(row.criterion),
                                           ", to consider")
                            : std::string(CriterionName(row.criterion))));
  return Element("tr")
      .Add(std::move(name))
      .Add(Element("td").Add(Bar(row, scale)))
      .Add(Element("td")
               .Attr("class", "num won")
               .AddText(row.won > 0 ? SignedPoints(row.won) : ""))
      .Add(Element("td")
               .Attr("class", row.neutral ? "num muted" : "num lost")
               .AddText(row.lost > 0 ? SignedPoints(-row.lost) : ""))
      .Add(Element("td").Attr("class", "why").AddText(row.sentence));
}

// The factors left out for want of data, with what to collect.
Element NotKnown(const v1::Assessment& assessment) {
  std::vector<std::string> items;
  for (const auto& criterion : assessment.criteria()) {
    for (const auto& factor : criterion.factors()) {
      if (factor.has_score()) continue;
      items.push_back(absl::StrCat(FactorName(factor.factor()), " (",
                                   absl::StrJoin(factor.missing_fields(), ", "),
                                   ")"));
    }
  }
  Element p("p");
  p.Attr("class", "small muted");
  if (items.empty()) return p.AddText("Every factor had data.");
  return p
      .Add(Element("strong").AddText(
          absl::StrCat("Not known, left out of the score (", items.size(),
                       items.size() == 1 ? " factor" : " factors", "): ")))
      .AddText(absl::StrJoin(items, "; "));
}

}  // namespace

Element FactorPointsTable(const v1::Assessment& assessment) {
  const std::vector<FactorRow> rows = Rows(assessment);
  const double scale = ScaleMax(rows);
  Element body("tbody");
  for (const FactorRow& row : rows) body.Add(RowElement(row, scale));
  Element chart("div");
  chart.Add(Element("table")
                .Attr("class", "factors")
                .Add(Header(scale))
                .Add(std::move(body)));
  chart.Add(NotKnown(assessment));
  return chart;
}

}  // namespace trustfit::report
