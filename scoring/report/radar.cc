// The radar of the six criteria, and the band legend shared with the
// trajectory.

#include <cmath>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/svg.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr double kPi = 3.14159265358979323846;

// The axes clockwise from the top, in the order of §3's table.
constexpr int kAxisCount = 6;

struct RadarGeometry {
  Point centre;
  double radius;  // Of a score of 100.

  Point At(int axis, double score) const {
    const double angle = -kPi / 2 + axis * 2 * kPi / kAxisCount;
    const double r = radius * score / 100;
    return {centre.x + r * std::cos(angle), centre.y + r * std::sin(angle)};
  }

  std::vector<Point> Ring(double score) const {
    std::vector<Point> points;
    for (int i = 0; i < kAxisCount; ++i) points.push_back(At(i, score));
    return points;
  }
};

const v1::CriterionResult* FindCriterion(const v1::Assessment& assessment,
                                         v1::Criterion criterion) {
  for (const auto& result : assessment.criteria()) {
    if (result.criterion() == criterion) return &result;
  }
  return nullptr;
}

// The band regions, outermost first so that each inner ring paints over it,
// with a thin outline at each threshold.
Element BandRings(const RadarGeometry& g, const v1::Bands& bands) {
  Element rings = Group();
  const struct {
    double top;
    v1::Band band;
  } regions[] = {{100, v1::BAND_STRONG},
                 {bands.strong_min(), v1::BAND_SECURE},
                 {bands.secure_min(), v1::BAND_DEVELOPING},
                 {bands.developing_min(), v1::BAND_CONCERN}};
  for (const auto& region : regions) {
    rings.Add(Polygon(g.Ring(region.top))
                  .Attr("fill", BandTint(region.band))
                  .Attr("stroke", "#c5cdd4")
                  .Attr("stroke-width", 0.6));
  }
  for (const double threshold :
       {bands.developing_min(), bands.secure_min(), bands.strong_min()}) {
    const Point p = g.At(0, threshold);
    rings.Add(Label(p.x + 3, p.y + 3, scoring::FormatNumber(threshold))
                  .Attr("font-size", 7.5)
                  .Attr("fill", "#5b6670"));
  }
  return rings;
}

// The criterion's name and score at the end of its axis.
Element AxisLabel(const RadarGeometry& g, int axis,
                  const v1::CriterionResult* result) {
  const Point p = g.At(axis, 114);
  const Anchor anchor = std::abs(p.x - g.centre.x) < 1 ? Anchor::kMiddle
                        : p.x > g.centre.x             ? Anchor::kStart
                                                       : Anchor::kEnd;
  const double y = p.y < g.centre.y - 1 ? p.y - 6 : p.y + 4;
  const bool scored = result != nullptr && result->has_score();
  Element label = Group();
  label.Add(Label(p.x, y, CriterionName(CriteriaInOrder()[axis]), anchor)
                .Attr("font-weight", "bold"));
  label.Add(Label(p.x, y + 12,
                  scored ? absl::StrCat(ScoreText(result->score()), " · ",
                                        BandLabel(result->band()))
                         : "no data",
                  anchor)
                .Attr("fill", scored ? "#3d4852" : "#8a949c")
                .Attr("font-style", scored ? "normal" : "italic"));
  return label;
}

}  // namespace

Element CriteriaRadar(const v1::Assessment& assessment,
                      const v1::Bands& bands) {
  constexpr double kWidth = 340;
  constexpr double kHeight = 258;
  const RadarGeometry g{{kWidth / 2, 132}, 86};
  Element svg =
      SvgRoot(kWidth, kHeight, "Radar of the six criteria over the band rings");
  svg.Add(BandRings(g, bands));
  std::vector<Point> shape;
  Element marks = Group();
  for (int i = 0; i < kAxisCount; ++i) {
    const Point end = g.At(i, 100);
    svg.Add(Line(g.centre.x, g.centre.y, end.x, end.y)
                .Attr("stroke", "#aab4bd")
                .Attr("stroke-width", 0.6));
    const v1::CriterionResult* result =
        FindCriterion(assessment, CriteriaInOrder()[i]);
    svg.Add(AxisLabel(g, i, result));
    if (result == nullptr || !result->has_score()) continue;
    const Point p = g.At(i, result->score());
    shape.push_back(p);
    // A spoke to the score, so that each criterion reads on its own even
    // when others are missing and no shape is drawn.
    marks.Add(Line(g.centre.x, g.centre.y, p.x, p.y)
                  .Attr("stroke", "#0b3954")
                  .Attr("stroke-width", 2.2)
                  .Attr("stroke-linecap", "round"));
    marks.Add(
        Circle(p.x, p.y, 3.8)
            .Attr("fill", BandColour(result->band()))
            .Attr("stroke", "#ffffff")
            .Attr("stroke-width", 1)
            .Add(Tooltip(absl::StrCat(CriterionName(CriteriaInOrder()[i]), ": ",
                                      ScoreText(result->score())))));
  }
  // The shape only when every criterion is known: joining the known ones
  // across a missing axis would draw a score that was never computed.
  if (shape.size() == static_cast<size_t>(kAxisCount)) {
    svg.Add(Polygon(shape)
                .Attr("fill", "#0b3954")
                .Attr("fill-opacity", 0.14)
                .Attr("stroke", "#0b3954")
                .Attr("stroke-width", 1.4)
                .Attr("stroke-linejoin", "round"));
  }
  svg.Add(std::move(marks));
  return svg;
}

Element BandLegend(const v1::Bands& bands, double width) {
  Element svg = SvgRoot(width, 16, "Bands");
  const struct {
    v1::Band band;
    std::string threshold;
  } entries[] = {
      {v1::BAND_STRONG, scoring::FormatNumber(bands.strong_min()) + "+"},
      {v1::BAND_SECURE, scoring::FormatNumber(bands.secure_min()) + "+"},
      {v1::BAND_DEVELOPING,
       scoring::FormatNumber(bands.developing_min()) + "+"},
      {v1::BAND_CONCERN, "< " + scoring::FormatNumber(bands.developing_min())},
  };
  double x = 2;
  for (const auto& entry : entries) {
    const std::string text =
        absl::StrCat(BandLabel(entry.band), " ", entry.threshold);
    svg.Add(Rect(x, 3, 10, 10)
                .Attr("fill", BandTint(entry.band))
                .Attr("stroke", BandColour(entry.band)));
    svg.Add(Label(x + 14, 12, text).Attr("font-size", 8.5));
    // About 5 units a character at this size, then a gap.
    x += 14 + 5 * text.size() + 12;
  }
  return svg;
}

}  // namespace trustfit::report
