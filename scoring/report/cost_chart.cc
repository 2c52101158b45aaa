// The quote as pictures: the cost breakdown (a waterfall from the core
// programme to the net) and the instalment timeline.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "scoring/dates.h"
#include "scoring/money.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/svg.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr absl::string_view kChargeColour = "#0b3954";
constexpr absl::string_view kTakenOffColour = "#56b4e9";
constexpr absl::string_view kNetColour = "#009e73";
constexpr absl::string_view kFloorColour = "#e69f00";

struct Step {
  std::string name;
  int64_t delta;  // Pence added to (or, negative, taken off) the running sum.
  bool total;     // Drawn from zero: the net.
};

int64_t SumOf(const v1::Quote& quote, v1::LineKind kind) {
  int64_t sum = 0;
  for (const auto& line : quote.line_items()) {
    if (line.kind() == kind) sum += line.amount_pence();
  }
  return sum;
}

std::vector<Step> Steps(const v1::Quote& quote) {
  std::vector<Step> steps = {
      {"Core programme", SumOf(quote, v1::LINE_KIND_CORE), false},
      {"Add-on services", SumOf(quote, v1::LINE_KIND_ADD_ON), false},
      {"Credits", SumOf(quote, v1::LINE_KIND_CREDIT), false},
      {"Contributions", SumOf(quote, v1::LINE_KIND_CONTRIBUTION), false},
  };
  if (quote.cost_floor_pence() > 0) {
    steps.push_back({"No-subsidy uplift", quote.cost_floor_pence(), false});
  }
  steps.push_back({"Net", quote.net_pence(), true});
  return steps;
}

// The least the school may pay: the trust's delivery cost less what the
// school contributes (§4 step 5), never below zero.
int64_t NoSubsidyFloor(const v1::Quote& quote) {
  return std::max<int64_t>(
      0, quote.delivery_cost_pence() - quote.contributions_pence());
}

// A round step for gridlines in pence: 1, 2 or 5 pounds times a power of ten,
// giving about four lines up to `top`.
int64_t GridStep(int64_t top) {
  const double target = std::max<double>(100, top / 4.0);
  double step = std::pow(10, std::floor(std::log10(target)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (step * factor >= target) return static_cast<int64_t>(step * factor);
  }
  return static_cast<int64_t>(step * 10);
}

struct Plot {
  double left, top, width, height;
  int64_t max_pence;
  double Y(int64_t pence) const {
    return top + height - height * static_cast<double>(pence) / max_pence;
  }
};

void AddGrid(const Plot& plot, Element* svg) {
  const int64_t step = GridStep(plot.max_pence);
  for (int64_t pence = 0; pence <= plot.max_pence; pence += step) {
    const double y = plot.Y(pence);
    svg->Add(Line(plot.left, y, plot.left + plot.width, y)
                 .Attr("stroke", pence == 0 ? "#5b6670" : "#e3e7eb")
                 .Attr("stroke-width", pence == 0 ? 0.8 : 0.6));
    svg->Add(
        Label(plot.left - 4, y + 3, scoring::FormatPence(pence), Anchor::kEnd)
            .Attr("font-size", 8)
            .Attr("fill", "#5b6670"));
  }
}

void AddReference(const Plot& plot, int64_t pence, absl::string_view name,
                  absl::string_view colour, absl::string_view dashes,
                  double label_dy, Element* svg) {
  const double y = plot.Y(pence);
  svg->Add(Line(plot.left, y, plot.left + plot.width, y)
               .Attr("stroke", colour)
               .Attr("stroke-width", 1.2)
               .Attr("stroke-dasharray", dashes));
  const double x = plot.left + plot.width + 6;
  svg->Add(Label(x, y + label_dy, name)
               .Attr("fill", colour)
               .Attr("font-weight", "bold"));
  svg->Add(Label(x, y + label_dy + 11, scoring::FormatPence(pence))
               .Attr("fill", colour));
}

}  // namespace

