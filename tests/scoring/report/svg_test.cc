// The SVG builders: each shape's geometry written exactly, labels escaped,
// and the root's accessible name.

#include "scoring/report/svg.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::report {
namespace {

using ::testing::HasSubstr;

TEST(SvgRoot, NamesThePictureForScreenReaders) {
  const std::string svg = SvgRoot(10, 20, "<Radar> \"x\"").Render();
  EXPECT_THAT(svg, HasSubstr("role=\"img\""));
  EXPECT_THAT(svg, HasSubstr("aria-label=\"&lt;Radar&gt; &quot;x&quot;\""));
  EXPECT_THAT(svg, HasSubstr("<title>&lt;Radar&gt; &quot;x&quot;</title>"));
  EXPECT_THAT(svg, HasSubstr("viewBox=\"0 0 10 20\""));
}

TEST(Circle, WritesCentreAndRadius) {
  EXPECT_EQ(Circle(1.5, -2, 3.804).Render(),
            "<circle cx=\"1.5\" cy=\"-2\" r=\"3.8\"/>\n");
}

TEST(Label, AnchorsStartByDefaultAndMiddleWhenAsked) {
  EXPECT_EQ(Label(1, 2, "a").Render(), "<text x=\"1\" y=\"2\">a</text>\n");
  EXPECT_EQ(Label(1, 2, "a & b", Anchor::kMiddle).Render(),
            "<text x=\"1\" y=\"2\" text-anchor=\"middle\">a &amp; b</text>\n");
}

TEST(Tooltip, IsAnEscapedTitle) {
  EXPECT_THAT(Tooltip("Standards: <50>").Render(),
              HasSubstr("<title>Standards: &lt;50&gt;</title>"));
}

TEST(PointsText, JoinsPointsAndIsEmptyForNone) {
  EXPECT_EQ(PointsText({}), "");
  EXPECT_EQ(PointsText({{1.006, -0.001}, {2, 3}}), "1.01,0 2,3");
}

TEST(Group, IsAnEmptyG) {
  EXPECT_EQ(Group().tag(), "g");
  EXPECT_TRUE(Group().empty());
}

}  // namespace
}  // namespace trustfit::report
