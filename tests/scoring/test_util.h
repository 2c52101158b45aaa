// Test helpers for the scoring library: status matchers, JSON fixtures and
// a builder for a complete, valid candidate.

#ifndef TRUSTFIT_TESTS_SCORING_TEST_UTIL_H_
#define TRUSTFIT_TESTS_SCORING_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "scoring/field_violations.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::testing {

#define TRUSTFIT_ASSERT_OK(expr)                     \
  do {                                               \
    const ::absl::Status status_ = (expr);           \
    ASSERT_TRUE(status_.ok()) << status_.ToString(); \
  } while (false)

// The value of a StatusOr, failing the test when it is an error.
template <typename T>
T ValueOrDie(absl::StatusOr<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return T();
  return *std::move(result);
}

inline std::string SourcePath(const std::string& relative) {
  return std::string(TRUSTFIT_SOURCE_DIR) + "/" + relative;
}

inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

template <typename T>
T ParseJsonOrDie(const std::string& json) {
  T message;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return message;
}

// JSON as the goldens hold it: proto field names, indented.
inline std::string ToGoldenJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  EXPECT_TRUE(
      google::protobuf::util::MessageToJsonString(message, &json, options)
          .ok());
  return json;
}

// A golden candidate (tests/testdata/golden/<name>.candidate.json): real
// schools with every field filled, good starting points to vary one input.
inline trustfit::v1::Candidate GoldenCandidate(const std::string& name) {
  return ParseJsonOrDie<trustfit::v1::Candidate>(ReadFileOrDie(
      SourcePath("tests/testdata/golden/" + name + ".candidate.json")));
}

// The default policy with `edit` applied; the result must be valid.
template <typename Edit>
scoring::Policy EditedPolicy(Edit edit) {
  trustfit::v1::Policy proto = scoring::Policy::Default().proto();
  edit(&proto);
  absl::StatusOr<scoring::Policy> policy =
      scoring::Policy::Create(std::move(proto));
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : scoring::Policy::Default();
}

// Matches an absl::Status carrying a field violation on `field` whose
// description contains `text`.
MATCHER_P2(HasViolation, field, text,
           std::string("has a field violation on ") + field + " mentioning \"" +
               text + "\"") {
  for (const auto& v : scoring::FieldViolationsOf(arg)) {
    if (v.field == field && v.description.find(text) != std::string::npos)
      return true;
  }
  *result_listener << "status: " << arg.ToString();
  return false;
}

MATCHER_P(StatusIs, code, "") {
  *result_listener << "status: " << arg.ToString();
  return arg.code() == code;
}

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SCORING_TEST_UTIL_H_
