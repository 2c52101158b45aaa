#include "scoring/report/trajectory.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"
#include "scoring/report/svg.h"
#include "scoring/status_macros.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr double kPanelWidth = 170;
constexpr double kPanelHeight = 148;
constexpr double kGap = 14;
constexpr int kColumns = 4;
// The plot inside a panel: room for the title above, the y labels to the
// left and the dates below.
constexpr double kPlotLeft = 24;
constexpr double kPlotTop = 32;
constexpr double kPlotWidth = kPanelWidth - kPlotLeft - 8;
constexpr double kPlotHeight = kPanelHeight - kPlotTop - 24;

struct Series {
  std::string title;
  std::vector<std::optional<double>> scores;  // One per record.
  std::vector<v1::Band> bands;
};

struct Axis {
  std::vector<double> x;  // Of each record, 0-1 across the plot.
  google::type::Date first;
  google::type::Date last;
};

double Seconds(const v1::AssessmentRecord& record) {
  return record.create_time().seconds() + record.create_time().nanos() * 1e-9;
}

absl::StatusOr<std::vector<const v1::AssessmentRecord*>> Sorted(
    const std::vector<v1::AssessmentRecord>& records) {
  if (records.empty()) {
    return absl::InvalidArgumentError("a trajectory needs at least one record");
  }
  std::vector<const v1::AssessmentRecord*> sorted;
  for (const auto& record : records) {
    if (!record.has_assessment()) {
      return absl::InvalidArgumentError(
          absl::StrCat("record ", record.name(), " holds no assessment"));
    }
    if (record.assessment().urn() != records.front().assessment().urn()) {
      return absl::InvalidArgumentError(
          absl::StrCat("a trajectory is of one school: URNs ",
                       records.front().assessment().urn(), " and ",
                       record.assessment().urn()));
    }
    sorted.push_back(&record);
  }
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const auto* a, const auto* b) { return Seconds(*a) < Seconds(*b); });
  return sorted;
}

std::vector<Series> AllSeries(
    const std::vector<const v1::AssessmentRecord*>& records) {
  std::vector<Series> series(1 + CriteriaInOrder().size());
  series[0].title = "Overall";
  for (size_t c = 0; c < CriteriaInOrder().size(); ++c) {
    series[c + 1].title = std::string(CriterionName(CriteriaInOrder()[c]));
  }
  for (const v1::AssessmentRecord* record : records) {
    const v1::Assessment& a = record->assessment();
    series[0].scores.push_back(a.overall_score());
    series[0].bands.push_back(a.overall_band());
    for (size_t c = 0; c < CriteriaInOrder().size(); ++c) {
      std::optional<double> score;
      v1::Band band = v1::BAND_UNSPECIFIED;
      for (const auto& result : a.criteria()) {
        if (result.criterion() == CriteriaInOrder()[c] && result.has_score()) {
          score = result.score();
          band = result.band();
        }
      }
      series[c + 1].scores.push_back(score);
      series[c + 1].bands.push_back(band);
    }
  }
  return series;
}

Axis TimeAxis(const std::vector<const v1::AssessmentRecord*>& records) {
  const double first = Seconds(*records.front());
  const double span = Seconds(*records.back()) - first;
  Axis axis{{},
            DateOf(records.front()->create_time()),
            DateOf(records.back()->create_time())};
  for (const auto* record : records) {
    axis.x.push_back(span > 0 ? (Seconds(*record) - first) / span : 0.5);
  }
  return axis;
}

double PlotY(double score) {
  return kPlotTop + kPlotHeight * (1 - score / 100);
}

Element BandBackground(const v1::Bands& bands) {
  Element group = Group();
  const struct {
    double from, to;
    v1::Band band;
  } regions[] = {
      {bands.strong_min(), 100, v1::BAND_STRONG},
      {bands.secure_min(), bands.strong_min(), v1::BAND_SECURE},
      {bands.developing_min(), bands.secure_min(), v1::BAND_DEVELOPING},
      {0, bands.developing_min(), v1::BAND_CONCERN}};
  for (const auto& r : regions) {
    group.Add(
        Rect(kPlotLeft, PlotY(r.to), kPlotWidth, PlotY(r.from) - PlotY(r.to))
            .Attr("fill", BandTint(r.band)));
  }
  for (const double y : {0.0, bands.developing_min(), bands.secure_min(),
                         bands.strong_min(), 100.0}) {
    group.Add(Label(kPlotLeft - 3, PlotY(y) + 3, scoring::FormatNumber(y),
                    Anchor::kEnd)
                  .Attr("font-size", 7)
                  .Attr("fill", "#5b6670"));
  }
  return group;
}

