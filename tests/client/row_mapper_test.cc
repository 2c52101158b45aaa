#include "client/row_mapper.h"

#include <fstream>

#include "client/csv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scoring/test_util.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::HasViolation;

RowMapper MapperOrDie(const std::string& yaml,
                      const std::vector<std::string>& header) {
  absl::StatusOr<trustfit::cli::ColumnMapping> mapping = ParseMapping(yaml);
  EXPECT_TRUE(mapping.ok()) << mapping.status();
  absl::StatusOr<RowMapper> mapper = RowMapper::Create(*mapping, header);
  EXPECT_TRUE(mapper.ok()) << mapper.status();
  return *std::move(mapper);
}

TEST(FieldPath, SetsNestedKeyedAndAppendedFields) {
  v1::Candidate c;
  auto set = [&](const char* path, const char* text) {
    absl::StatusOr<FieldPath> p =
        FieldPath::Parse(v1::Candidate::descriptor(), path);
    ASSERT_TRUE(p.ok()) << p.status();
    ASSERT_TRUE(p->SetText(&c, text).ok()) << path;
  };
  set("identity.urn", "108057");
  set("standards.attainment[2019].progress8", "0.69");
  set("standards.attainment[2018].progress8", "0.68");
  set("standards.attainment[2019].attainment8", "57.8");
  set("identity.specialisms[]", "SCITT");
  set("identity.specialisms[]", "SPECIALISM_SEND");
  set("identity.phase", "secondary");
  set("finance.pfi_contract", "yes");
  set("finance.revenue_reserves_pence", "-12345");
  EXPECT_EQ(c.identity().urn(), "108057");
  ASSERT_EQ(c.standards().attainment_size(), 2);
  EXPECT_EQ(c.standards().attainment(0).year(), 2019);
  EXPECT_DOUBLE_EQ(c.standards().attainment(0).attainment8(), 57.8);
  EXPECT_EQ(c.identity().specialisms_size(), 2);
  EXPECT_EQ(c.identity().phase(), v1::PHASE_SECONDARY);
  EXPECT_TRUE(c.finance().pfi_contract());
  EXPECT_EQ(c.finance().revenue_reserves_pence(), -12345);
}

TEST(FieldPath, RejectsBadPaths) {
  for (const char* path :
       {"identity.urm", "identity", "standards.attainment.progress8",
        "identity.urn[]", "standards.attainment[].year", "identity.urn.x"}) {
    EXPECT_FALSE(FieldPath::Parse(v1::Candidate::descriptor(), path).ok())
        << path;
  }
}

TEST(FieldPath, RejectsBadValues) {
  v1::Candidate c;
  auto path =
      *FieldPath::Parse(v1::Candidate::descriptor(), "identity.pupils_on_roll");
  EXPECT_THAT(path.SetText(&c, "lots").message(),
              HasSubstr("not a number: \"lots\""));
  EXPECT_THAT(path.SetText(&c, "12.5").message(),
              HasSubstr("not a whole number"));
  auto phase = *FieldPath::Parse(v1::Candidate::descriptor(), "identity.phase");
  EXPECT_THAT(phase.SetText(&c, "grammar").message(), HasSubstr("not a Phase"));
}

TEST(RowMapper, ConvertsUnits) {
  const RowMapper mapper = MapperOrDie(
      R"(
fields:
  - {field: identity.urn, column: URN}
  - {field: identity.name, value: Constant School}
  - {field: standards.overall_absence_pct, column: Absence, scale: 100}
  - {field: finance.total_income_pence, column: Income per pupil, scale: 100,
     multiply_by_column: Pupils}
  - {field: identity.capacity, column: Pupils, divide_by_column: Fill}
  - {field: "identity.specialisms[]", column: Specialisms, split: ";"}
)",
      {"URN", "Absence", "Income per pupil", "Pupils", "Fill", "Specialisms"});
  v1::Candidate c;
  ASSERT_TRUE(
      mapper
          .Map({"108057", "0.055", "5427", "1445", "1.06662", "SEND; SCITT"},
               &c)
          .ok());
  EXPECT_EQ(c.identity().name(), "Constant School");
  EXPECT_DOUBLE_EQ(c.standards().overall_absence_pct(), 5.5);
  EXPECT_EQ(c.finance().total_income_pence(), 784201500);  // £5,427 x 1,445.
  EXPECT_EQ(c.identity().capacity(), 1355);  // 1445 / 1.06662, rounded.
  EXPECT_EQ(c.identity().specialisms_size(), 2);
}

