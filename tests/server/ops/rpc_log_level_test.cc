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
