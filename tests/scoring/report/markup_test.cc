// The markup tree and the SVG builders: one escaping function, applied to
// every text and attribute value; numbers written compactly; elements
// closed the way HTML and SVG both accept.

#include "scoring/report/markup.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/page.h"
#include "scoring/report/svg.h"

namespace trustfit::report {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Escape, ReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(Escape("Fish & chips <b> \"quoted\" 'single'"),
            "Fish &amp; chips &lt;b&gt; &quot;quoted&quot; &#39;single&#39;");
}

TEST(Escape, LeavesOtherTextAloneIncludingUtf8) {
  EXPECT_EQ(Escape("£1,234.56 · Strong ≥ 75"), "£1,234.56 · Strong ≥ 75");
  EXPECT_EQ(Escape(""), "");
}

TEST(Escape, IsAppliedOnceNotTwice) {
  // An ampersand already escaped by a caller is escaped again: callers never
  // escape, the tree does.
  EXPECT_EQ(Element("p").AddText("&amp;").Render(), "<p>&amp;amp;</p>\n");
}

TEST(Num, WritesAtMostTwoDecimalsWithoutTrailingZeros) {
  EXPECT_EQ(Num(12), "12");
  EXPECT_EQ(Num(12.5), "12.5");
  EXPECT_EQ(Num(-3.254), "-3.25");
  EXPECT_EQ(Num(0.005), "0.01");
  EXPECT_EQ(Num(-0.001), "0");
  EXPECT_EQ(Num(100.0), "100");
}

TEST(Element, EscapesTextAndAttributeValues) {
  Element a("span");
  a.Attr("title", "a \"b\" <c>").AddText("x < y & z");
  EXPECT_EQ(
      a.Render(),
      "<span title=\"a &quot;b&quot; &lt;c&gt;\">x &lt; y &amp; z</span>");
}

TEST(Element, KeepsAttributesInOrderAndFormatsNumbers) {
  EXPECT_EQ(Element("rect").Attr("x", 1.5).Attr("y", 2.0).Render(),
            "<rect x=\"1.5\" y=\"2\"/>\n");
}

TEST(Element, ClosesEmptyHtmlContainersWithAnEndTag) {
  EXPECT_EQ(Element("td").Render(), "<td></td>\n");
  EXPECT_EQ(Element("span").Render(), "<span></span>");
  EXPECT_EQ(Element("br").Render(), "<br/>");
  EXPECT_EQ(Element("circle").Attr("r", 2).Render(), "<circle r=\"2\"/>\n");
}

TEST(Element, BreaksLinesOnlyBetweenBlocks) {
  Element p("p");
  p.AddText("one ").Add(Element("strong").AddText("two")).AddText(" three");
  EXPECT_EQ(p.Render(), "<p>one <strong>two</strong> three</p>\n");
}

TEST(RenderDocument, StartsWithTheDoctype) {
  EXPECT_THAT(RenderDocument(Element("html")), StartsWith("<!DOCTYPE html>\n"));
}

TEST(StyleSheet, PassesThroughTheEscapingFunctionUnchanged) {
  for (Orientation o : {Orientation::kPortrait, Orientation::kLandscape}) {
    const std::string css = StyleSheet(o);
    EXPECT_EQ(Escape(css), css);
    EXPECT_THAT(css, HasSubstr("@page { size: A4"));
  }
}

TEST(SvgRoot, StandsAloneWithNamespaceViewBoxAndTitle) {
  const std::string svg = SvgRoot(120, 80.5, "A & B").Render();
  EXPECT_THAT(svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                              "viewBox=\"0 0 120 80.5\" width=\"120\" "
                              "height=\"80.5\" role=\"img\" "
                              "aria-label=\"A &amp; B\""));
  EXPECT_THAT(svg, HasSubstr("<title>A &amp; B</title>"));
}

TEST(SvgBuilders, WriteTheirGeometry) {
  EXPECT_EQ(Rect(1, 2, 3, 4).Render(),
            "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\"/>\n");
  EXPECT_EQ(Line(0, 0, 10.25, 5).Render(),
            "<line x1=\"0\" y1=\"0\" x2=\"10.25\" y2=\"5\"/>\n");
  EXPECT_EQ(Polygon({{0, 0}, {1, 2}, {3.5, 4}}).Render(),
            "<polygon points=\"0,0 1,2 3.5,4\"/>\n");
  EXPECT_EQ(Polyline({{0, 1}, {2, 3}}).Render(),
            "<polyline points=\"0,1 2,3\" fill=\"none\"/>\n");
  EXPECT_EQ(Label(5, 6, "<Total>", Anchor::kEnd).Render(),
            "<text x=\"5\" y=\"6\" text-anchor=\"end\">&lt;Total&gt;</text>\n");
}

}  // namespace
}  // namespace trustfit::report
