#include "scoring/proto_bytes.h"

#include <string>

#include "gtest/gtest.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

TEST(DeterministicBytesTest, EqualMessagesGiveEqualBytesAndHash) {
  v1::Candidate a;
  a.mutable_identity()->set_urn("108057");
  a.mutable_identity()->set_name("Allerton High School");
  v1::Candidate b;
  b.mutable_identity()->set_name("Allerton High School");
  b.mutable_identity()->set_urn("108057");
  EXPECT_EQ(SerializeDeterministic(a), SerializeDeterministic(b));
  EXPECT_EQ(DeterministicSha256Hex(a), DeterministicSha256Hex(b));
}

TEST(DeterministicBytesTest, TheBytesParseBackToTheMessage) {
  v1::Candidate candidate;
  candidate.mutable_identity()->set_urn("108057");
  v1::Candidate parsed;
  ASSERT_TRUE(parsed.ParseFromString(SerializeDeterministic(candidate)));
  EXPECT_EQ(parsed.identity().urn(), "108057");
}

TEST(DeterministicBytesTest, TheHashIsLowerCaseHexSha256AndTellsMessagesApart) {
  v1::Candidate a;
  a.mutable_identity()->set_urn("108057");
  v1::Candidate b;
  b.mutable_identity()->set_urn("108058");
  const std::string hash = DeterministicSha256Hex(a);
  ASSERT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(hash, DeterministicSha256Hex(b));
}

TEST(DeterministicBytesTest, TheEmptyMessageHashesToSha256OfNothing) {
  EXPECT_EQ(DeterministicSha256Hex(v1::Candidate()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace trustfit::scoring
