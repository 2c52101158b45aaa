// Files joined to a batch by URN: fields added to the main row's candidate,
// rows without a match left alone, repeated keys refused, and the real CFR
// finance return joined to the real secondary schools.

#include "client/joined_file.h"

#include <fstream>
#include <set>
#include <string>

#include "client/csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/temp_path.h"
#include "tests/scoring/test_util.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::client::testing::TempPathForThisTest;
using ::trustfit::testing::ReadFileOrDie;
using ::trustfit::testing::SourcePath;

const char kCfrMapping[] =
    "examples/mappings/maintained-school-finance-2018.yaml";

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = TempPathForThisTest(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

JoinedFile ReadOrDie(const std::string& path,
                     const std::optional<std::string>& mapping) {
  absl::StatusOr<JoinedFile> file = JoinedFile::Read(path, mapping);
  EXPECT_TRUE(file.ok()) << file.status();
  return *std::move(file);
}

TEST(JoinedFile, AddsTheMatchingRowsFieldsToTheCandidate) {
  const std::string path =
      Write("cfr.csv",
            "URN,Income,Expenditure,Balance,Academic Year\n"
            "108076,9500000.5,9600000,-99999.5,2018\n"
            "100000,2254486.7,2274147.52,-19660.82,2018\n");
  const JoinedFile file =
      ReadOrDie(path, ReadFileOrDie(SourcePath(kCfrMapping)));
  EXPECT_EQ(file.rows(), 2u);
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("108076");
  candidate.mutable_identity()->set_name("Roundhay School");
  candidate.mutable_standards()->set_overall_absence_pct(4.5);
  absl::StatusOr<bool> found = file.AddTo("108076", &candidate);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(*found);
  EXPECT_EQ(candidate.finance().total_income_pence(), 950000050);
  EXPECT_EQ(candidate.finance().total_expenditure_pence(), 960000000);
  EXPECT_EQ(candidate.finance().in_year_balance_pence(), -9999950);
  // What the main row had stays.
  EXPECT_EQ(candidate.identity().name(), "Roundhay School");
  EXPECT_EQ(candidate.standards().overall_absence_pct(), 4.5);
}

TEST(JoinedFile, ARowWithoutAMatchKeepsItsInputsMissing) {
  const std::string path =
      Write("cfr_one.csv", "URN,Income,Expenditure,Balance\n100000,1,1,0\n");
  const JoinedFile file =
      ReadOrDie(path, ReadFileOrDie(SourcePath(kCfrMapping)));
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("999999");
  absl::StatusOr<bool> found = file.AddTo("999999", &candidate);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(*found);
  EXPECT_FALSE(candidate.has_finance());
}

TEST(JoinedFile, ARepeatedUrnIsRefusedNamingItAndBothLines) {
  const std::string path =
      Write("cfr_twice.csv",
            "URN,Income,Expenditure,Balance\n100000,1,1,0\n100001,1,1,0\n"
            "100000,2,2,0\n");
  const absl::StatusOr<JoinedFile> file =
      JoinedFile::Read(path, ReadFileOrDie(SourcePath(kCfrMapping)));
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.status().message(),
              HasSubstr("URN 100000 is on line 2 and again on line 4"));
  EXPECT_THAT(file.status().message(), HasSubstr("cfr_twice.csv"));
}

TEST(JoinedFile, AMappingWithoutTheUrnCannotJoin) {
  const std::string path = Write("no_urn.csv", "Income\n1\n");
  const absl::StatusOr<JoinedFile> file = JoinedFile::Read(
      path,
      "fields:\n  - {field: finance.total_income_pence, column: "
      "Income}\n");
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.status().message(), HasSubstr("reads no identity.urn"));
}

TEST(JoinedFile, AValueThatDoesNotConvertNamesTheFileAndLine) {
  const std::string path =
      Write("cfr_bad.csv", "URN,Income,Expenditure,Balance\n100000,lots,1,0\n");
  const JoinedFile file =
      ReadOrDie(path, ReadFileOrDie(SourcePath(kCfrMapping)));
  v1::Candidate candidate;
  const absl::StatusOr<bool> found = file.AddTo("100000", &candidate);
  ASSERT_FALSE(found.ok());
  EXPECT_THAT(found.status().message(), HasSubstr("cfr_bad.csv: line 2"));
  EXPECT_THAT(found.status().message(), HasSubstr("Income"));
}

TEST(JoinedFile, AMissingFileIsNamed) {
  const absl::StatusOr<JoinedFile> file =
      JoinedFile::Read("/nonexistent/cfr.csv", std::nullopt);
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.status().message(), HasSubstr("/nonexistent/cfr.csv"));
}

TEST(JoinedFile, TheRealFinanceReturnJoins740SecondarySchools) {
  const JoinedFile cfr =
      ReadOrDie(SourcePath("examples/data/maintained-school-finance-2018.csv"),
                ReadFileOrDie(SourcePath(kCfrMapping)));
  EXPECT_EQ(cfr.rows(), 13599u);
  std::ifstream schools(
      SourcePath("examples/data/secondary-schools-england-2019.csv"));
  CsvReader reader(&schools);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.Next(&row));
  const size_t urn_column = 1;  // "DfE number", "URN", ...
  ASSERT_EQ(row[urn_column], "URN");
  int rows = 0, matched = 0;
  while (reader.Next(&row)) {
    ++rows;
    v1::Candidate candidate;
    absl::StatusOr<bool> found = cfr.AddTo(row[urn_column], &candidate);
    ASSERT_TRUE(found.ok()) << found.status();
    if (!*found) continue;
    ++matched;
    EXPECT_TRUE(candidate.finance().has_in_year_balance_pence());
    EXPECT_EQ(candidate.finance().in_year_balance_pence(),
              candidate.finance().total_income_pence() -
                  candidate.finance().total_expenditure_pence())
        << row[urn_column];
  }
  EXPECT_EQ(rows, 3295);
  EXPECT_EQ(matched, 740);
}

TEST(ParseJoinSpec, FileAndOptionalMapping) {
  EXPECT_EQ(ParseJoinSpec("cfr.csv").path, "cfr.csv");
  EXPECT_FALSE(ParseJoinSpec("cfr.csv").mapping_path.has_value());
  const JoinSpec both = ParseJoinSpec("data/cfr.csv:maps/cfr.yaml");
  EXPECT_EQ(both.path, "data/cfr.csv");
  EXPECT_EQ(both.mapping_path, "maps/cfr.yaml");
}

}  // namespace
}  // namespace trustfit::client
