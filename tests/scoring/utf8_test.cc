#include "scoring/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

TEST(InvalidUtf8AtTest, WellFormedTextOfEveryLengthIsAccepted) {
  for (const char* text : {"", "ascii", "caf\xc3\xa9", "\xe2\x82\xac 5",
                           "\xf0\x9f\x8f\xab school", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_EQ(InvalidUtf8At(text), absl::string_view::npos) << text;
  }
}

TEST(InvalidUtf8AtTest, NamesTheFirstByteThatIsNotUtf8) {
  EXPECT_EQ(InvalidUtf8At("Caf\xe9 Street"), 3u);    // Windows-1252.
  EXPECT_EQ(InvalidUtf8At("\xc0\xaf"), 0u);          // Overlong.
  EXPECT_EQ(InvalidUtf8At("\xe0\x80\xaf"), 0u);      // Overlong, 3 bytes.
  EXPECT_EQ(InvalidUtf8At("ok\xed\xa0\x80"), 2u);    // A surrogate.
  EXPECT_EQ(InvalidUtf8At("\xf4\x90\x80\x80"), 0u);  // Past U+10FFFF.
  EXPECT_EQ(InvalidUtf8At("end\xe2\x82"), 3u);       // Cut short.
  EXPECT_EQ(InvalidUtf8At("a\x80"), 1u);             // A lone continuation.
  EXPECT_EQ(InvalidUtf8At("\xff"), 0u);              // Never in UTF-8.
}

TEST(ValidUtf8Test, KeepsUtf8AndReplacesEachBadByteWithAQuestionMark) {
  EXPECT_EQ(ValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(ValidUtf8("Caf\xe9 Street"), "Caf? Street");
  EXPECT_EQ(ValidUtf8("\xff\xfe"), "??");
  EXPECT_EQ(ValidUtf8(""), "");
  const std::string once = ValidUtf8("a\x80\xc3\xa9\xe2\x82");
  EXPECT_EQ(InvalidUtf8At(once), absl::string_view::npos);
  EXPECT_EQ(ValidUtf8(once), once);  // Cleaning twice changes nothing.
}

}  // namespace
}  // namespace trustfit::scoring