TEST(RowMapper, ValueTablesIgnoreCaseAndCanSkip) {
  const RowMapper mapper = MapperOrDie(R"(
fields:
  - field: standards.legacy_inspection.overall_effectiveness
    column: Ofsted
    values: {Good: LEGACY_GRADE_GOOD, Outstanding: LEGACY_GRADE_OUTSTANDING}
  - field: identity.status
    column: Type
    skip_unknown_values: true
    values: {Community school: SCHOOL_STATUS_MAINTAINED}
)",
                                       {"Ofsted", "Type"});
  v1::Candidate c;
  ASSERT_TRUE(mapper.Map({"good", "Studio"}, &c).ok());
  EXPECT_EQ(c.standards().legacy_inspection().overall_effectiveness(),
            v1::LEGACY_GRADE_GOOD);
  EXPECT_EQ(c.identity().status(), v1::SCHOOL_STATUS_UNSPECIFIED);
  const absl::Status bad = mapper.Map({"Excellent", ""}, &c);
  EXPECT_THAT(
      bad.message(),
      HasSubstr("column 'Ofsted' (standards.legacy_inspection."
                "overall_effectiveness): unexpected value \"Excellent\""));
}

TEST(RowMapper, EmptyCellsLeaveFieldsUnset) {
  const RowMapper mapper = MapperOrDie(
      "fields: [{field: standards.overall_absence_pct, column: A, scale: "
      "100}]\n",
      {"A"});
  v1::Candidate c;
  ASSERT_TRUE(mapper.Map({"  "}, &c).ok());
  EXPECT_FALSE(c.standards().has_overall_absence_pct());
}

TEST(RowMapper, ReportsEveryProblemOfARow) {
  const RowMapper mapper = MapperOrDie(R"(
fields:
  - {field: identity.pupils_on_roll, column: Pupils}
  - {field: standards.overall_absence_pct, column: Absence, scale: 100}
)",
                                       {"Pupils", "Absence"});
  v1::Candidate c;
  const absl::Status s = mapper.Map({"many", "n/a"}, &c);
  EXPECT_THAT(
      s.message(),
      HasSubstr("column 'Pupils' (identity.pupils_on_roll): not a number"));
  EXPECT_THAT(
      s.message(),
      HasSubstr("column 'Absence' (standards.overall_absence_pct): not a "
                "number: \"n/a\""));
  EXPECT_THAT(mapper.Map({"1"}, &c).message(),
              HasSubstr("the row has 1 fields; the header has 2"));
}

TEST(RowMapper, MappingMustFitTheFile) {
  absl::StatusOr<trustfit::cli::ColumnMapping> mapping = ParseMapping(R"(
fields:
  - {field: identity.urm, column: URN}
  - {field: identity.name, column: Name}
  - {field: identity.region, column: Region, scale: 2}
  - {field: identity.local_authority}
)");
  ASSERT_TRUE(mapping.ok());
  const absl::Status s =
      RowMapper::Create(*mapping, {"URN", "Region"}).status();
  EXPECT_THAT(s, HasViolation("fields[0].field", "has no field \"urm\""));
  EXPECT_THAT(s, HasViolation("fields[1].column", "no column 'Name'"));
  EXPECT_THAT(s, HasViolation("fields[2]", "cannot be scaled"));
  EXPECT_THAT(s, HasViolation("fields[3]", "either a column or a constant"));
}

TEST(ParseMapping, UnknownKeysAreErrors) {
  EXPECT_THAT(
      ParseMapping("fields: [{field: identity.urn, colum: URN}]\n").status(),
      HasViolation("fields[0].colum", "unknown key"));
}

