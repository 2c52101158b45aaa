// The level of each call's log line: an operator's alerts on warnings and
// errors must fire for the server's and its dependencies' failures, not for
// callers' mistakes.

#include "gtest/gtest.h"
#include "server/ops/observability.h"

namespace trustfit::server {
namespace {

TEST(RpcLogLevel, TheServersOwnFaultsAreErrors) {
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::INTERNAL), spdlog::level::err);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::UNKNOWN), spdlog::level::err);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::DATA_LOSS), spdlog::level::err);
}

TEST(RpcLogLevel, AFailingDependencyOrLimitIsAWarning) {
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::UNAVAILABLE), spdlog::level::warn);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::DEADLINE_EXCEEDED),
            spdlog::level::warn);
  EXPECT_EQ(RpcLogLevel(grpc::StatusCode::RESOURCE_EXHAUSTED),
            spdlog::level::warn);
}

TEST(RpcLogLevel, SuccessAndCallersMistakesAreInfo) {
  for (grpc::StatusCode code :
       {grpc::StatusCode::OK, grpc::StatusCode::INVALID_ARGUMENT,
        grpc::StatusCode::NOT_FOUND, grpc::StatusCode::FAILED_PRECONDITION,
        grpc::StatusCode::PERMISSION_DENIED, grpc::StatusCode::UNAUTHENTICATED,
        grpc::StatusCode::CANCELLED}) {
    EXPECT_EQ(RpcLogLevel(code), spdlog::level::info) << code;
  }
}

}  // namespace
}  // namespace trustfit::server

namespace trustfit::server {
namespace {

TEST(RequestId, AClientsOrdinaryIdIsKept) {
  EXPECT_TRUE(IsUsableRequestId("3f2b9c1e-7a4d-4e8b-9f0a-1c2d3e4f5a6b"));
  EXPECT_TRUE(IsUsableRequestId("Root=1-67891233-abcdef012345678912345678"));
}

TEST(RequestId, AHostileIdIsRefused) {
  EXPECT_FALSE(IsUsableRequestId(""));
  EXPECT_FALSE(IsUsableRequestId("two words"));
  EXPECT_FALSE(IsUsableRequestId("line\nbreak"));
  EXPECT_FALSE(IsUsableRequestId("caf\xc3\xa9"));
  EXPECT_FALSE(IsUsableRequestId(std::string(kMaxRequestIdLength + 1, 'a')));
  EXPECT_TRUE(IsUsableRequestId(std::string(kMaxRequestIdLength, 'a')));
}

TEST(RequestId, ANewIdIs32HexDigitsAndDiffers) {
  const std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_NE(a, NewRequestId());
  EXPECT_TRUE(IsUsableRequestId(a));
}

}  // namespace
}  // namespace trustfit::server
