// SVG builders: the shapes the report's charts are drawn with, as Elements
// (markup.h), so that every label is escaped on the way out.
//
// Coordinates are SVG user units (CSS pixels at 100%); a picture scales to
// its container through its viewBox.
//
//   Element svg = SvgRoot(300, 200, "Radar of the six criteria");
//   svg.Add(Rect(10, 10, 50, 20).Attr("fill", "#2c7bb6"));
//   svg.Add(Label(35, 45, "Standards", Anchor::kMiddle));
//   std::string text = svg.Render();

#ifndef TRUSTFIT_SCORING_REPORT_SVG_H_
#define TRUSTFIT_SCORING_REPORT_SVG_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/report/markup.h"

namespace trustfit::report {

struct Point {
  double x;
  double y;
};

// How a label's x relates to its text (SVG's text-anchor).
enum class Anchor { kStart, kMiddle, kEnd };

// SvgRoot()
//
// An <svg> element `width` x `height` with a matching viewBox, the SVG
// namespace (so the file stands alone as well as inline in a page), and
// `label` as its accessible name and <title>.
Element SvgRoot(double width, double height, absl::string_view label);

Element Rect(double x, double y, double width, double height);
Element Line(double x1, double y1, double x2, double y2);
Element Circle(double cx, double cy, double r);
// A closed shape through `points`.
Element Polygon(const std::vector<Point>& points);
// An open line through `points`.
Element Polyline(const std::vector<Point>& points);
Element Group();

// Label()
//
// Text at (x, y), its baseline at y, anchored as `anchor` says.
Element Label(double x, double y, absl::string_view text,
              Anchor anchor = Anchor::kStart);

// A <title> child: the tooltip a browser shows over a shape.
Element Tooltip(absl::string_view text);

// The points attribute of a polygon or polyline: "1,2 3,4".
std::string PointsText(const std::vector<Point>& points);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_SVG_H_
