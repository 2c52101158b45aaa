// The log line conventions: logfmt text with values quoted only when they
// must be, typed JSON values, one event a line, and no empty fields.

#include "server/ops/logging.h"

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::Time At() {
  return absl::FromCivil(absl::CivilSecond(2026, 12, 3, 7, 0, 0),
                         absl::UTCTimeZone()) +
         absl::Milliseconds(123);
}

TEST(Logfmt, PlainValuesStayBareAndOthersAreQuotedAndEscaped) {
  EXPECT_EQ(LogfmtValue("ScoreCandidate"), "ScoreCandidate");
  EXPECT_EQ(LogfmtValue("café"), "café");
  EXPECT_EQ(LogfmtValue("rpc finished"), "\"rpc finished\"");
  EXPECT_EQ(LogfmtValue("a=b"), "\"a=b\"");
  EXPECT_EQ(LogfmtValue("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(LogfmtValue("C:\\x"), "\"C:\\\\x\"");
  EXPECT_EQ(LogfmtValue(""), "\"\"");
  EXPECT_EQ(LogfmtValue("two\nlines\r\x01"), "\"two\\nlines\\r\\u0001\"");
}

TEST(Logfmt, TheLineIsKeyValueFromTimeToLastField) {
  EXPECT_EQ(
      FormatLogLine(LogFormat::kText, spdlog::level::info, At(), "rpc finished",
                    {{"grpc.service", "trustfit.v1.TrustFitService"},
                     {"grpc.code", "OK"},
                     {"latency_ms", 0.413},
                     {"port", 50051},
                     {"tls", false}}),
      "ts=2026-12-03T07:00:00.123Z level=info msg=\"rpc finished\" "
      "grpc.service=trustfit.v1.TrustFitService grpc.code=OK "
      "latency_ms=0.413 port=50051 tls=false");
}

TEST(Logfmt, AHostileValueCannotBreakTheLine) {
  const std::string line =
      FormatLogLine(LogFormat::kText, spdlog::level::warn, At(), "x",
                    {{"error", "bad\nts=forged level=error"}});
  EXPECT_THAT(line, Not(HasSubstr("\n")));
  EXPECT_THAT(line, HasSubstr("error=\"bad\\nts=forged level=error\""));
}

TEST(LogLines, EmptyFieldsAreLeftOut) {
  for (LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    const std::string line =
        FormatLogLine(format, spdlog::level::info, At(), "rpc finished",
                      {{"grpc.code", "OK"}, {"error", ""}, {"principal", ""}});
    EXPECT_THAT(line, Not(HasSubstr("error"))) << line;
    EXPECT_THAT(line, Not(HasSubstr("principal"))) << line;
    EXPECT_THAT(line, HasSubstr("OK")) << line;
  }
}

TEST(JsonLines, ValuesKeepTheirTypes) {
  const std::string line =
      FormatLogLine(LogFormat::kJson, spdlog::level::info, At(), "rpc finished",
                    {{"grpc.method", "ScoreCandidate"},
                     {"latency_ms", 0.413},
                     {"port", 50051},
                     {"tls", true},
                     {"error", "quote \" and\nnewline"}});
  EXPECT_THAT(line, HasSubstr("\"latency_ms\":0.413"));
  const nlohmann::json event = nlohmann::json::parse(line);
  EXPECT_EQ(event["time"], "2026-12-03T07:00:00.123Z");
  EXPECT_EQ(event["level"], "info");
  EXPECT_EQ(event["msg"], "rpc finished");
  EXPECT_EQ(event["grpc.method"], "ScoreCandidate");
  ASSERT_TRUE(event["latency_ms"].is_number_float());
  EXPECT_DOUBLE_EQ(event["latency_ms"].get<double>(), 0.413);
  ASSERT_TRUE(event["port"].is_number_integer());
  EXPECT_EQ(event["port"].get<int>(), 50051);
  ASSERT_TRUE(event["tls"].is_boolean());
  EXPECT_TRUE(event["tls"].get<bool>());
  EXPECT_EQ(event["error"], "quote \" and\nnewline");
}

TEST(LogLines, BrokenUtf8InAnyValueBecomesAQuestionMark) {
  // A path or a store's error can hold any bytes; the JSON line must still
  // parse, and the text line must stay valid UTF-8 for the shipper.
  const std::string broken = "caf\xc3 \xff\xfe end";
  const nlohmann::json event = nlohmann::json::parse(
      FormatLogLine(LogFormat::kJson, spdlog::level::warn, At(), broken,
                    {{"error", broken}, {"path", "/tmp/\x80"}}));
  EXPECT_EQ(event["msg"], "caf? ?? end");
  EXPECT_EQ(event["error"], "caf? ?? end");
  EXPECT_EQ(event["path"], "/tmp/?");
  EXPECT_EQ(LogfmtValue("/tmp/\x80"), "/tmp/?");
  EXPECT_EQ(JsonQuote("\xc3"), "\"?\"");
}

TEST(JsonLines, ANonFiniteNumberIsNull) {
  const nlohmann::json event = nlohmann::json::parse(
      FormatLogLine(LogFormat::kJson, spdlog::level::info, At(), "x",
                    {{"ratio", std::nan("")}}));
  EXPECT_TRUE(event["ratio"].is_null());
}

}  // namespace
}  // namespace trustfit::server