// "61.2 → 74.5 (+13.3)" from the first to the last known score.
std::string ChangeText(const Series& series) {
  std::optional<double> first, last;
  for (const auto& score : series.scores) {
    if (!score.has_value()) continue;
    if (!first.has_value()) first = score;
    last = score;
  }
  if (!last.has_value()) return "no data";
  if (series.scores.size() == 1 || *first == *last) {
    return ScoreText(last);
  }
  return absl::StrCat(ScoreText(first), " → ", ScoreText(last), " (",
                      SignedPoints(*last - *first), ")");
}

Element Panel(const Series& series, const Axis& axis, const v1::Bands& bands,
              double left, double top) {
  Element panel = Group().Attr(
      "transform", absl::StrCat("translate(", Num(left), " ", Num(top), ")"));
  panel.Add(Label(0, 12, series.title).Attr("font-weight", "bold"));
  panel.Add(Label(0, 24, ChangeText(series))
                .Attr("font-size", 9)
                .Attr("fill", "#3d4852"));
  panel.Add(BandBackground(bands));
  // A line through consecutive known scores; a gap where one is missing.
  std::vector<Point> run;
  const auto flush = [&]() {
    if (run.size() >= 2) {
      panel.Add(
          Polyline(run).Attr("stroke", "#0b3954").Attr("stroke-width", 1.6));
    }
    run.clear();
  };
  Element dots = Group();
  for (size_t i = 0; i < series.scores.size(); ++i) {
    if (!series.scores[i].has_value()) {
      flush();
      continue;
    }
    const Point p{kPlotLeft + 6 + (kPlotWidth - 12) * axis.x[i],
                  PlotY(*series.scores[i])};
    run.push_back(p);
    dots.Add(Circle(p.x, p.y, 3.2)
                 .Attr("fill", BandColour(series.bands[i]))
                 .Attr("stroke", "#ffffff")
                 .Attr("stroke-width", 0.8)
                 .Add(Tooltip(absl::StrCat(series.title, ": ",
                                           ScoreText(series.scores[i])))));
  }
  flush();
  panel.Add(std::move(dots));
  const double date_y = kPlotTop + kPlotHeight + 12;
  panel.Add(
      Label(kPlotLeft, date_y, ShortDate(axis.first)).Attr("font-size", 7.5));
  if (series.scores.size() > 1) {
    panel.Add(Label(kPlotLeft + kPlotWidth, date_y, ShortDate(axis.last),
                    Anchor::kEnd)
                  .Attr("font-size", 7.5));
  }
  return panel;
}

Element RecordsTable(const std::vector<const v1::AssessmentRecord*>& records) {
  Element head("tr");
  for (const char* title : {"Date", "Record", "Overall", "Data",
                            "Recommendation", "Policy", "Requested by"}) {
    head.Add(Element("th").AddText(title));
  }
  Element body("tbody");
  for (const v1::AssessmentRecord* record : records) {
    const v1::Assessment& a = record->assessment();
    const v1::Arrangement arrangement = a.recommendation().arrangement();
    body.Add(
        Element("tr")
            .Add(Element("td")
                     .Attr("class", "nowrap")
                     .AddText(LongDate(DateOf(record->create_time()))))
            .Add(Element("td").Attr("class", "small").AddText(record->name()))
            .Add(Element("td")
                     .Attr("class", "nowrap")
                     .AddText(absl::StrCat(ScoreText(a.overall_score()), " ",
                                           BandLabel(a.overall_band()))))
            .Add(Element("td").AddText(
                absl::StrCat(scoring::FormatNumber(a.completeness_pct()), "%")))
            .Add(Element("td").Add(Chip(ArrangementName(arrangement),
                                        ArrangementColour(arrangement))))
            .Add(Element("td").AddText(record->policy().version()))
            .Add(Element("td")
                     .Attr("class", "small")
                     .AddText(record->requester())));
  }
  return Element("table")
      .Attr("class", "compact")
      .Add(Element("thead").Add(std::move(head)))
      .Add(std::move(body));
}

}  // namespace

