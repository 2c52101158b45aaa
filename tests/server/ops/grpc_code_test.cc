// Codes are spelt one way in logs and metrics, as Go's gRPC spells them.

#include "server/ops/grpc_code.h"

#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

TEST(GrpcCodeName, SpeltAsGoAndPrometheusDashboardsExpect) {
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::CANCELLED), "Canceled");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::ALREADY_EXISTS), "AlreadyExists");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED),
            "ResourceExhausted");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::UNAUTHENTICATED), "Unauthenticated");
}

TEST(GrpcCodeName, ANumberOutsideTheCodesIsUnknown) {
  EXPECT_EQ(GrpcCodeName(static_cast<grpc::StatusCode>(17)), "Unknown");
  EXPECT_EQ(GrpcCodeName(static_cast<grpc::StatusCode>(-1)), "Unknown");
}

}  // namespace
}  // namespace trustfit::server
