// JSON input as forgiving as CSV input: enum values as people write them,
// and an unknown field named with its path and a suggestion.

#include "client/lenient_json.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;

TEST(ParseJsonLeniently, TakesEnumValuesWithoutTheirPrefixInAnyCase) {
  for (const char* phase : {"PHASE_SECONDARY", "SECONDARY", "secondary"}) {
    v1::Candidate candidate;
    const absl::Status read = ParseJsonLeniently(
        absl::StrCat(R"({"identity": {"phase": ")", phase, R"("}})"),
        &candidate);
    ASSERT_TRUE(read.ok()) << phase << ": " << read;
    EXPECT_EQ(candidate.identity().phase(), v1::PHASE_SECONDARY) << phase;
  }
}

TEST(ParseJsonLeniently, TakesHyphensForUnderscoresInsideRepeatedMessages) {
  v1::ScoreCandidatesRequest request;
  ASSERT_TRUE(
      ParseJsonLeniently(
          R"({"items": [{"candidate": {"identity": {"phase": "all-through"}}}]})",
          &request)
          .ok());
  EXPECT_EQ(request.items(0).candidate().identity().phase(),
            v1::PHASE_ALL_THROUGH);
}

TEST(ParseJsonLeniently, AnUnknownFieldIsNamedWithAGuess) {
  v1::Candidate candidate;
  const absl::Status read =
      ParseJsonLeniently(R"({"identity": {"urm": "108057"}})", &candidate);
  EXPECT_EQ(read.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.message(),
              HasSubstr("identity.urm: no such field (did you mean urn?)"));
}

TEST(ParseJsonLeniently, AFieldNothingLikeAnyIsNamedWithoutAGuess) {
  v1::Candidate candidate;
  const absl::Status read =
      ParseJsonLeniently(R"({"zzzzzzzzzzzz": 1})", &candidate);
  EXPECT_THAT(read.message(), HasSubstr("zzzzzzzzzzzz: no such field"));
  EXPECT_THAT(read.message(), ::testing::Not(HasSubstr("did you mean")));
}

TEST(ParseJsonLeniently, AnUnknownEnumValueIsStillRefused) {
  v1::Candidate candidate;
  EXPECT_FALSE(
      ParseJsonLeniently(R"({"identity": {"phase": "tertiary"}})", &candidate)
          .ok());
}

TEST(ParseJsonLeniently, TextThatIsNotAJsonObjectGetsProtobufsMessage) {
  v1::Candidate candidate;
  EXPECT_EQ(ParseJsonLeniently("not json", &candidate).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseJsonLeniently("[1, 2]", &candidate).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace trustfit::client