Element CostBreakdownChart(const v1::Quote& quote) {
  constexpr double kWidth = 690;
  constexpr double kHeight = 185;
  const std::vector<Step> steps = Steps(quote);
  const int64_t top =
      std::max({quote.gross_pence(), quote.delivery_cost_pence(),
                quote.net_pence(), int64_t{100}});
  const Plot plot{78, 22, kWidth - 78 - 150, kHeight - 22 - 34, top + top / 12};
  Element svg = SvgRoot(kWidth, kHeight, "Cost breakdown of the quote");
  AddGrid(plot, &svg);
  const double slot = plot.width / steps.size();
  int64_t running = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const int64_t from = step.total ? 0 : running;
    const int64_t to = step.total ? step.delta : running + step.delta;
    const double x = plot.left + slot * i + slot * 0.18;
    const double y = plot.Y(std::max(from, to));
    const double h = std::max(1.0, plot.Y(std::min(from, to)) - y);
    const absl::string_view colour =
        step.total       ? kNetColour
        : step.delta < 0 ? kTakenOffColour
        : i + 2 == steps.size() && quote.cost_floor_pence() > 0 ? kFloorColour
                                                                : kChargeColour;
    svg.Add(Rect(x, y, slot * 0.64, h).Attr("fill", colour));
    svg.Add(Label(x + slot * 0.32, y - 4,
                  step.total ? scoring::FormatPence(step.delta)
                             : absl::StrCat(step.delta < 0 ? "" : "+",
                                            scoring::FormatPence(step.delta)),
                  Anchor::kMiddle)
                .Attr("font-size", 9)
                .Attr("font-weight", step.total ? "bold" : "normal"));
    svg.Add(Label(x + slot * 0.32, plot.top + plot.height + 14, step.name,
                  Anchor::kMiddle)
                .Attr("font-size", 9));
    running = to;
  }
  // Labels of the two lines: the delivery cost's above its line, the
  // floor's below its own, pushed down when the lines are close.
  const double gap =
      plot.Y(NoSubsidyFloor(quote)) - plot.Y(quote.delivery_cost_pence());
  AddReference(plot, quote.delivery_cost_pence(), "Trust's delivery cost",
               "#3d4852", "5 3", -16, &svg);
  AddReference(plot, NoSubsidyFloor(quote), "No-subsidy floor", kFloorColour,
               "2 2", std::max(12.0, 30 - gap), &svg);
  return svg;
}

Element InstalmentTimeline(const v1::Quote& quote) {
  constexpr double kWidth = 690;
  constexpr double kHeight = 84;
  constexpr double kLeft = 40;
  constexpr double kRight = 70;
  constexpr double kBase = 50;
  Element svg = SvgRoot(kWidth, kHeight, "Instalment timeline");
  if (quote.schedule().empty()) return svg;
  const google::type::Date& start = quote.schedule(0).due_date();
  const google::type::Date end = scoring::AddMonths(start, quote.term_months());
  const auto day = [](const google::type::Date& d) {
    return absl::CivilDay(d.year(), d.month(), d.day());
  };
  const double span = std::max<double>(1, day(end) - day(start));
  const double plot_width = kWidth - kLeft - kRight;
  const auto x_of = [&](const google::type::Date& d) {
    return kLeft + plot_width * (day(d) - day(start)) / span;
  };
  int64_t largest = 1;
  for (const auto& i : quote.schedule()) {
    largest = std::max(largest, i.amount_pence());
  }
  svg.Add(Line(kLeft, kBase, kLeft + plot_width, kBase)
              .Attr("stroke", "#5b6670")
              .Attr("stroke-width", 0.8));
  const int count = quote.schedule_size();
  // About eight labelled instalments, always the last; one that would sit
  // closer than that to the last is left unlabelled rather than overlap it.
  const int label_every = std::max(1, (count + 7) / 8);
  const auto labelled = [&](int i) {
    return i + 1 == count ||
           (i % label_every == 0 && count - 1 - i >= label_every);
  };
  for (int i = 0; i < count; ++i) {
    const auto& instalment = quote.schedule(i);
    const double x = x_of(instalment.due_date());
    const double h = 30.0 * instalment.amount_pence() / largest;
    svg.Add(Rect(x - 3, kBase - h, 6, h)
                .Attr("fill", kNetColour)
                .Add(Tooltip(absl::StrCat(
                    LongDate(instalment.due_date()), ": ",
                    scoring::FormatPence(instalment.amount_pence())))));
    if (!labelled(i)) continue;
    svg.Add(Label(x, kBase - h - 4,
                  scoring::FormatPence(instalment.amount_pence()),
                  Anchor::kMiddle)
                .Attr("font-size", 8));
    svg.Add(
        Label(x, kBase + 13, ShortDate(instalment.due_date()), Anchor::kMiddle)
            .Attr("font-size", 8)
            .Attr("fill", "#3d4852"));
  }
  const double end_x = kLeft + plot_width;
  svg.Add(Line(end_x, kBase - 8, end_x, kBase + 4)
              .Attr("stroke", "#1d232a")
              .Attr("stroke-width", 1.2));
  svg.Add(Label(end_x, kBase + 26,
                absl::StrCat("term ends ", ShortDate(DayBefore(end))),
                Anchor::kMiddle)
              .Attr("font-size", 8)
              .Attr("fill", "#3d4852"));
  return svg;
}

}  // namespace trustfit::report