absl::StatusOr<Element> TrajectoryChart(
    const std::vector<v1::AssessmentRecord>& records, const v1::Bands& bands) {
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<const v1::AssessmentRecord*> sorted, Sorted(records));
  const std::vector<Series> series = AllSeries(sorted);
  const Axis axis = TimeAxis(sorted);
  const int rows = (static_cast<int>(series.size()) + kColumns) / kColumns;
  const double width = kColumns * kPanelWidth + (kColumns - 1) * kGap;
  const double height = rows * kPanelHeight + (rows - 1) * kGap;
  Element svg =
      SvgRoot(width, height,
              absl::StrCat("Scores of ", sorted.front()->assessment().name(),
                           " across ", sorted.size(), " assessments"));
  // On a page the chart fills the width; as a file it keeps its size.
  svg.Attr("class", "wide");
  for (size_t i = 0; i < series.size(); ++i) {
    svg.Add(Panel(series[i], axis, bands, (i % kColumns) * (kPanelWidth + kGap),
                  (i / kColumns) * (kPanelHeight + kGap)));
  }
  // The last cell explains the panels.
  const double left = (series.size() % kColumns) * (kPanelWidth + kGap);
  const double top = (series.size() / kColumns) * (kPanelHeight + kGap);
  Element key = Group().Attr(
      "transform", absl::StrCat("translate(", Num(left), " ", Num(top), ")"));
  key.Add(Label(0, 12, "How to read").Attr("font-weight", "bold"));
  key.Add(Label(0, 32, "Each dot is one assessment,").Attr("font-size", 9));
  key.Add(Label(0, 45, "coloured by its band; shading").Attr("font-size", 9));
  key.Add(Label(0, 58, "shows the band regions.").Attr("font-size", 9));
  key.Add(
      Label(0, 71, "A gap: that criterion had no data.").Attr("font-size", 9));
  svg.Add(std::move(key));
  return svg;
}

absl::StatusOr<std::string> RenderTrajectorySvg(
    const std::vector<v1::AssessmentRecord>& records, const v1::Bands& bands) {
  TRUSTFIT_ASSIGN_OR_RETURN(const Element chart,
                            TrajectoryChart(records, bands));
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                      chart.Render());
}

absl::StatusOr<std::string> RenderTrajectoryHtml(
    const v1::Policy& policy,
    const std::vector<v1::AssessmentRecord>& records) {
  TRUSTFIT_ASSIGN_OR_RETURN(Element chart,
                            TrajectoryChart(records, policy.scoring().bands()));
  TRUSTFIT_ASSIGN_OR_RETURN(
      const std::vector<const v1::AssessmentRecord*> sorted, Sorted(records));
  const v1::Assessment& first = sorted.front()->assessment();
  std::vector<Element> body;
  body.push_back(Element("div")
                     .Attr("class", "kicker")
                     .AddText(absl::StrCat("School trajectory · ",
                                           policy.trust().name())));
  body.push_back(Element("h1").AddText(first.name()));
  body.push_back(
      Element("p")
          .Attr("class", "subtitle")
          .AddText(absl::StrCat(
              "URN ", first.urn(), " · ", sorted.size(),
              sorted.size() == 1 ? " assessment, " : " assessments, from ",
              LongDate(DateOf(sorted.front()->create_time())),
              sorted.size() == 1
                  ? ""
                  : absl::StrCat(" to ", LongDate(DateOf(
                                             sorted.back()->create_time()))))));
  Element scores = Section("Scores across the assessments", "keep");
  scores.Add(std::move(chart));
  body.push_back(std::move(scores));
  Element list = Section("The assessments, oldest first");
  list.Add(RecordsTable(sorted));
  body.push_back(std::move(list));
  return RenderDocument(Page(absl::StrCat(first.name(), ": trajectory"),
                             std::move(body), Orientation::kLandscape));
}

}  // namespace trustfit::report
