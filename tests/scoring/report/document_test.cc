// The document model: one text rendered as Markdown and as HTML, each
// escaping what its own syntax would read as markup.

#include "scoring/report/document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Document Sample() {
  Document doc;
  doc.Heading(2, "Term");
  doc.Paragraph("Commences on 1 January 2027.");
  doc.Note("Draft for discussion");
  doc.List({"Training", "Mentoring"});
  doc.Table({"Due", "Amount"}, {{"1 Jan 2027", "£1.00"}}, {1});
  return doc;
}

TEST(EscapeMarkdown, BackslashesEveryMarkdownSpecialCharacter) {
  EXPECT_EQ(EscapeMarkdown("a*b_c [x] <y> #1 |z| \\ `q`"),
            "a\\*b\\_c \\[x\\] \\<y\\> \\#1 \\|z\\| \\\\ \\`q\\`");
  EXPECT_EQ(EscapeMarkdown("£1,234.56 & more"), "£1,234.56 & more");
  EXPECT_EQ(EscapeMarkdown(""), "");
}

TEST(RenderMarkdown, WritesEachBlockSeparatedByABlankLine) {
  EXPECT_EQ(RenderMarkdown(Sample()),
            "## Term\n\nCommences on 1 January 2027.\n\n> Draft for "
            "discussion\n\n- Training\n- Mentoring\n\n| Due | Amount |\n| --- "
            "| ---: |\n| 1 Jan 2027 | £1.00 |\n");
}

TEST(RenderMarkdown, EscapesHostileTextInEveryBlock) {
  Document doc;
  doc.Heading(1, "# <b>");
  doc.Table({"a|b"}, {{"*x*"}});
  EXPECT_EQ(RenderMarkdown(doc),
            "# \\# \\<b\\>\n\n| a\\|b |\n| --- |\n| \\*x\\* |\n");
}

TEST(RenderMarkdown, EmptyDocumentIsEmptyText) {
  EXPECT_EQ(RenderMarkdown(Document()), "");
}

TEST(RenderHtml, WritesHeadingsParagraphsNotesListsAndTables) {
  const std::string html = RenderHtml(Sample()).Render();
  EXPECT_THAT(html, HasSubstr("<h2>Term</h2>"));
  EXPECT_THAT(html, HasSubstr("<p>Commences on 1 January 2027.</p>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"callout\">Draft for discussion</p>"));
  EXPECT_THAT(html, HasSubstr("<li>Training</li>"));
  EXPECT_THAT(html, HasSubstr("<li>Mentoring</li>"));
  EXPECT_THAT(html, HasSubstr("<th>Due</th>"));
  EXPECT_THAT(html, HasSubstr("<th class=\"num\">Amount</th>"));
  EXPECT_THAT(html, HasSubstr("<td>1 Jan 2027</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">£1.00</td>"));
}

TEST(RenderHtml, EscapesHostileTextAndLeavesMarkdownCharactersAlone) {
  Document doc;
  doc.Paragraph("<script>alert('x')</script> & *bold*");
  const std::string html = RenderHtml(doc).Render();
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/"
                              "script&gt; &amp; *bold*"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
}

TEST(RenderHtml, EmptyDocumentIsAnEmptyDiv) {
  const Element div = RenderHtml(Document());
  EXPECT_EQ(div.tag(), "div");
  EXPECT_TRUE(div.empty());
}

TEST(Document, KeepsBlocksInOrderWithTheirKinds) {
  const Document doc = Sample();
  ASSERT_EQ(doc.blocks().size(), 5u);
  EXPECT_EQ(doc.blocks()[0].kind, Document::Kind::kHeading);
  EXPECT_EQ(doc.blocks()[0].level, 2);
  EXPECT_EQ(doc.blocks()[2].kind, Document::Kind::kNote);
  EXPECT_EQ(doc.blocks()[4].right_aligned, std::set<size_t>({1}));
}

}  // namespace
}  // namespace trustfit::report
