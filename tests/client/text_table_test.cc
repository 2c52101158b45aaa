#include "client/text_table.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/utf8.h"

namespace trustfit::client {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Le;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

std::vector<size_t> Widths(const std::string& text) {
  std::vector<size_t> widths;
  for (const std::string& line : Lines(text))
    widths.push_back(DisplayWidth(line));
  return widths;
}

TEST(DisplayWidth, CountsCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("Ysgol Gyfun Ŵyr"), 15u);
  EXPECT_EQ(DisplayWidth("£1,200 – 3"), 10u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(FitToWidth, CutsAtACharacterAndSaysSo) {
  EXPECT_EQ(FitToWidth("St Mary’s Academy", 9), "St Mary’…");
  EXPECT_EQ(FitToWidth("Ŵŵŵŵ", 3), "Ŵŵ…");
  EXPECT_EQ(FitToWidth("short", 9), "short");
  EXPECT_EQ(FitToWidth("unbounded", 0), "unbounded");
  // Whatever the cut, the result is whole UTF-8.
  for (size_t width = 1; width < 8; ++width) {
    EXPECT_EQ(scoring::InvalidUtf8At(FitToWidth("ŴŷÂêîôû", width)),
              std::string::npos);
  }
}

TEST(WrapText, BreaksAtSpacesAndIndentsWhatFollows) {
  EXPECT_EQ(WrapText("the school's finances are in deficit", 16, 2),
            "the school's\n  finances are\n  in deficit");
  EXPECT_EQ(WrapText("one line", 0), "one line");
  EXPECT_EQ(WrapText("fits", 10), "fits");
}

TEST(WrapText, CutsAWordLongerThanALine) {
  EXPECT_EQ(WrapText("abcdefghijklmnopqrstuvwxyz", 12),
            "abcdefghijkl\nmnopqrstuvwx\nyz");
}

TEST(FitLine, WrapsALongLineUnderItselfTwoColumnsIn) {
  EXPECT_EQ(FitLine("  capacity 420.0 days; committed 350.0; spare 70.0", 30),
            "  capacity 420.0 days;\n    committed 350.0; spare\n    70.0");
  EXPECT_EQ(FitLine("fits", 30), "fits");
  EXPECT_EQ(FitLine("unbounded and long", 0), "unbounded and long");
}

TEST(FittedOutput, FitsEveryLineWrittenWhileItLives) {
  std::ostringstream out;
  {
    FittedOutput fitted(out, 20);
    out << "short\n"
        << "a line far longer than twenty columns\n"
        << "no newline at the end";
  }
  out << " and after it, untouched\n";
  EXPECT_EQ(out.str(),
            "short\na line far longer\n  than twenty\n  columns\nno newline "
            "at the\n  end and after it, untouched\n");
}

TextTable Schools() {
  TextTable table({{"name"},
                   {"school", TextTable::kShrinks},
                   {"overall", TextTable::kFixed, TextTable::kRight},
                   {"recommendation", TextTable::kWraps}});
  table.AddRow({"assessments/7f3c9a1e5b2d4c60",
                "The Northgate Ŵyr Community "
                "Academy",
                "71.50", "associate-integration, reviewed yearly"});
  table.AddRow({"assessments/00aa", "Ashby School", "48.00", "partner"});
  return table;
}

TEST(TextTable, IsAsWideAsItsCellsWhenUnbounded) {
  EXPECT_THAT(
      Lines(Schools().Render(0)),
      ElementsAre("name                          school                      "
                  "         overall  recommendation",
                  "assessments/7f3c9a1e5b2d4c60  The Northgate Ŵyr Community "
                  "Academy    71.50  associate-integration, reviewed yearly",
                  "assessments/00aa              Ashby School                "
                  "           48.00  partner"));
}

TEST(TextTable, FitsEightyColumnsByWrappingThenCuttingAtACharacter) {
  const std::string text = Schools().Render(80);
  EXPECT_THAT(Widths(text), Each(Le(80u)));
  EXPECT_THAT(Lines(text),
              ElementsAre("name                          school             "
                          "overall  recommendation",
                          "assessments/7f3c9a1e5b2d4c60  The Northgate Ŵy…    "
                          "71.50  associate-integration,",
                          "                                                   "
                          "       reviewed yearly",
                          "assessments/00aa              Ashby School         "
                          "48.00  partner"));
}

TEST(TextTable, StacksEachRowWhenItsColumnsCannotFit) {
  const std::string text = Schools().Render(40);
  EXPECT_THAT(Widths(text), Each(Le(40u)));
  EXPECT_THAT(Lines(text),
              ElementsAre("assessments/7f3c9a1e5b2d4c60",
                          "  school: The Northgate Ŵyr Community",
                          "    Academy", "  overall: 71.50",
                          "  recommendation: associate-integration,",
                          "    reviewed yearly", "assessments/00aa",
                          "  school: Ashby School  overall: 48.00",
                          "  recommendation: partner"));
}

}  // namespace
}  // namespace trustfit::client
