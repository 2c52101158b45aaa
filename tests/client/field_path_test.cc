#include "client/field_path.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;

FieldPath PathOrDie(absl::string_view text) {
  absl::StatusOr<FieldPath> path =
      FieldPath::Parse(v1::Candidate::descriptor(), text);
  EXPECT_TRUE(path.ok()) << path.status();
  return path.ok() ? *std::move(path) : FieldPath();
}

std::string ParseError(absl::string_view text) {
  absl::StatusOr<FieldPath> path =
      FieldPath::Parse(v1::Candidate::descriptor(), text);
  EXPECT_FALSE(path.ok()) << text;
  EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument) << text;
  return std::string(path.status().message());
}

TEST(FindEnumValue, AcceptsFullNameShortNameAnyCaseAndDashes) {
  const auto* phase = v1::Phase_descriptor();
  for (const char* text :
       {"PHASE_SECONDARY", "secondary", "Secondary", "phase_secondary"}) {
    const auto* value = FindEnumValue(phase, text);
    ASSERT_NE(value, nullptr) << text;
    EXPECT_EQ(value->number(), v1::PHASE_SECONDARY) << text;
  }
  const auto* through = FindEnumValue(phase, "all-through");
  ASSERT_NE(through, nullptr);
  EXPECT_EQ(through->number(), v1::PHASE_ALL_THROUGH);
}

TEST(FindEnumValue, ReturnsNullForANameTheEnumDoesNotHave) {
  EXPECT_EQ(FindEnumValue(v1::Phase_descriptor(), "tertiary"), nullptr);
  EXPECT_EQ(FindEnumValue(v1::Phase_descriptor(), ""), nullptr);
  // Another enum's prefix does not stand in for this one's.
  EXPECT_EQ(FindEnumValue(v1::Phase_descriptor(), "SPECIALISM_SEND"), nullptr);
}

TEST(FieldPathParse, NamesTheUnknownFieldAndTheMessageLackingIt) {
  const std::string message = ParseError("identity.urm");
  EXPECT_THAT(message, HasSubstr("\"urm\""));
  EXPECT_THAT(message, HasSubstr("trustfit.v1.Identity"));
}

TEST(FieldPathParse, RejectsAListWithoutBrackets) {
  EXPECT_THAT(ParseError("identity.specialisms"), HasSubstr("is a list"));
}

TEST(FieldPathParse, RejectsAnUnclosedBracket) {
  EXPECT_THAT(ParseError("standards.attainment[2019.progress8"),
              HasSubstr("unclosed ["));
}

TEST(FieldPathParse, RejectsBracketsOnAFieldThatIsNotAList) {
  EXPECT_THAT(ParseError("identity.urn[1]"), HasSubstr("urn is not a list"));
}

TEST(FieldPathParse, RejectsAKeyOnAListOfValues) {
  EXPECT_THAT(ParseError("finance.pupil_forecast[1]"),
              HasSubstr("[key] selects only entries of a list of messages"));
}

TEST(FieldPathParse, RejectsAppendingToAListOfMessages) {
  EXPECT_THAT(ParseError("standards.attainment[].year"),
              HasSubstr("[] appends only"));
}

TEST(FieldPathParse, RejectsAPathEndingAtAMessage) {
  EXPECT_THAT(ParseError("identity"), HasSubstr("is a message"));
}

TEST(FieldPathParse, RejectsAStepPastAScalar) {
  EXPECT_THAT(ParseError("identity.urn.x"), HasSubstr("urn has no fields"));
}

TEST(FieldPathParse, KeepsTheTextAndTellsNumericAndAppendingLeaves) {
  const FieldPath urn = PathOrDie("identity.urn");
  EXPECT_EQ(urn.text(), "identity.urn");
  EXPECT_FALSE(urn.numeric());
  EXPECT_FALSE(urn.repeated_leaf());
  EXPECT_TRUE(PathOrDie("finance.revenue_reserves_pence").numeric());
  EXPECT_TRUE(PathOrDie("standards.attainment[2019].progress8").numeric());
  const FieldPath forecast = PathOrDie("finance.pupil_forecast[]");
  EXPECT_TRUE(forecast.numeric());
  EXPECT_TRUE(forecast.repeated_leaf());
}

TEST(FieldPathSetText, FindsAnExistingKeyedEntryRatherThanAddingOne) {
  v1::Candidate c;
  ASSERT_TRUE(PathOrDie("standards.attainment[2019].progress8")
                  .SetText(&c, "0.5")
                  .ok());
  ASSERT_TRUE(PathOrDie("standards.attainment[2019].attainment8")
                  .SetText(&c, "48")
                  .ok());
  ASSERT_EQ(c.standards().attainment_size(), 1);
  EXPECT_EQ(c.standards().attainment(0).year(), 2019);
  EXPECT_DOUBLE_EQ(c.standards().attainment(0).progress8(), 0.5);
  EXPECT_DOUBLE_EQ(c.standards().attainment(0).attainment8(), 48.0);
}

TEST(FieldPathSetText, RejectsAKeyThatIsNotANumberForANumericKey) {
  v1::Candidate c;
  const absl::Status status =
      PathOrDie("standards.attainment[twenty].progress8").SetText(&c, "0.5");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("bad key [twenty]"));
}

