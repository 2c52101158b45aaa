#include "scoring/report/svg.h"

#include "absl/strings/str_cat.h"

namespace trustfit::report {

Element SvgRoot(double width, double height, absl::string_view label) {
  Element svg("svg");
  svg.Attr("xmlns", "http://www.w3.org/2000/svg")
      .Attr("viewBox", absl::StrCat("0 0 ", Num(width), " ", Num(height)))
      .Attr("width", width)
      .Attr("height", height)
      .Attr("role", "img")
      .Attr("aria-label", label)
      .Attr("font-family", "DejaVu Sans, Liberation Sans, Arial, sans-serif")
      .Attr("font-size", 11);
  svg.Add(Element("title").AddText(label));
  return svg;
}

Element Rect(double x, double y, double width, double height) {
  return Element("rect")
      .Attr("x", x)
      .Attr("y", y)
      .Attr("width", width)
      .Attr("height", height);
}

Element Line(double x1, double y1, double x2, double y2) {
  return Element("line").Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2",
                                                                           y2);
}

Element Circle(double cx, double cy, double r) {
  return Element("circle").Attr("cx", cx).Attr("cy", cy).Attr("r", r);
}

std::string PointsText(const std::vector<Point>& points) {
  std::string out;
  for (const Point& p : points) {
    absl::StrAppend(&out, out.empty() ? "" : " ", Num(p.x), ",", Num(p.y));
  }
  return out;
}

Element Polygon(const std::vector<Point>& points) {
  return Element("polygon").Attr("points", PointsText(points));
}

Element Polyline(const std::vector<Point>& points) {
  return Element("polyline")
      .Attr("points", PointsText(points))
      .Attr("fill", "none");
}

Element Group() { return Element("g"); }

Element Label(double x, double y, absl::string_view text, Anchor anchor) {
  Element label("text");
  label.Attr("x", x).Attr("y", y);
  if (anchor == Anchor::kMiddle) label.Attr("text-anchor", "middle");
  if (anchor == Anchor::kEnd) label.Attr("text-anchor", "end");
  label.AddText(text);
  return label;
}

Element Tooltip(absl::string_view text) {
  return Element("title").AddText(text);
}

}  // namespace trustfit::report
