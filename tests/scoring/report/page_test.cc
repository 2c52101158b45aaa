// The shared page: a self-contained English document with its title and
// style sheet, and the section, chip and facts builders.

#include "scoring/report/page.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Page, HasLanguageCharsetEscapedTitleAndBody) {
  std::vector<Element> body;
  body.push_back(Element("h1").AddText("Allerton"));
  const std::string html =
      RenderDocument(Page("Report <draft> & co", std::move(body)));
  EXPECT_THAT(html, HasSubstr("<html lang=\"en-GB\">"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\"/>"));
  EXPECT_THAT(html, HasSubstr("<title>Report &lt;draft&gt; &amp; co</title>"));
  EXPECT_THAT(html, HasSubstr("<h1>Allerton</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
}

TEST(StyleSheet, SizesThePageByOrientation) {
  EXPECT_THAT(StyleSheet(Orientation::kPortrait),
              HasSubstr("size: A4 portrait"));
  EXPECT_THAT(StyleSheet(Orientation::kLandscape),
              HasSubstr("size: A4 landscape"));
  EXPECT_THAT(RenderDocument(Page("x", {}, Orientation::kLandscape)),
              HasSubstr("size: A4 landscape"));
}

TEST(Section, HasItsHeadingAndOptionalClass) {
  EXPECT_EQ(Section("Quote").Render(), "<section><h2>Quote</h2>\n</section>\n");
  EXPECT_THAT(Section("A & B", "keep").Render(),
              HasSubstr("<section class=\"keep\"><h2>A &amp; B</h2>"));
}

TEST(Chip, IsAColouredSpan) {
  EXPECT_EQ(Chip("Strong", "#1a9641").Render(),
            "<span class=\"chip\" style=\"background: #1a9641\">Strong</span>");
}

TEST(Facts, ListsEachLabelAboveItsValue) {
  const std::string html =
      Facts({{"Net cost", "£1.00"}, {"<Rate>", "2%"}}).Render();
  EXPECT_THAT(html, HasSubstr("<dl class=\"facts\">"));
  EXPECT_THAT(html, HasSubstr("<dt>Net cost</dt>"));
  EXPECT_THAT(html, HasSubstr("<dd>£1.00</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>&lt;Rate&gt;</dt>"));
}

}  // namespace
}  // namespace trustfit::report
