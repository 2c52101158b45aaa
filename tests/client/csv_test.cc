#include "client/csv.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::client {
namespace {

using ::testing::ElementsAre;

std::vector<std::vector<std::string>> ReadAll(
    const std::string& text, std::string* error = nullptr,
    std::vector<int64_t>* lines = nullptr) {
  std::istringstream in(text);
  CsvReader reader(&in);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    records.push_back(fields);
    if (lines) lines->push_back(reader.line());
  }
  if (error) *error = reader.error();
  return records;
}

TEST(CsvReader, PlainRecords) {
  const auto records = ReadAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[1], ElementsAre("1", "2", "3"));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndLineBreaks) {
  std::vector<int64_t> lines;
  const auto records = ReadAll(
      "name,note\n\"Bristol, City of\",\"said "
      "\"\"hi\"\"\"\n\"two\nlines\",x\nlast,y\n",
      nullptr, &lines);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[1], ElementsAre("Bristol, City of", "said \"hi\""));
  EXPECT_THAT(records[2], ElementsAre("two\nlines", "x"));
  EXPECT_THAT(
      lines,
      ElementsAre(1, 2, 3, 5));  // The record after the break starts on line 5.
}

TEST(CsvReader, CrlfByteOrderMarkBlankLinesAndNoFinalNewline) {
  const auto records =
      ReadAll("\xEF\xBB\xBFURN,Name\r\n\r\n100000,A\r\n100001,B");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[0], ElementsAre("URN", "Name"));
  EXPECT_THAT(records[2], ElementsAre("100001", "B"));
}

TEST(CsvReader, EmptyFields) {
  const auto records = ReadAll("a,,c\n,,\n");
  EXPECT_THAT(records[0], ElementsAre("a", "", "c"));
  EXPECT_THAT(records[1], ElementsAre("", "", ""));
}

TEST(CsvReader, UnterminatedQuoteIsAnError) {
  std::string error;
  const auto records = ReadAll("a,b\n1,\"never closed\n2,3\n", &error);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(error, "line 2: a quoted field is never closed");
}

TEST(WriteCsvRecord, QuotesWhatNeedsIt) {
  std::ostringstream out;
  WriteCsvRecord(out, {"plain", "a,b", "say \"x\"", "two\nlines", ""});
  EXPECT_EQ(out.str(), "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\n");
  // And reads back the same.
  EXPECT_THAT(ReadAll(out.str())[0],
              ElementsAre("plain", "a,b", "say \"x\"", "two\nlines", ""));
}

}  // namespace
}  // namespace trustfit::client