TEST(FieldPathSetText, TrimsWhitespaceAroundTheValue) {
  v1::Candidate c;
  ASSERT_TRUE(PathOrDie("identity.urn").SetText(&c, "  108057 \t").ok());
  EXPECT_EQ(c.identity().urn(), "108057");
}

TEST(FieldPathSetText, ReadsEveryYesAndNoSpelling) {
  const FieldPath pfi = PathOrDie("finance.pfi_contract");
  for (const char* yes : {"true", "YES", "y", "1"}) {
    v1::Candidate c;
    ASSERT_TRUE(pfi.SetText(&c, yes).ok()) << yes;
    EXPECT_TRUE(c.finance().pfi_contract()) << yes;
  }
  for (const char* no : {"False", "no", "N", "0"}) {
    v1::Candidate c;
    c.mutable_finance()->set_pfi_contract(true);
    ASSERT_TRUE(pfi.SetText(&c, no).ok()) << no;
    EXPECT_TRUE(c.finance().has_pfi_contract()) << no;
    EXPECT_FALSE(c.finance().pfi_contract()) << no;
  }
  v1::Candidate c;
  const absl::Status status = pfi.SetText(&c, "maybe");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("not yes or no: \"maybe\""));
}

TEST(FieldPathSetText, NamesTheEnumWhenTheValueIsNotOne) {
  v1::Candidate c;
  const absl::Status status = PathOrDie("identity.phase").SetText(&c, "big");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("not a Phase: \"big\""));
}

TEST(FieldPathSetText, RejectsTextAndFractionsForWholeNumbers) {
  v1::Candidate c;
  const FieldPath pence = PathOrDie("finance.funding_base_pence");
  EXPECT_THAT(pence.SetText(&c, "lots").message(),
              HasSubstr("not a number: \"lots\""));
  EXPECT_THAT(pence.SetText(&c, "12.5").message(),
              HasSubstr("not a whole number: \"12.5\""));
  EXPECT_FALSE(c.finance().has_funding_base_pence());
  ASSERT_TRUE(pence.SetText(&c, "12.0").ok());
  EXPECT_EQ(c.finance().funding_base_pence(), 12);
}

TEST(FieldPathSetText, AppendsNumbersToARepeatedNumericField) {
  v1::Candidate c;
  const FieldPath forecast = PathOrDie("finance.pupil_forecast[]");
  ASSERT_TRUE(forecast.SetText(&c, "410").ok());
  ASSERT_TRUE(forecast.SetText(&c, "398").ok());
  ASSERT_EQ(c.finance().pupil_forecast_size(), 2);
  EXPECT_EQ(c.finance().pupil_forecast(0), 410);
  EXPECT_EQ(c.finance().pupil_forecast(1), 398);
}

TEST(FieldPathSetNumber, RoundsWholeNumbersHalfAwayFromZero) {
  v1::Candidate c;
  const FieldPath vacancies = PathOrDie("leadership.teacher_vacancies");
  ASSERT_TRUE(vacancies.SetNumber(&c, 2.5).ok());
  EXPECT_EQ(c.leadership().teacher_vacancies(), 3);
  ASSERT_TRUE(vacancies.SetNumber(&c, -2.5).ok());
  EXPECT_EQ(c.leadership().teacher_vacancies(), -3);
  ASSERT_TRUE(vacancies.SetNumber(&c, 2.49).ok());
  EXPECT_EQ(c.leadership().teacher_vacancies(), 2);
  const FieldPath reserves = PathOrDie("finance.revenue_reserves_pence");
  ASSERT_TRUE(reserves.SetNumber(&c, -1234.5).ok());
  EXPECT_EQ(c.finance().revenue_reserves_pence(), -1235);
}

TEST(FieldPathSetNumber, RejectsValuesOutsideTheFieldsRange) {
  v1::Candidate c;
  const FieldPath vacancies = PathOrDie("leadership.teacher_vacancies");
  EXPECT_THAT(vacancies.SetNumber(&c, 2147483648.0).message(),
              HasSubstr("out of range"));
  EXPECT_TRUE(vacancies.SetNumber(&c, 2147483647.0).ok());
  EXPECT_EQ(c.leadership().teacher_vacancies(), 2147483647);
  EXPECT_THAT(
      PathOrDie("finance.funding_base_pence").SetNumber(&c, 1e19).message(),
      HasSubstr("out of range"));
}

TEST(FieldPathSetNumber, RejectsNonFiniteNumbers) {
  v1::Candidate c;
  const FieldPath progress = PathOrDie("standards.attainment[2019].progress8");
  EXPECT_THAT(progress.SetNumber(&c, std::nan("")).message(),
              HasSubstr("not a finite number"));
  EXPECT_THAT(progress.SetNumber(&c, HUGE_VAL).message(),
              HasSubstr("not a finite number"));
  // Nothing was created for the rejected value.
  EXPECT_EQ(c.standards().attainment_size(), 0);
}

TEST(FieldPathSetNumber, RejectsANumberForATextField) {
  v1::Candidate c;
  const absl::Status status = PathOrDie("identity.urn").SetNumber(&c, 1.0);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("identity.urn does not take a number"));
}

}  // namespace
}  // namespace trustfit::client
