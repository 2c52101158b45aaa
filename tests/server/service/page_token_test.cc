#include "server/service/page_token.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kKey = "store-key";
constexpr absl::string_view kFilter = "cluster=north";

void ExpectRefused(const absl::StatusOr<int64_t>& decoded) {
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(decoded.status().message(), HasSubstr("page_token"));
}

TEST(PageTokenTest, ATokenDecodesToThePositionItWasIssuedFor) {
  for (const int64_t seq :
       {int64_t{0}, int64_t{1}, int64_t{42}, int64_t{9007199254740993}}) {
    const auto decoded =
        DecodePageToken(EncodePageToken(seq, kFilter, kKey), kFilter, kKey);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, seq);
  }
}

TEST(PageTokenTest, AFingerprintHoldingTheSeparatorRoundTrips) {
  const std::string fingerprint = "a|b|c";
  const auto decoded =
      DecodePageToken(EncodePageToken(7, fingerprint, kKey), fingerprint, kKey);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, 7);
}

TEST(PageTokenTest, TheTokenIsWebSafeBase64) {
  const std::string token = EncodePageToken(123, kFilter, kKey);
  EXPECT_EQ(token.find_first_of("+/ "), std::string::npos) << token;
  std::string raw;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
}

TEST(PageTokenTest, ATokenForOtherFiltersIsRefused) {
  ExpectRefused(DecodePageToken(EncodePageToken(5, kFilter, kKey),
                                "cluster=south", kKey));
}

TEST(PageTokenTest, ATokenSignedUnderAnotherKeyIsRefused) {
  ExpectRefused(
      DecodePageToken(EncodePageToken(5, kFilter, "other-key"), kFilter, kKey));
}

TEST(PageTokenTest, AnEditedPositionIsRefused) {
  std::string raw;
  ASSERT_TRUE(
      absl::WebSafeBase64Unescape(EncodePageToken(5, kFilter, kKey), &raw));
  ASSERT_EQ(raw.substr(0, 4), "v1|5");
  raw[3] = '9';  // The position, keeping the old signature.
  ExpectRefused(DecodePageToken(absl::WebSafeBase64Escape(raw), kFilter, kKey));
}

TEST(PageTokenTest, AFlippedSignatureByteIsRefused) {
  std::string raw;
  ASSERT_TRUE(
      absl::WebSafeBase64Unescape(EncodePageToken(5, kFilter, kKey), &raw));
  raw.back() = static_cast<char>(raw.back() ^ 0x01);
  ExpectRefused(DecodePageToken(absl::WebSafeBase64Escape(raw), kFilter, kKey));
}

TEST(PageTokenTest, NotBase64IsRefused) {
  ExpectRefused(DecodePageToken("not a token!", kFilter, kKey));
}

TEST(PageTokenTest, ATokenTooShortToHoldASignatureIsRefused) {
  ExpectRefused(DecodePageToken("", kFilter, kKey));
  ExpectRefused(
      DecodePageToken(absl::WebSafeBase64Escape("v1|5|x"), kFilter, kKey));
}

TEST(PageLimitTest, NoneAsksForTheDefaultAndTooManyAreCapped) {
  EXPECT_EQ(PageLimit(0), kDefaultPageSize);
  EXPECT_EQ(PageLimit(1), 1);
  EXPECT_EQ(PageLimit(kMaxPageSize), kMaxPageSize);
  EXPECT_EQ(PageLimit(kMaxPageSize + 1), kMaxPageSize);
}

TEST(PagePositionTest, NoTokenIsTheFirstPage) {
  scoring::FieldViolations violations;
  EXPECT_EQ(PagePosition("", kFilter, kKey, &violations), std::nullopt);
  EXPECT_TRUE(violations.empty());
}

TEST(PagePositionTest, AGoodTokenGivesItsPosition) {
  scoring::FieldViolations violations;
  EXPECT_EQ(PagePosition(EncodePageToken(42, kFilter, kKey), kFilter, kKey,
                         &violations),
            42);
  EXPECT_TRUE(violations.empty());
}

TEST(PagePositionTest, ATokenForOtherFiltersIsAViolationOfPageToken) {
  scoring::FieldViolations violations;
  EXPECT_EQ(PagePosition(EncodePageToken(42, "cluster=south", kKey), kFilter,
                         kKey, &violations),
            std::nullopt);
  const absl::Status status = violations.ToStatus("invalid request");
  const auto listed = scoring::FieldViolationsOf(status);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].field, "page_token");
  EXPECT_THAT(listed[0].description, HasSubstr("these filters"));
}

}  // namespace
}  // namespace trustfit::server