TEST(ChooseMapping, RecognisesGiasHeaders) {
  const std::vector<std::string> header = {"URN",
                                           "EstablishmentName",
                                           "NumberOfPupils",
                                           "PhaseOfEducation (name)",
                                           "TypeOfEstablishment (name)",
                                           "LA (name)",
                                           "GOR (name)",
                                           "SchoolCapacity",
                                           "ReligiousCharacter (name)",
                                           "Easting",
                                           "Northing",
                                           "Postcode",
                                           "OfstedRating (name)"};
  absl::StatusOr<trustfit::cli::ColumnMapping> mapping =
      ChooseMapping(header, std::nullopt);
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  const RowMapper mapper = *RowMapper::Create(*mapping, header);
  v1::Candidate c;
  ASSERT_TRUE(mapper
                  .Map({"108057", "Allerton High School", "1445", "Secondary",
                        "Community school", "Leeds", "Yorkshire and the Humber",
                        "1355", "Does not apply", "429592", "439439",
                        "LS17 6AJ", "Outstanding"},
                       &c)
                  .ok());
  EXPECT_EQ(c.identity().phase(), v1::PHASE_SECONDARY);
  EXPECT_EQ(c.identity().status(), v1::SCHOOL_STATUS_MAINTAINED);
  EXPECT_EQ(c.identity().pupils_on_roll(), 1445);
  EXPECT_DOUBLE_EQ(c.location().os_grid().northing(), 439439);
  EXPECT_EQ(c.standards().legacy_inspection().overall_effectiveness(),
            v1::LEGACY_GRADE_OUTSTANDING);
}

TEST(ChooseMapping, SpecialSchoolPhaseComesFromTheType) {
  const std::vector<std::string> header = {"URN", "EstablishmentName",
                                           "PhaseOfEducation (name)",
                                           "TypeOfEstablishment (name)"};
  const RowMapper mapper =
      *RowMapper::Create(*ChooseMapping(header, std::nullopt), header);
  v1::Candidate c;
  ASSERT_TRUE(
      mapper
          .Map({"100000", "X", "Not applicable", "Community special school"},
               &c)
          .ok());
  EXPECT_EQ(c.identity().phase(), v1::PHASE_SPECIAL);
}

TEST(ChooseMapping, NativeHeadersAreFieldPaths) {
  const std::vector<std::string> header = {
      "identity.urn", "identity.name", "standards.attainment[2019].progress8"};
  absl::StatusOr<trustfit::cli::ColumnMapping> mapping =
      ChooseMapping(header, std::nullopt);
  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->fields_size(), 3);
}

TEST(ChooseMapping, UnknownHeadersAskForAMapping) {
  const absl::Status s =
      ChooseMapping({"URN", "School name"}, std::nullopt).status();
  EXPECT_THAT(
      s.message(),
      HasSubstr("cannot tell what these columns are: URN, School name"));
  EXPECT_THAT(s.message(), HasSubstr("--mapping"));
}

TEST(ShippedMapping, FitsTheRealDataFile) {
  const std::string yaml =
      trustfit::testing::ReadFileOrDie(trustfit::testing::SourcePath(
          "examples/mappings/secondary-schools-2019.yaml"));
  std::ifstream data(std::string(TRUSTFIT_DATA_DIR) +
                     "/secondary-schools-england-2019.csv");
  CsvReader reader(&data);
  std::vector<std::string> header, row;
  ASSERT_TRUE(reader.Next(&header));
  const RowMapper mapper = *RowMapper::Create(*ParseMapping(yaml), header);
  ASSERT_TRUE(reader.Next(&row));
  v1::Candidate c;
  ASSERT_TRUE(mapper.Map(row, &c).ok());
  EXPECT_EQ(c.identity().urn(), "100049");
  EXPECT_EQ(c.identity().name(), "Haverstock School");
  EXPECT_EQ(c.standards().attainment_size(), 3);
  EXPECT_NEAR(c.standards().overall_absence_pct(), 6.92555, 1e-9);
  EXPECT_EQ(c.finance().total_income_pence(),
            int64_t{893} * 9939 * 100);  // Pupils x £ per pupil.
}

}  // namespace
}  // namespace trustfit::client
